import { DomainError } from '../../common/errors/domain-error';
import { createWorkflowMachine } from '../registry/workflow-registry';
import {
  type ActorFacts,
  actionsFor,
  type InstanceFacts,
  planCommand,
  type RunnableDefinition,
} from './command-planner';
import { reviewDefinition } from './testing/definition-fixtures';
import { directoryOf, districtUnits } from './testing/org-fixtures';
import { applyEvent, startWorkflow } from './workflow-engine';
import { weekdaysOnlyCalendar } from '../calendar/working-calendar';

const directory = directoryOf(districtUnits());
const now = new Date('2026-01-05T08:00:00Z');
const document = reviewDefinition();
const definition: RunnableDefinition = {
  cacheKey: 'regulation-review@planner-test',
  document,
  machine: createWorkflowMachine(document),
};

/** An instance of `xa-a` waiting for the commune committee. */
function waitingForCommune(): InstanceFacts {
  const origin = { orgUnitId: 'xa-a.mttq', jurisdictionKind: 'commune', atTopJurisdiction: false };
  const started = startWorkflow(definition.machine, origin, {});
  const submitted = applyEvent(definition.machine, document, started.snapshot, {
    type: 'SUBMIT',
    data: { summary: 'Nội dung rà soát quy chế' },
    actor: { id: 'u-drafter', orgUnitId: 'xa-a.mttq' },
  });
  if (submitted.kind !== 'applied') throw new Error('SUBMIT refused');
  return { orgUnitId: 'xa-a.mttq', status: submitted.status, snapshot: submitted.snapshot };
}

const approverOfB: ActorFacts = {
  id: 'u-b',
  orgUnitId: 'xa-b.dang-uy',
  capabilities: ['approver'],
};
const approverOfA = { id: 'u-a', orgUnitId: 'xa-a.dang-uy', capabilities: ['approver'] };

describe('planCommand with delegations (ủy quyền)', () => {
  it('lets an actor in their own right act, with nobody on whose behalf', () => {
    const plan = planCommand(
      definition,
      waitingForCommune(),
      approverOfA,
      { type: 'APPROVE' },
      directory,
      now,
      weekdaysOnlyCalendar(),
    );
    expect(plan.onBehalfOfId).toBeNull();
    expect(plan.applied.state).toBe('boardReview');
  });

  it('refuses another commune’s approver', () => {
    expect(() =>
      planCommand(
        definition,
        waitingForCommune(),
        approverOfB,
        { type: 'APPROVE' },
        directory,
        now,
        weekdaysOnlyCalendar(),
      ),
    ).toThrow(DomainError);
    expect(actionsFor(definition, waitingForCommune(), approverOfB, directory)).toEqual([]);
  });

  it('lets a delegate act as the delegator and names the delegator', () => {
    const delegate: ActorFacts = { ...approverOfB, delegations: [approverOfA] };
    expect(actionsFor(definition, waitingForCommune(), delegate, directory)).toEqual(
      expect.arrayContaining(['APPROVE', 'RETURN']),
    );
    const plan = planCommand(
      definition,
      waitingForCommune(),
      delegate,
      { type: 'APPROVE' },
      directory,
      now,
      weekdaysOnlyCalendar(),
    );
    expect(plan.onBehalfOfId).toBe('u-a');
  });

  it('does not lend a capability the delegator lacks', () => {
    const delegate: ActorFacts = {
      ...approverOfB,
      delegations: [{ id: 'u-a-drafter', orgUnitId: 'xa-a.dang-uy', capabilities: ['drafter'] }],
    };
    expect(() =>
      planCommand(
        definition,
        waitingForCommune(),
        delegate,
        { type: 'APPROVE' },
        directory,
        now,
        weekdaysOnlyCalendar(),
      ),
    ).toThrow(/not assigned/);
  });
});
