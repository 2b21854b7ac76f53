import { DomainError } from '../../common/errors/domain-error';
import { type FormCheck, type FormFieldError, validateForm } from '../../forms/form-validator';
import { pointer } from '../../forms/json-pointer';
import { opinionFields, opinionOf } from '../../forms/opinion-fields';
import { type WorkflowMachine } from '../registry/workflow-registry';
import { isAssignee, resolveAssignedUnit } from './assignment-resolver';
import { copyRecipients } from './copy-recipients';
import {
  type Assignment,
  type StateSpec,
  type WorkflowDefinitionDocument,
} from './definition.types';
import { type OrgDirectory } from './org-directory';
import {
  type WorkingCalendar,
  dueAtFor,
  reminderAtFor,
  zonedInstant,
} from '../calendar/working-calendar';
import {
  type AppliedEvent,
  applyEvent,
  allowedEventTypes,
  type PersistedWorkflowSnapshot,
} from './workflow-engine';
import { ownEntry } from './own-entry';
import { type JsonObject, type JsonSchema } from '../../common/json/json.types';

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

/** Who acted in each state so far: user ids, as actors and as the delegators they acted for. */
export type StepActors = Readonly<Record<string, readonly string[]>>;

export interface InstanceFacts {
  orgUnitId: string;
  status: 'active' | 'completed' | 'cancelled';
  snapshot: PersistedWorkflowSnapshot;
  /**
   * The actors of the states {@link separatedSteps} names for the current state; needed (and only
   * read) when the current state requires four eyes.
   */
  stepActors?: StepActors;
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
  /** Units the state entered sends copies to (nơi nhận: read and comment, never act). */
  copies: string[];
}

/**
 * A command checked up to its form: the form check still to run (null when there is none) and
 * the rest of the plan, to compute once the form holds. See {@link prepareCommand}.
 */
export interface PreparedCommand {
  formCheck: FormCheck | null;
  finish(): CommandPlan;
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
  const prepared = prepareCommand(
    definition,
    instance,
    actor,
    command,
    directory,
    now,
    calendar,
  );
  const check = prepared.formCheck;
  if (check) throwIfFormInvalid(validateForm(check.cacheKey, check.schema, check.data, check.mode));
  return prepared.finish();
}

/**
 * {@link planCommand} in two halves, for a caller that validates the form apart (the API runs a
 * big document's check off the event loop): the refusals before the form check, in their order,
 * then `finish()` for the rest. The event is not applied to data the form has not accepted yet.
 */
export function prepareCommand(
  definition: RunnableDefinition,
  instance: InstanceFacts,
  actor: ActorFacts,
  command: CommandFacts,
  directory: OrgDirectory,
  now: Date,
  calendar: WorkingCalendar,
): PreparedCommand {
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
  const conflict = fourEyesConflict(document, instance, command.type, [
    actor.id,
    ...(acting.onBehalfOfId ? [acting.onBehalfOfId] : []),
  ]);
  if (conflict) {
    throw new DomainError(
      'forbidden',
      `Four eyes: whoever acted in ${conflict} may not ${command.type} in ${state}, ` +
        'in their own name or by delegation',
      [
        {
          path: '/type',
          message: 'Người đã thực hiện bước trước không được tự phê duyệt (nguyên tắc bốn mắt)',
          messages: {
            vi: 'Người đã thực hiện bước trước không được tự phê duyệt (nguyên tắc bốn mắt)',
            en: 'Whoever acted in an earlier step may not approve it too (four eyes)',
          },
          step: conflict,
        },
      ],
    );
  }

  const comment = command.comment?.trim() ?? '';
  const data = command.data ?? {};
  // The opinion may be typed in the comment or in the form's opinion field: one box on screen.
  if (eventSpec.commentRequired && opinionOf(eventSpec.form, data, comment) === null) {
    const [opinionField] = opinionFields(eventSpec.form);
    throw new DomainError('form-invalid', 'A comment is required', [
      {
        path: opinionField === undefined ? '/comment' : pointer(opinionField),
        message: 'Cần nhập ý kiến (bắt buộc)',
        messages: { vi: 'Cần nhập ý kiến (bắt buộc)', en: 'A comment is required' },
      },
    ]);
  }
  let formCheck: FormCheck | null = null;
  if (eventSpec.form) {
    // An event that merges its data into the record is checked on the record it will produce:
    // its form's fields as they will stand, whether sent now or already there (e.g. given at
    // creation), so nothing reaches the record around its form.
    const record = mergesFormData(document, state, command.type)
      ? { ...fieldsOf(eventSpec.form, instance.snapshot.context.data), ...data }
      : data;
    formCheck = {
      cacheKey: `${definition.cacheKey}:${command.type}`,
      schema: eventSpec.form,
      data: record,
      mode: 'strict',
    };
  } else if (Object.keys(data).length > 0) {
    throw noFormData(command.type);
  }

  const finish = (): CommandPlan => {
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
      // Only on entering a state: a self-transition does not send the copies again.
      copies:
        result.state === result.fromState
          ? []
          : copyRecipients(
              document,
              result.state,
              instance.orgUnitId,
              result.context.data,
              directory,
            ),
    };
  };
  return { formCheck, finish };
}

/** Throws `form-invalid` with the field errors, if there are any. */
export function throwIfFormInvalid(errors: FormFieldError[]): void {
  if (errors.length > 0) throw new DomainError('form-invalid', 'Form data is invalid', errors);
}

/**
 * Checks the data an instance is created with against its first form: the form of the first event
 * leaving the initial state that has one (the drafter's SUBMIT in the built-ins). Like a draft,
 * it may be incomplete (required fields come when it is sent); what it holds must be well formed,
 * with the same `{ path, message, messages }` details as a command's form. Throws `form-invalid`.
 */
export function checkInitialData(definition: RunnableDefinition, data: JsonObject): void {
  const check = initialDataCheck(definition, data);
  if (check) throwIfFormInvalid(validateForm(check.cacheKey, check.schema, check.data, check.mode));
}

/**
 * The form check {@link checkInitialData} runs, for a caller that runs it apart (off the event
 * loop); null when there is nothing to check. Throws when data is sent to a workflow with no form.
 */
export function initialDataCheck(
  definition: RunnableDefinition,
  data: JsonObject,
): FormCheck | null {
  const { document } = definition;
  const initial = document.machine.initial;
  const type = Object.keys(document.machine.states[initial]?.on ?? {}).find(
    (event) => ownEntry(document.events, event)?.form !== undefined,
  );
  const form = type ? ownEntry(document.events, type)?.form : undefined;
  if (!type || !form) {
    if (Object.keys(data).length > 0) throw noFormData(definition.document.key);
    return null;
  }
  return { cacheKey: `${definition.cacheKey}:${type}`, schema: form, data, mode: 'loose' };
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
  const dueAt = dueAtOf(spec, position.context.data, now, calendar);
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

/** When the step is due: the date the sender set in `deadlineField`, else the step's `deadline`. */
function dueAtOf(
  spec: StateSpec,
  data: JsonObject,
  now: Date,
  calendar: WorkingCalendar,
): Date | null {
  const field = spec.deadlineField ? data[spec.deadlineField] : undefined;
  if (typeof field === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(field)) {
    const at = zonedInstant(field, spec.deadline?.at ?? calendar.officeDayEnd, calendar.timeZone);
    // A date already past when the step opens cannot be met: the step's own deadline applies.
    if (!Number.isNaN(at.getTime()) && at.getTime() > now.getTime()) return at;
  }
  return spec.deadline ? dueAtFor(now, spec.deadline, calendar) : null;
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
    if (assignment === undefined) return false;
    const acting = actingAs(assignment, instance, actor, directory);
    if (!acting) return false;
    const identities = [actor.id, ...(acting.onBehalfOfId ? [acting.onBehalfOfId] : [])];
    return fourEyesConflict(document, instance, type, identities) === null;
  });
}

/**
 * The earlier states whose actors may not send `type` in `state` (four eyes): the state's
 * `actorDistinctFrom`, unless the event has an assignment of its own. Empty when unrestricted.
 */
export function separatedSteps(
  document: WorkflowDefinitionDocument,
  state: string,
  type: string,
): readonly string[] {
  return ownEntry(document.events, type)?.assignment ? [] : fourEyesSteps(document, state);
}

/** The earlier states whose actors a caller must load (as `stepActors`) to plan in `state`. */
export function fourEyesSteps(
  document: WorkflowDefinitionDocument,
  state: string,
): readonly string[] {
  return ownEntry(document.states, state)?.actorDistinctFrom ?? [];
}

/** The first separated step one of `identities` acted in, or null when four eyes hold. */
function fourEyesConflict(
  document: WorkflowDefinitionDocument,
  instance: InstanceFacts,
  type: string,
  identities: readonly string[],
): string | null {
  const steps = separatedSteps(document, instance.snapshot.value, type);
  if (steps.length === 0) return null;
  const { stepActors } = instance;
  // A programming error, not a refusal: the caller must load who acted before planning.
  if (!stepActors) throw new Error(`Four eyes in ${instance.snapshot.value} need stepActors`);
  return steps.find((step) => stepActors[step]?.some((id) => identities.includes(id))) ?? null;
}

/** Whether a transition of `type` out of `state` merges the event's data into the record. */
function mergesFormData(
  document: WorkflowDefinitionDocument,
  state: string,
  type: string,
): boolean {
  const on = document.machine.states[state]?.on?.[type];
  const transitions = on === undefined ? [] : Array.isArray(on) ? on : [on];
  return transitions.some((transition) => {
    const actions = transition.actions ?? [];
    return (Array.isArray(actions) ? actions : [actions]).some(
      (action) => (typeof action === 'string' ? action : action.type) === 'mergeFormData',
    );
  });
}

/** The values `record` holds for the top-level fields `form` declares. */
function fieldsOf(form: JsonSchema, record: JsonObject): JsonObject {
  const properties = form.properties;
  if (typeof properties !== 'object' || properties === null) return {};
  return Object.fromEntries(
    Object.keys(properties).flatMap((field) =>
      Object.hasOwn(record, field) ? [[field, record[field]]] : [],
    ),
  );
}

function noFormData(what: string): DomainError {
  return new DomainError('form-invalid', `${what} carries no form data`, [
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

function eventNotAllowed(type: string, allowed: readonly string[]): DomainError {
  const list = allowed.length > 0 ? allowed.join(', ') : 'none';
  return new DomainError(
    'event-not-allowed',
    `Event ${type} is not allowed now; allowed: ${list}`,
    [{ path: '/type', message: `Allowed events: ${list}`, allowedEvents: [...allowed] }],
    { allowedEvents: [...allowed] },
  );
}
