import { createWorkflowMachine } from '../registry/workflow-registry';
import type { WorkflowEvent } from './definition.types';
import { InvalidSnapshotError } from './engine.errors';
import { reviewDefinition } from './testing/definition-fixtures';
import {
  allowedEventTypes,
  applyEvent,
  startWorkflow,
  statusForState,
  type AppliedEvent,
  type PersistedWorkflowSnapshot,
  type WorkflowPosition,
} from './workflow-engine';
import { type JsonObject } from '../../common/json/json.types';

const definition = reviewDefinition();
const machine = createWorkflowMachine(definition);

const communeOrigin = {
  orgUnitId: 'xa-a.mttq',
  jurisdictionKind: 'commune',
  atTopJurisdiction: false,
};
const districtOrigin = {
  orgUnitId: 'mttq-huyen',
  jurisdictionKind: 'district',
  atTopJurisdiction: true,
};

const drafter = { id: 'user-drafter', orgUnitId: 'xa-a.mttq' };
const reviewer = { id: 'user-reviewer', orgUnitId: 'xa-a.dang-uy' };

function event(type: string, data?: JsonObject, actor = reviewer): WorkflowEvent {
  return { type, data, actor };
}

function apply(
  position: { snapshot: PersistedWorkflowSnapshot },
  next: WorkflowEvent,
): AppliedEvent {
  const result = applyEvent(machine, definition, position.snapshot, next);
  if (result.kind !== 'applied') {
    throw new Error(`${next.type} was not allowed; allowed: ${result.allowedEvents.join(', ')}`);
  }
  return result;
}

/** The stored round trip: what PostgreSQL jsonb hands back. */
function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function submitted(): AppliedEvent {
  const started = startWorkflow(machine, communeOrigin, { title: 'Quy chế' });
  return apply(started, event('SUBMIT', { summary: 'Nội dung rà soát' }, drafter));
}

describe('startWorkflow', () => {
  it('starts active in the initial state with the context from origin and data', () => {
    const started = startWorkflow(machine, communeOrigin, { title: 'Quy chế' });
    expect(started.state).toBe('draft');
    expect(started.status).toBe('active');
    expect(started.context).toEqual({
      data: { title: 'Quy chế' },
      origin: communeOrigin,
      approvals: [],
    });
  });

  it('returns a snapshot that is plain JSON and survives a round trip unchanged', () => {
    const started = startWorkflow(machine, communeOrigin, { title: 'Quy chế' });
    expect(viaJson(started.snapshot)).toEqual(started.snapshot);
    expect(started.snapshot).toMatchObject({ value: 'draft', status: 'active' });
  });

  it('does not share the caller data object with the snapshot', () => {
    const data: JsonObject = { title: 'Quy chế' };
    const started = startWorkflow(machine, communeOrigin, data);
    data.title = 'changed';
    expect(started.context.data.title).toBe('Quy chế');
  });
});

describe('applyEvent', () => {
  it('applies an allowed event, merges the form data and names the state left', () => {
    const result = submitted();
    expect(result).toMatchObject({
      kind: 'applied',
      fromState: 'draft',
      state: 'communeReview',
      status: 'active',
    });
    expect(result.context.data).toEqual({ title: 'Quy chế', summary: 'Nội dung rà soát' });
    expect(result.snapshot.value).toBe('communeReview');
  });

  it('routes a drafter at the top jurisdiction straight to the board', () => {
    const started = startWorkflow(machine, districtOrigin, {});
    const result = apply(started, event('SUBMIT', { summary: 'x' }, drafter));
    expect(result.state).toBe('boardReview');
  });

  it('works from a snapshot that went through JSON', () => {
    const result = apply(viaJson(submitted()), event('APPROVE'));
    expect(result.state).toBe('boardReview');
    expect(result.context.approvals).toEqual([{ state: 'communeReview', actorId: reviewer.id }]);
  });

  it('refuses an event the state does not handle, listing the allowed ones', () => {
    const started = startWorkflow(machine, communeOrigin, {});
    expect(applyEvent(machine, definition, started.snapshot, event('APPROVE'))).toEqual({
      kind: 'not-allowed',
      allowedEvents: ['SUBMIT'],
    });
  });

  it('refuses an unknown event type', () => {
    const started = startWorkflow(machine, communeOrigin, {});
    const result = applyEvent(machine, definition, started.snapshot, event('DANCE'));
    expect(result).toEqual({ kind: 'not-allowed', allowedEvents: ['SUBMIT'] });
  });

  it('refuses an event whose every guarded branch refuses', () => {
    const approved = apply(submitted(), event('APPROVE'));
    const result = applyEvent(
      machine,
      definition,
      approved.snapshot,
      event('WITHDRAW', {}, drafter),
    );
    expect(result).toEqual({ kind: 'not-allowed', allowedEvents: ['APPROVE', 'RETURN'] });
  });

  it('lets the drafter withdraw before the first approval, ending cancelled', () => {
    const result = apply(submitted(), event('WITHDRAW', {}, drafter));
    expect(result).toMatchObject({
      state: 'withdrawn',
      status: 'cancelled',
      fromState: 'communeReview',
    });
    expect(result.snapshot.status).toBe('done');
  });

  it('completes after the last approval, with every approval recorded in order', () => {
    let position: AppliedEvent = submitted();
    position = apply(position, event('APPROVE', {}, { id: 'a1', orgUnitId: 'xa-a.dang-uy' }));
    position = apply(position, event('APPROVE', {}, { id: 'a2', orgUnitId: 'dan-van' }));
    position = apply(position, event('APPROVE', {}, { id: 'a3', orgUnitId: 'btv' }));
    expect(position).toMatchObject({ state: 'promulgated', status: 'completed' });
    expect(position.context.approvals).toEqual([
      { state: 'communeReview', actorId: 'a1' },
      { state: 'boardReview', actorId: 'a2' },
      { state: 'committeeReview', actorId: 'a3' },
    ]);
  });

  it('refuses every event once final', () => {
    const withdrawn = apply(submitted(), event('WITHDRAW', {}, drafter));
    expect(
      applyEvent(machine, definition, withdrawn.snapshot, event('SUBMIT', {}, drafter)),
    ).toEqual({
      kind: 'not-allowed',
      allowedEvents: [],
    });
  });

  it('does not change the snapshot it was given', () => {
    const before = submitted();
    const copy = viaJson(before.snapshot);
    apply(before, event('APPROVE'));
    expect(before.snapshot).toEqual(copy);
  });

  it('keeps instances of one machine apart when their events interleave', () => {
    // One inert actor scope per machine serves every call: nothing of one instance may stay in it.
    const a = submitted();
    const b = apply(
      startWorkflow(machine, districtOrigin, { title: 'Khác' }),
      event('SUBMIT', {}, drafter),
    );
    const a1 = apply(a, event('APPROVE', {}, { id: 'a1', orgUnitId: 'xa-a.dang-uy' }));
    const b1 = apply(b, event('APPROVE', {}, { id: 'b1', orgUnitId: 'dan-van' }));
    const a2 = apply(a1, event('APPROVE', {}, { id: 'a2', orgUnitId: 'dan-van' }));
    expect(a2.context.approvals.map((x) => x.actorId)).toEqual(['a1', 'a2']);
    expect(b1.context.approvals.map((x) => x.actorId)).toEqual(['b1']);
    expect(b1.context.origin).toEqual(districtOrigin);
    expect(a2.context.data).toEqual(a.context.data);
  });

  it('rejects a snapshot naming a state the machine does not have', () => {
    const corrupt = { ...submitted().snapshot, value: 'nowhere' };
    expect(() => applyEvent(machine, definition, corrupt, event('APPROVE'))).toThrow(
      InvalidSnapshotError,
    );
  });
});

describe('allowedEventTypes', () => {
  const allowed = (position: WorkflowPosition): string[] =>
    allowedEventTypes(machine, definition, position.snapshot, reviewer);

  it('lists the events of the current state that some branch accepts', () => {
    expect(allowed(startWorkflow(machine, communeOrigin, {}))).toEqual(['SUBMIT']);
    expect(allowed(submitted())).toEqual(['APPROVE', 'RETURN', 'WITHDRAW']);
  });

  it('drops an event whose guard refuses now', () => {
    expect(allowed(apply(submitted(), event('APPROVE')))).toEqual(['APPROVE', 'RETURN']);
  });

  it('is empty in a final state', () => {
    expect(allowed(apply(submitted(), event('WITHDRAW', {}, drafter)))).toEqual([]);
  });
});

describe('statusForState', () => {
  it('maps states to instance statuses', () => {
    expect(statusForState(definition, 'boardReview')).toBe('active');
    expect(statusForState(definition, 'promulgated')).toBe('completed');
    expect(statusForState(definition, 'withdrawn')).toBe('cancelled');
  });
});
