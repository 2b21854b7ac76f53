import { createWorkflowMachine } from '../registry/workflow-registry';
import { type InstanceFacts, type RunnableDefinition } from './command-planner';
import { planMigration } from './instance-migration';
import { reviewDefinition } from './testing/definition-fixtures';
import { directoryOf, districtUnits } from './testing/org-fixtures';
import { applyEvent, startWorkflow } from './workflow-engine';
import { weekdaysOnlyCalendar } from '../calendar/working-calendar';

const directory = directoryOf(districtUnits());
const now = new Date('2026-01-05T08:00:00Z');

function runnable(document = reviewDefinition()): RunnableDefinition {
  return { cacheKey: `${document.key}@test`, document, machine: createWorkflowMachine(document) };
}

const source = runnable();
const drafter = { id: 'u-drafter', orgUnitId: 'xa-a.mttq' };

/** An instance of `xa-a` waiting for the commune committee, with a summary and no approvals. */
function waitingForCommune(): InstanceFacts {
  const origin = { orgUnitId: 'xa-a.mttq', jurisdictionKind: 'commune', atTopJurisdiction: false };
  const started = startWorkflow(source.machine, origin, { title: 'Quy chế' });
  const submitted = applyEvent(source.machine, source.document, started.snapshot, {
    type: 'SUBMIT',
    data: { summary: 'Nội dung rà soát' },
    actor: drafter,
  });
  if (submitted.kind !== 'applied') throw new Error('SUBMIT refused');
  return { orgUnitId: 'xa-a.mttq', status: submitted.status, snapshot: submitted.snapshot };
}

describe('planMigration', () => {
  it('places the instance in the mapped state, keeps its context and plans the new task', () => {
    const instance = waitingForCommune();
    const decision = planMigration(
      instance,
      source,
      { communeReview: 'boardReview' },
      directory,
      now,
      weekdaysOnlyCalendar(),
    );
    expect(decision).toEqual(
      expect.objectContaining({ kind: 'move', fromState: 'communeReview', toState: 'boardReview' }),
    );
    if (decision.kind !== 'move') return;
    expect(decision.position.state).toBe('boardReview');
    expect(decision.position.status).toBe('active');
    expect(decision.position.context).toEqual(instance.snapshot.context);
    expect(decision.task).toEqual(
      expect.objectContaining({ state: 'boardReview', assigneeUnitId: 'dan-van' }),
    );
  });

  it.each([
    ['unmapped-state', { draft: 'draft' }],
    ['unknown-target-state', { communeReview: 'archive' }],
    ['final-target-state', { communeReview: 'promulgated' }],
  ])('blocks with %s', (reason, mapping) => {
    expect(
      planMigration(waitingForCommune(), source, mapping, directory, now, weekdaysOnlyCalendar()),
    ).toEqual(expect.objectContaining({ kind: 'blocked', reason }));
  });

  it('blocks an instance that is no longer active', () => {
    const instance = { ...waitingForCommune(), status: 'completed' as const };
    const decision = planMigration(
      instance,
      source,
      { communeReview: 'draft' },
      directory,
      now,
      weekdaysOnlyCalendar(),
    );
    expect(decision).toEqual(expect.objectContaining({ kind: 'blocked', reason: 'not-active' }));
  });

  it('blocks a state nobody in the organisation could act in', () => {
    const document = reviewDefinition();
    document.states.boardReview.assignment = {
      unit: { relation: 'jurisdiction', kind: 'department' },
    };
    const decision = planMigration(
      waitingForCommune(),
      runnable(document),
      { communeReview: 'boardReview' },
      directory,
      now,
      weekdaysOnlyCalendar(),
    );
    expect(decision).toEqual(expect.objectContaining({ kind: 'blocked', reason: 'unassignable' }));
  });

  it('does not take a mapping from the object prototype', () => {
    const instance = waitingForCommune();
    const decision = planMigration(
      instance,
      source,
      Object.create({ communeReview: 'draft' }) as Record<string, string>,
      directory,
      now,
      weekdaysOnlyCalendar(),
    );
    expect(decision).toEqual(expect.objectContaining({ reason: 'unmapped-state' }));
  });
});
