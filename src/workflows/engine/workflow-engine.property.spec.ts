import fc from 'fast-check';
import { createWorkflowMachine } from '../registry/workflow-registry';
import type { WorkflowEvent } from './definition.types';
import { reviewDefinition } from './testing/definition-fixtures';
import {
  allowedEventTypes,
  applyEvent,
  startWorkflow,
  statusForState,
  type PersistedWorkflowSnapshot,
} from './workflow-engine';
import { type JsonObject } from '../../common/json/json.types';

/** Fixed by default so CI sees the same sequences every run; `PROPERTY_SEED=<n>` explores another. */
const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_130);

const definition = reviewDefinition();
const machine = createWorkflowMachine(definition);
const stateNames = Object.keys(definition.machine.states);

const eventTypeArb = fc.constantFrom(...Object.keys(definition.events), 'DANCE', 'xstate.init');
const jsonLeafArb = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
const dataArb: fc.Arbitrary<JsonObject | undefined> = fc.option(
  fc.record(
    {
      returnTo: fc.oneof(fc.constantFrom(...stateNames), fc.string(), fc.integer()),
      summary: fc.string(),
      extra: fc.dictionary(fc.string(), jsonLeafArb, { maxKeys: 3 }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const eventArb: fc.Arbitrary<WorkflowEvent> = fc.record({
  type: eventTypeArb,
  data: dataArb,
  actor: fc.record({ id: fc.string({ minLength: 1 }), orgUnitId: fc.string() }),
});
const originArb = fc.record({
  orgUnitId: fc.string(),
  jurisdictionKind: fc.constantFrom('province', 'district', 'commune'),
  atTopJurisdiction: fc.boolean(),
});

describe('workflow engine under random event sequences', () => {
  it('never throws, keeps the snapshot plain JSON and applies exactly the allowed events', () => {
    fc.assert(
      fc.property(originArb, fc.array(eventArb, { maxLength: 25 }), (origin, events) => {
        let snapshot: PersistedWorkflowSnapshot = startWorkflow(machine, origin, {}).snapshot;
        for (const event of events) {
          const allowedBefore = allowedEventTypes(machine, definition, snapshot, event.actor);
          const result = applyEvent(machine, definition, snapshot, event);

          // Every guard of this definition that reads data has a default branch, so what the
          // empty-data probe allows is exactly what applies.
          expect(result.kind === 'applied').toBe(allowedBefore.includes(event.type));
          if (result.kind === 'not-allowed') {
            expect(result.allowedEvents).toEqual(allowedBefore);
            continue;
          }
          expect(stateNames).toContain(result.state);
          expect(result.status).toBe(statusForState(definition, result.state));
          expect(JSON.parse(JSON.stringify(result.snapshot))).toEqual(result.snapshot);
          expect(result.context.data).not.toHaveProperty('returnTo');
          // The stored form is what the next command starts from.
          snapshot = JSON.parse(JSON.stringify(result.snapshot)) as PersistedWorkflowSnapshot;
        }
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});
