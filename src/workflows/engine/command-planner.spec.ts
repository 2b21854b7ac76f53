import { DomainError } from '../../common/errors/domain-error';
import { createWorkflowMachine } from '../registry/workflow-registry';
import {
  type ActorFacts,
  actionsFor,
  checkInitialData,
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

describe('four eyes (actorDistinctFrom)', () => {
  const fourEyesDocument = reviewDefinition();
  fourEyesDocument.states.communeReview.actorDistinctFrom = ['draft'];
  const fourEyes: RunnableDefinition = {
    cacheKey: 'regulation-review@four-eyes-test',
    document: fourEyesDocument,
    machine: createWorkflowMachine(fourEyesDocument),
  };
  /** The drafter also holds the approver capability in the commune committee (a double role). */
  const drafterWhoApproves: ActorFacts = {
    id: 'u-drafter',
    orgUnitId: 'xa-a.dang-uy',
    capabilities: ['drafter', 'approver'],
  };
  const submitted = (): InstanceFacts => ({
    ...waitingForCommune(),
    stepActors: { draft: ['u-drafter'] },
  });
  const approve = (actor: ActorFacts, instance = submitted()) =>
    planCommand(
      fourEyes,
      instance,
      actor,
      { type: 'APPROVE' },
      directory,
      now,
      weekdaysOnlyCalendar(),
    );

  it('lets anyone else approve', () => {
    expect(approve(approverOfA).applied.state).toBe('boardReview');
  });

  it('refuses the drafter approving their own submission, with a clear 403 error', () => {
    expect(() => approve(drafterWhoApproves)).toThrow(/Four eyes/);
    try {
      approve(drafterWhoApproves);
    } catch (error) {
      expect((error as DomainError).code).toBe('forbidden');
      expect((error as DomainError).details?.[0]).toMatchObject({ path: '/type', step: 'draft' });
    }
    expect(actionsFor(fourEyes, submitted(), drafterWhoApproves, directory)).not.toContain(
      'APPROVE',
    );
  });

  it('holds through delegations: the delegate and the delegator are both checked', () => {
    // The approver delegated to the drafter: the drafter acting as the approver is still refused.
    const drafterAsApprover: ActorFacts = {
      id: 'u-drafter',
      orgUnitId: 'xa-a.mttq',
      capabilities: ['drafter'],
      delegations: [approverOfA],
    };
    expect(() => approve(drafterAsApprover)).toThrow(/Four eyes/);
    // Only their own WITHDRAW is left to them.
    expect(actionsFor(fourEyes, submitted(), drafterAsApprover, directory)).toEqual(['WITHDRAW']);
    // Someone acting for the drafter (who holds the approver capability) is refused too.
    const forTheDrafter: ActorFacts = { ...approverOfB, delegations: [drafterWhoApproves] };
    expect(() => approve(forTheDrafter)).toThrow(/Four eyes/);
    // Whoever acted for the drafter in the draft step counts as having drafted.
    const draftedByDelegate = { ...waitingForCommune(), stepActors: { draft: ['u-b', 'u-x'] } };
    expect(() => approve({ ...approverOfA, id: 'u-x' }, draftedByDelegate)).toThrow(/Four eyes/);
  });

  it('does not restrict an event with its own assignment (the drafter withdraws)', () => {
    const drafter: ActorFacts = {
      id: 'u-drafter',
      orgUnitId: 'xa-a.mttq',
      capabilities: ['drafter'],
    };
    // WITHDRAW carries its own assignment (the drafting unit) in the fixture.
    const plan = planCommand(
      fourEyes,
      submitted(),
      drafter,
      { type: 'WITHDRAW' },
      directory,
      now,
      weekdaysOnlyCalendar(),
    );
    expect(plan.applied.state).toBe('withdrawn');
  });

  it('needs the step actors: planning without them is a programming error, not a pass', () => {
    expect(() => approve(approverOfA, waitingForCommune())).toThrow(/need stepActors/);
  });
});

describe('form data checked as the record it produces', () => {
  const drafter: ActorFacts = {
    id: 'u-drafter',
    orgUnitId: 'xa-a.mttq',
    capabilities: ['drafter'],
  };
  function created(data: Record<string, string>): InstanceFacts {
    const origin = {
      orgUnitId: 'xa-a.mttq',
      jurisdictionKind: 'commune',
      atTopJurisdiction: false,
    };
    const started = startWorkflow(definition.machine, origin, data);
    return { orgUnitId: 'xa-a.mttq', status: started.status, snapshot: started.snapshot };
  }
  const submit = (instance: InstanceFacts, data: Record<string, string>) =>
    planCommand(
      definition,
      instance,
      drafter,
      { type: 'SUBMIT', data },
      directory,
      now,
      weekdaysOnlyCalendar(),
    );

  it('counts fields already in the record, and refuses invalid ones left there', () => {
    const plan = submit(created({ summary: 'Nội dung đã nhập khi tạo hồ sơ' }), {});
    expect(plan.applied.context.data.summary).toBe('Nội dung đã nhập khi tạo hồ sơ');
    expect(() =>
      submit(created({ effectiveDate: 'not a date' }), { summary: 'Đủ mười ký tự' }),
    ).toThrow(
      expect.objectContaining({
        code: 'form-invalid',
        details: [expect.objectContaining({ path: '/effectiveDate' })],
      }),
    );
  });

  it('checks creation data against the first form: well formed, possibly incomplete', () => {
    expect(() => checkInitialData(definition, {})).not.toThrow();
    expect(() => checkInitialData(definition, { effectiveDate: '2026-07-01' })).not.toThrow();
    expect(() => checkInitialData(definition, { summary: 42 })).toThrow(
      expect.objectContaining({
        code: 'form-invalid',
        details: [expect.objectContaining({ path: '/summary', keyword: 'type' })],
      }),
    );
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
    planCommand(
      runnable,
      waitingForCommune(),
      approverOfA,
      command,
      directory,
      now,
      weekdaysOnlyCalendar(),
    );

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
      planCommand(
        definition,
        waitingForCommune(),
        approverOfA,
        { type: 'RETURN' },
        directory,
        now,
        weekdaysOnlyCalendar(),
      ),
    ).toThrow('A comment is required');
  });
});
