import type { WorkflowContext, WorkflowEvent } from '../engine/definition.types';
import { reviewDefinition } from '../engine/testing/definition-fixtures';
import { applyEvent, startWorkflow, type WorkflowPosition } from '../engine/workflow-engine';
import { clearApprovals, mergeFormData, recordApproval } from './actions';
import { workflowGuards } from './guards';
import {
  ACTION_NAMES,
  GUARD_NAMES,
  checkActionParams,
  checkGuardParams,
  createWorkflowMachine,
} from './workflow-registry';

const actor = { id: 'u1', orgUnitId: 'unit-1' };

function context(overrides: Partial<WorkflowContext> = {}): WorkflowContext {
  return {
    data: { title: 'A' },
    origin: { orgUnitId: 'unit-1', jurisdictionKind: 'commune', atTopJurisdiction: false },
    approvals: [],
    ...overrides,
  };
}

function topOrigin(): WorkflowContext['origin'] {
  return { orgUnitId: 'unit-1', jurisdictionKind: 'district', atTopJurisdiction: true };
}

const event = (type: string, data?: WorkflowEvent['data']): WorkflowEvent => ({
  type,
  data,
  actor,
});

describe('registry names', () => {
  it('lists every guard and action a definition may reference', () => {
    expect([...GUARD_NAMES].sort()).toEqual([
      'atTopJurisdiction',
      'belowTopJurisdiction',
      'jurisdictionKindIs',
      'noApprovalsYet',
      'returnTargetIs',
    ]);
    expect([...ACTION_NAMES].sort()).toEqual(['clearApprovals', 'mergeFormData', 'recordApproval']);
  });
});

describe('guards', () => {
  it('atTopJurisdiction and belowTopJurisdiction read the origin', () => {
    const below = { context: context(), event: event('X') };
    const top = { context: context({ origin: topOrigin() }), event: event('X') };
    expect(workflowGuards.atTopJurisdiction(below)).toBe(false);
    expect(workflowGuards.belowTopJurisdiction(below)).toBe(true);
    expect(workflowGuards.atTopJurisdiction(top)).toBe(true);
    expect(workflowGuards.belowTopJurisdiction(top)).toBe(false);
  });

  it('returnTargetIs compares the chosen return state', () => {
    const args = { context: context(), event: event('RETURN', { returnTo: 'draft' }) };
    expect(workflowGuards.returnTargetIs(args, { state: 'draft' })).toBe(true);
    expect(workflowGuards.returnTargetIs(args, { state: 'review' })).toBe(false);
    expect(
      workflowGuards.returnTargetIs(
        { context: context(), event: event('RETURN') },
        { state: 'draft' },
      ),
    ).toBe(false);
  });

  it('noApprovalsYet is false once someone approved', () => {
    expect(workflowGuards.noApprovalsYet({ context: context(), event: event('X') })).toBe(true);
    expect(
      workflowGuards.noApprovalsYet({
        context: context({ approvals: [{ state: 'review', actorId: 'u2' }] }),
        event: event('X'),
      }),
    ).toBe(false);
  });

  it('jurisdictionKindIs matches the origin jurisdiction kind', () => {
    const args = { context: context(), event: event('X') };
    expect(workflowGuards.jurisdictionKindIs(args, { kinds: ['district', 'commune'] })).toBe(true);
    expect(workflowGuards.jurisdictionKindIs(args, { kinds: ['province'] })).toBe(false);
  });
});

describe('action updates', () => {
  it('mergeFormData merges shallowly and drops the returnTo control field', () => {
    const update = mergeFormData({
      context: context({ data: { title: 'A', body: 'old' } }),
      event: event('RETURN', { body: 'new', returnTo: 'draft' }),
    });
    expect(update).toEqual({ data: { title: 'A', body: 'new' } });
  });

  it('mergeFormData keeps the data when the event carries none', () => {
    expect(mergeFormData({ context: context(), event: event('APPROVE') })).toEqual({
      data: { title: 'A' },
    });
  });

  it('recordApproval appends the state and actor', () => {
    const update = recordApproval(
      { context: context({ approvals: [{ state: 'a', actorId: 'u0' }] }), event: event('APPROVE') },
      { state: 'b' },
    );
    expect(update).toEqual({
      approvals: [
        { state: 'a', actorId: 'u0' },
        { state: 'b', actorId: 'u1' },
      ],
    });
  });

  it('recordApproval changes nothing for an event without an actor (xstate.init)', () => {
    const init = { type: 'xstate.init' } as unknown as WorkflowEvent;
    expect(recordApproval({ context: context(), event: init }, { state: 'b' })).toEqual({});
  });

  it('clearApprovals empties the approvals', () => {
    expect(clearApprovals()).toEqual({ approvals: [] });
  });
});

describe('params checks', () => {
  const scope = { stateNames: ['draft', 'review'], unitKinds: ['commune', 'district'] };

  it('returnTargetIs needs an existing state', () => {
    expect(checkGuardParams('returnTargetIs', { state: 'draft' }, scope)).toEqual([]);
    expect(checkGuardParams('returnTargetIs', { state: 'gone' }, scope)).toEqual([
      {
        path: '/state',
        message: { vi: 'trạng thái "gone" không tồn tại', en: 'unknown state "gone"' },
      },
    ]);
    expect(checkGuardParams('returnTargetIs', undefined, scope)).toHaveLength(1);
  });

  it('jurisdictionKindIs needs known kinds', () => {
    expect(checkGuardParams('jurisdictionKindIs', { kinds: ['commune'] }, scope)).toEqual([]);
    expect(checkGuardParams('jurisdictionKindIs', { kinds: ['commune', 'planet'] }, scope)).toEqual(
      [
        {
          path: '/kinds/1',
          message: { vi: 'loại đơn vị "planet" không tồn tại', en: 'unknown unit kind "planet"' },
        },
      ],
    );
  });

  it('recordApproval needs an existing state', () => {
    expect(checkActionParams('recordApproval', { state: 'review' }, scope)).toEqual([]);
    expect(checkActionParams('recordApproval', {}, scope)).toHaveLength(1);
  });
});

describe('guards inside a built machine', () => {
  const definition = reviewDefinition();
  const machine = createWorkflowMachine(definition);

  function send(position: WorkflowPosition, sent: WorkflowEvent): WorkflowPosition {
    const result = applyEvent(machine, definition, position.snapshot, sent);
    if (result.kind !== 'applied') {
      throw new Error(`${sent.type} not allowed`);
    }
    return result;
  }

  function atBoardReview(): WorkflowPosition {
    const start = startWorkflow(machine, context().origin, {});
    const inCommune = send(start, event('SUBMIT', { summary: 'Nội dung' }));
    return send(inCommune, event('APPROVE'));
  }

  it('RETURN goes to the earlier state the reviewer chose', () => {
    const result = send(atBoardReview(), event('RETURN', { returnTo: 'communeReview' }));
    expect(result.state).toBe('communeReview');
    expect(result.context.data).not.toHaveProperty('returnTo');
    // The commune approval stands when only the board asks for changes at the commune step.
    expect(result.context.approvals).toHaveLength(1);
  });

  it('RETURN without a choice takes the default branch back to the draft', () => {
    const result = send(atBoardReview(), event('RETURN', {}));
    expect(result.state).toBe('draft');
    expect(result.context.approvals).toEqual([]);
  });

  it('RETURN naming a state no branch handles also takes the default', () => {
    const result = send(atBoardReview(), event('RETURN', { returnTo: 'committeeReview' }));
    expect(result.state).toBe('draft');
  });
});
