import { DomainError, type ErrorDetail } from '../../common/errors/domain-error';
import { originFor } from './assignment-resolver';
import {
  type ActorFacts,
  type InstanceFacts,
  type PlannedTask,
  type RunnableDefinition,
  planCommand,
  taskFor,
} from './command-planner';
import {
  OrgUnitNotFoundError,
  OrgUnitWithoutJurisdictionError,
  WorkflowEngineError,
} from './engine.errors';
import { SIMULATION_MESSAGES } from './simulation-messages';
import { formatMessage, type Language, type MessageParams } from '../../common/i18n/language';
import { unescapePointerSegment } from '../../forms/json-pointer';
import type { OrgDirectory } from './org-directory';
import { type InstanceStatus, startWorkflow } from './workflow-engine';
import { type WorkingCalendar } from '../calendar/working-calendar';
import { type JsonObject, type LocalizedText } from '../../common/json/json.types';

/** Who sends a simulated command: a real user's facts, or a made-up member of a unit. */
export interface SimulatedActor extends ActorFacts {
  /** How the result names the actor: the username, or the unit and capabilities. */
  label: string;
}

export interface SimulatedCommand {
  actor: SimulatedActor;
  type: string;
  data?: JsonObject;
  comment?: string;
}

/** Why a step (or the start) was refused, as the API would have answered it. */
export interface SimulationError {
  code: string;
  message: string;
  details?: readonly ErrorDetail[];
}

export interface SimulatedStepResult {
  type: string;
  actor: string;
  ok: boolean;
  fromState: string;
  /** The state after the step; equal to `fromState` when the step was refused. */
  toState: string;
  /** Who must act next, after an applied step (null in a final state). */
  task?: PlannedTask | null;
  error?: SimulationError;
}

export interface SimulationResult {
  /** True when the instance could start and every step applied. */
  ok: boolean;
  /** The initial state, then the state each applied step led to. */
  states: string[];
  /** Who must act in the initial state. */
  initialTask: PlannedTask | null;
  steps: SimulatedStepResult[];
  finalState: string | null;
  finalStatus: InstanceStatus | null;
  /** The instance's form data at the end. */
  data: JsonObject;
  /** Why the instance could not even start (no steps are run then). */
  error?: SimulationError;
}

/**
 * Runs a definition through a sequence of commands exactly as the command pipeline decides them
 * ({@link startWorkflow}, then {@link planCommand} per step) and stores nothing. A refused step
 * leaves the instance where it was and the next step is tried from there, so one run reports
 * every error.
 */
export function simulateWorkflow(
  definition: RunnableDefinition,
  directory: OrgDirectory,
  start: { orgUnitId: string; data: JsonObject },
  commands: readonly SimulatedCommand[],
  now: Date,
  calendar: WorkingCalendar,
  /** The language of the refusals (English, the API's, unless a request asked for Vietnamese). */
  language: Language = 'en',
): SimulationResult {
  let instance: InstanceFacts;
  let initialTask: PlannedTask | null;
  try {
    const origin = originFor(start.orgUnitId, directory);
    const position = startWorkflow(definition.machine, origin, start.data);
    initialTask = taskFor(definition.document, position, start.orgUnitId, directory, now, calendar);
    instance = { orgUnitId: start.orgUnitId, status: position.status, snapshot: position.snapshot };
  } catch (error) {
    return {
      ok: false,
      states: [],
      initialTask: null,
      steps: [],
      finalState: null,
      finalStatus: null,
      data: start.data,
      error: refusal(error, language),
    };
  }

  const states = [instance.snapshot.value];
  // Who acted in each state so far, for the four-eyes rule, as history would record it.
  const acted: Record<string, string[]> = {};
  const steps = commands.map((command): SimulatedStepResult => {
    const fromState = instance.snapshot.value;
    const step = { type: command.type, actor: command.actor.label, fromState };
    try {
      const plan = planCommand(
        definition,
        { ...instance, stepActors: acted },
        command.actor,
        command,
        directory,
        now,
        calendar,
      );
      acted[fromState] = [
        ...(acted[fromState] ?? []),
        command.actor.id,
        ...(plan.onBehalfOfId ? [plan.onBehalfOfId] : []),
      ];
      instance = {
        orgUnitId: instance.orgUnitId,
        status: plan.applied.status,
        snapshot: plan.applied.snapshot,
      };
      states.push(plan.applied.state);
      return { ...step, ok: true, toState: plan.applied.state, task: plan.task };
    } catch (error) {
      return {
        ...step,
        ok: false,
        toState: fromState,
        error: refusal(error, language, { event: command.type, state: fromState }),
      };
    }
  });

  return {
    ok: steps.every((step) => step.ok),
    states,
    initialTask,
    steps,
    finalState: instance.snapshot.value,
    finalStatus: instance.status,
    data: instance.snapshot.context.data,
  };
}

// Refusals are the typed errors the pipeline raises; anything else is a bug and propagates.
function refusal(
  error: unknown,
  language: Language,
  step?: { event: string; state: string },
): SimulationError {
  if (error instanceof DomainError) {
    const details = error.details?.map((detail) => localizedDetail(detail, language));
    return {
      code: error.code,
      message: domainRefusalText(error, language, step),
      ...(details ? { details } : {}),
    };
  }
  if (error instanceof OrgUnitNotFoundError || error instanceof OrgUnitWithoutJurisdictionError) {
    const code = error instanceof OrgUnitNotFoundError ? 'unit-not-found' : 'unit-outside';
    return {
      code: error.code,
      message: formatMessage(SIMULATION_MESSAGES[code], { unitId: error.unitId }, language),
    };
  }
  if (error instanceof WorkflowEngineError) {
    return { code: error.code, message: refusedText(error.code, error.message, language) };
  }
  throw error;
}

/** The refusal's sentence: the pipeline's own words in English, the catalogue's in Vietnamese. */
function domainRefusalText(
  error: DomainError,
  language: Language,
  step: { event: string; state: string } | undefined,
): string {
  if (language === 'en') return error.message;
  const say = (code: keyof typeof SIMULATION_MESSAGES, params: MessageParams = {}): string =>
    formatMessage(SIMULATION_MESSAGES[code], params, language);
  const details = error.details ?? [];
  if (error.code === 'event-not-allowed' && step) {
    return say('event-not-allowed', { ...step, allowed: allowedList(error.extra?.allowedEvents) });
  }
  if (error.code === 'forbidden' && step) {
    const conflict = details.find((detail) => typeof detail.step === 'string')?.step;
    return typeof conflict === 'string'
      ? say('four-eyes', { ...step, step: conflict })
      : say('not-assigned', step);
  }
  if (error.code === 'form-invalid' && details.length > 0) {
    return say('form-invalid', {
      details: details.map((detail) => localizedDetail(detail, language).message).join('; '),
    });
  }
  if (error.code === 'unassignable') {
    // The pipeline points at the unassignable state's assignment: `/states/<state>/assignment`.
    const state = details[0]?.path.split('/')[2];
    if (state !== undefined) return say('unassignable', { state: unescapePointerSegment(state) });
  }
  return refusedText(error.code, error.message, language);
}

function refusedText(code: string, message: string, language: Language): string {
  return formatMessage(SIMULATION_MESSAGES.refused, { code, message }, language);
}

/** A detail in the run's language: its own `messages` when it has them, else the catalogue's. */
function localizedDetail(detail: ErrorDetail, language: Language): ErrorDetail {
  if (language === 'en') return detail;
  const own: unknown = detail.messages;
  if (typeof own === 'object' && own !== null && typeof (own as LocalizedText).vi === 'string') {
    return { ...detail, message: (own as LocalizedText).vi };
  }
  if (Array.isArray(detail.allowedEvents)) {
    const allowed = allowedList(detail.allowedEvents);
    return {
      ...detail,
      message: formatMessage(SIMULATION_MESSAGES['allowed-events'], { allowed }, language),
    };
  }
  if (detail.path.endsWith('/assignment')) {
    return {
      ...detail,
      message: formatMessage(SIMULATION_MESSAGES['no-matching-unit'], {}, language),
    };
  }
  return detail;
}

function allowedList(allowed: unknown): LocalizedText {
  const list = Array.isArray(allowed) && allowed.length > 0 ? allowed.join(', ') : null;
  return { vi: list ?? 'không có', en: list ?? 'none' };
}
