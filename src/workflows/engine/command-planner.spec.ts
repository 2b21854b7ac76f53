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
    );
    expect(plan.onBehalfOfId).toBe('u-a');
  });

  it('does not lend a capability the delegator lacks', () => {
    const delegate: ActorFacts = {
      ...approverOfB,
      delegations: [{ id: 'u-a-drafter', orgUnitId: 'xa-a.dang-uy', capabilities: ['drafter'] }],
    };
    expect(() =>
      planCommand(definition, waitingForCommune(), delegate, { type: 'APPROVE' }, directory, now),
    ).toThrow(/not assigned/);
  });
});

describe('planCommand: a required opinion', () => {
  // RETURN whose form carries the opinion field: the one box the official types in.
  const withOpinionField = reviewDefinition();
  withOpinionField.events.RETURN.form = {
    type: 'object',
    properties: {
      returnTo: { type: 'string', enum: ['draft', 'communeReview'] },
      reason: { type: 'string', 'x-opinion': true },
    },
    additionalProperties: false,
  };
  const runnable: RunnableDefinition = {
    cacheKey: 'regulation-review@planner-opinion-test',
    document: withOpinionField,
    machine: createWorkflowMachine(withOpinionField),
  };
  const plan = (command: { type: string; data?: Record<string, string>; comment?: string }) =>
    planCommand(runnable, waitingForCommune(), approverOfA, command, directory, now);

  it('is met by the comment or by the form’s opinion field', () => {
    expect(plan({ type: 'RETURN', comment: 'Bổ sung biên bản' }).applied.state).toBe('draft');
    expect(plan({ type: 'RETURN', data: { reason: 'Bổ sung biên bản' } }).applied.state).toBe(
      'draft',
    );
  });

  it('is refused when both are blank, at the opinion field', () => {
    let refusal: unknown;
    try {
      plan({ type: 'RETURN', data: { reason: '  ' }, comment: ' ' });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).details).toEqual([
      expect.objectContaining({ path: '/reason' }),
    ]);
  });

  it('asks for the comment when the form has no opinion field', () => {
    expect(() =>
      planCommand(definition, waitingForCommune(), approverOfA, { type: 'RETURN' }, directory, now),
    ).toThrow('A comment is required');
  });
});
