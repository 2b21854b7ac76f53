import { DomainError } from '../../common/errors/domain-error';
import { validateForm } from '../../forms/form-validator';
import { type WorkflowMachine } from '../registry/workflow-registry';
import { isAssignee, resolveAssignedUnit } from './assignment-resolver';
import {
  type Assignment,
  type JsonObject,
  type WorkflowDefinitionDocument,
} from './definition.types';
import { type OrgDirectory } from './org-directory';
import { type WorkingCalendar, dueAtFor, reminderAtFor } from '../calendar/working-calendar';
import {
  type AppliedEvent,
  applyEvent,
  allowedEventTypes,
  type PersistedWorkflowSnapshot,
} from './workflow-engine';
import { ownEntry } from './own-entry';

/** A published definition ready to run: its document, its machine and a stable cache key. */
export interface RunnableDefinition {
  cacheKey: string;
  document: WorkflowDefinitionDocument;
  machine: WorkflowMachine;
}

/** A user whose tasks the actor holds by delegation (ủy quyền) now: their unit and capabilities. */
export interface DelegatorFacts {
  id: string;
  orgUnitId: string;
  capabilities: readonly string[];
}

export interface ActorFacts {
  id: string;
  orgUnitId: string;
  capabilities: readonly string[];
  /** Delegations in force for the actor; they may act wherever one of these users may. */
  delegations?: readonly DelegatorFacts[];
}

export interface InstanceFacts {
  orgUnitId: string;
  status: 'active' | 'completed' | 'cancelled';
  snapshot: PersistedWorkflowSnapshot;
}

export interface CommandFacts {
  type: string;
  data?: JsonObject | null;
  comment?: string | null;
}

/** Who must act in the state the instance enters, and by when. */
export interface PlannedTask {
  state: string;
  assigneeUnitId: string;
  capability: string | null;
  dueAt: Date | null;
  /** When to remind the assignees; null without a deadline. */
  remindAt: Date | null;
}

export interface CommandPlan {
  applied: AppliedEvent;
  task: PlannedTask | null;
  /** The delegator the actor acts for, or null when the actor is assigned in their own right. */
  onBehalfOfId: string | null;
}

/**
 * Decides a command without touching any store: is the event allowed now, is the actor the
 * assignee, does the form hold, where does the machine go and who acts next. Throws a
 * `DomainError` for every refusal. The API runs it as a pre-check; the worker runs it again under
 * the instance's row lock, and only the worker's answer is written.
 */
export function planCommand(
  definition: RunnableDefinition,
  instance: InstanceFacts,
  actor: ActorFacts,
  command: CommandFacts,
  directory: OrgDirectory,
  now: Date,
  calendar: WorkingCalendar,
): CommandPlan {
  const { document, machine } = definition;
  const probeActor = { id: actor.id, orgUnitId: actor.orgUnitId };
  const allowed =
    instance.status === 'active'
      ? allowedEventTypes(machine, document, instance.snapshot, probeActor)
      : [];
  const eventSpec = ownEntry(document.events, command.type);
  if (!eventSpec || !allowed.includes(command.type)) throw eventNotAllowed(command.type, allowed);

  const state = instance.snapshot.value;
  const assignment = eventSpec.assignment ?? ownEntry(document.states, state)?.assignment;
  const acting = assignment ? actingAs(assignment, instance, actor, directory) : null;
  if (!acting) {
    throw new DomainError('forbidden', `You are not assigned to ${command.type} in state ${state}`);
  }

  const comment = command.comment?.trim() ?? '';
  if (eventSpec.commentRequired && comment.length === 0) {
    throw new DomainError('form-invalid', 'A comment is required', [
      {
        path: '/comment',
        message: 'Cần nhập ý kiến (bắt buộc)',
        messages: { vi: 'Cần nhập ý kiến (bắt buộc)', en: 'A comment is required' },
      },
    ]);
  }
  const data = command.data ?? {};
  if (eventSpec.form) {
    const errors = validateForm(`${definition.cacheKey}:${command.type}`, eventSpec.form, data);
    if (errors.length > 0) throw new DomainError('form-invalid', 'Form data is invalid', errors);
  } else if (Object.keys(data).length > 0) {
    throw new DomainError('form-invalid', `${command.type} carries no form data`, [
      {
        path: '/data',
        message: 'Thao tác này không có dữ liệu biểu mẫu',
        messages: {
          vi: 'Thao tác này không có dữ liệu biểu mẫu',
          en: 'This action takes no form data',
        },
      },
    ]);
  }

  const result = applyEvent(machine, document, instance.snapshot, {
    type: command.type,
    data,
    comment: comment || undefined,
    actor: probeActor,
  });
  if (result.kind === 'not-allowed') throw eventNotAllowed(command.type, result.allowedEvents);

  return {
    applied: result,
    task: taskFor(document, result, instance.orgUnitId, directory, now, calendar),
    onBehalfOfId: acting.onBehalfOfId,
  };
}

/** The task of the state an instance is in (or null in a final state). */
export function taskFor(
  document: WorkflowDefinitionDocument,
  position: { state: string; status: string; context: { data: JsonObject } },
  instanceUnitId: string,
  directory: OrgDirectory,
  now: Date,
  calendar: WorkingCalendar,
): PlannedTask | null {
  if (position.status !== 'active') return null;
  const spec = ownEntry(document.states, position.state);
  if (!spec?.assignment) return null;
  const unitId = resolveAssignedUnit(
    spec.assignment.unit,
    instanceUnitId,
    position.context.data,
    directory,
  );
  const dueAt = spec.deadline ? dueAtFor(now, spec.deadline, calendar) : null;
  if (!unitId) {
    throw new DomainError(
      'unassignable',
      `No unit in the organisation can act in state ${position.state}`,
      [{ path: `/states/${position.state}/assignment`, message: 'No matching unit' }],
    );
  }
  return {
    state: position.state,
    assigneeUnitId: unitId,
    capability: spec.assignment.capability ?? null,
    dueAt,
    remindAt: dueAt ? reminderAtFor(now, dueAt, spec.reminderBefore, calendar) : null,
  };
}

/** Whether the actor matches an assignment for this instance, in their own right or by delegation. */
export function mayAct(
  assignment: Assignment,
  instance: { orgUnitId: string; snapshot: PersistedWorkflowSnapshot },
  actor: ActorFacts,
  directory: OrgDirectory,
): boolean {
  return actingAs(assignment, instance, actor, directory) !== null;
}

/**
 * In whose name the actor may act under an assignment: their own (`onBehalfOfId: null`), a
 * delegator's (the first delegation in force that matches), or nobody's (null).
 */
export function actingAs(
  assignment: Assignment,
  instance: { orgUnitId: string; snapshot: PersistedWorkflowSnapshot },
  actor: ActorFacts,
  directory: OrgDirectory,
): { onBehalfOfId: string | null } | null {
  const unitId = resolveAssignedUnit(
    assignment.unit,
    instance.orgUnitId,
    instance.snapshot.context.data,
    directory,
  );
  if (isAssignee(assignment, actor, unitId)) return { onBehalfOfId: null };
  const delegator = actor.delegations?.find((d) => isAssignee(assignment, d, unitId));
  return delegator ? { onBehalfOfId: delegator.id } : null;
}

/** The event types this actor may send now, for `availableActions`. */
export function actionsFor(
  definition: RunnableDefinition,
  instance: InstanceFacts,
  actor: ActorFacts,
  directory: OrgDirectory,
): string[] {
  if (instance.status !== 'active') return [];
  const { document, machine } = definition;
  const state = instance.snapshot.value;
  return allowedEventTypes(machine, document, instance.snapshot, {
    id: actor.id,
    orgUnitId: actor.orgUnitId,
  }).filter((type) => {
    const assignment =
      ownEntry(document.events, type)?.assignment ?? ownEntry(document.states, state)?.assignment;
    return assignment !== undefined && mayAct(assignment, instance, actor, directory);
  });
}

function eventNotAllowed(type: string, allowed: readonly string[]): DomainError {
  const list = allowed.length > 0 ? allowed.join(', ') : 'none';
  return new DomainError(
    'event-not-allowed',
    `Event ${type} is not allowed now; allowed: ${list}`,
    [{ path: '/type', message: `Allowed events: ${list}`, allowedEvents: [...allowed] }],
    { allowedEvents: [...allowed] },
  );
}
