import type { WorkflowContext, WorkflowEvent } from '../engine/definition.types';
import { type JsonObject } from '../../common/json/json.types';

// Control fields steer routing (see the `returnTargetIs` guard) and are not part of the document.
const CONTROL_FIELDS: ReadonlySet<string> = new Set(['returnTo']);

interface ActionArgs {
  context: WorkflowContext;
  event: WorkflowEvent;
}

function formDataOf(data: unknown): JsonObject {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {};
  }
  const result: JsonObject = {};
  for (const [field, value] of Object.entries(data as JsonObject)) {
    if (!CONTROL_FIELDS.has(field)) {
      result[field] = value;
    }
  }
  return result;
}

// Actions also run on xstate's own `xstate.init` event (entry of the initial state), which has no
// actor, so the actor is read defensively rather than trusted from the static type.
function actorIdOf(event: WorkflowEvent): string | undefined {
  const actor: unknown = (event as { actor?: unknown }).actor;
  if (typeof actor !== 'object' || actor === null) {
    return undefined;
  }
  const id: unknown = (actor as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/*
 * The context updates behind the named actions. The registry wraps each in xstate's `assign` so the
 * pure `transition()` applies them; keeping them as plain functions lets them be tested alone.
 */

export function mergeFormData({ context, event }: ActionArgs): Pick<WorkflowContext, 'data'> {
  return { data: mergeDocument(context.data, event.data) };
}

/** The document after an event's form data is merged into it: what `mergeFormData` assigns. */
export function mergeDocument(document: JsonObject, data: unknown): JsonObject {
  return { ...document, ...formDataOf(data) };
}

export function recordApproval(
  { context, event }: ActionArgs,
  params: { state: string },
): Partial<Pick<WorkflowContext, 'approvals'>> {
  const actorId = actorIdOf(event);
  if (actorId === undefined) {
    return {};
  }
  return { approvals: [...context.approvals, { state: params.state, actorId }] };
}

export function clearApprovals(): Pick<WorkflowContext, 'approvals'> {
  return { approvals: [] };
}
