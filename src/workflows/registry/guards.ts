import type { WorkflowContext, WorkflowEvent } from '../engine/definition.types';

interface GuardArgs {
  context: WorkflowContext;
  event: WorkflowEvent;
}

// Event data arrives from JSON and may be absent (xstate's own `xstate.init` carries none), so
// guards read it as an untrusted record.
function eventData(event: WorkflowEvent): Record<string, unknown> {
  const data: unknown = event.data;
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : {};
}

/** Named guards a definition may reference; params arrive from JSON and are checked by the validator. */
export const workflowGuards = {
  atTopJurisdiction: ({ context }: GuardArgs): boolean => context.origin.atTopJurisdiction,

  belowTopJurisdiction: ({ context }: GuardArgs): boolean => !context.origin.atTopJurisdiction,

  returnTargetIs: ({ event }: GuardArgs, params: { state: string }): boolean =>
    eventData(event).returnTo === params.state,

  noApprovalsYet: ({ context }: GuardArgs): boolean => context.approvals.length === 0,

  jurisdictionKindIs: ({ context }: GuardArgs, params: { kinds: string[] }): boolean =>
    params.kinds.includes(context.origin.jurisdictionKind),
};
