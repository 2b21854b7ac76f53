import { createActor, type SnapshotFrom } from 'xstate';
import type { WorkflowMachine } from '../registry/workflow-registry';
import type {
  WorkflowContext,
  WorkflowDefinitionDocument,
  WorkflowEvent,
} from './definition.types';
import { InvalidSnapshotError } from './engine.errors';
import { ownEntry } from './own-entry';
import { type JsonObject } from '../../common/json/json.types';

/** The status an instance has in a state: active until it reaches a final state. */
export type InstanceStatus = 'active' | 'completed' | 'cancelled';

/**
 * The xstate persisted snapshot as plain JSON, ready for a `jsonb` column. `value` is the state
 * name (states are flat); the other fields xstate keeps (`historyValue`, `children`) are carried
 * through untouched.
 */
export interface PersistedWorkflowSnapshot {
  status: 'active' | 'done' | 'error' | 'stopped';
  value: string;
  context: WorkflowContext;
  [bookkeeping: string]: unknown;
}

/** Where an instance stands after it started or an event applied. */
export interface WorkflowPosition {
  snapshot: PersistedWorkflowSnapshot;
  state: string;
  status: InstanceStatus;
  context: WorkflowContext;
}

/** The event applied: the new position and the state it left. */
export interface AppliedEvent extends WorkflowPosition {
  kind: 'applied';
  fromState: string;
}

/** The event is not handled in the current state, or every guarded branch refused it. */
export interface EventNotAllowed {
  kind: 'not-allowed';
  allowedEvents: string[];
}

export type ApplyEventResult = AppliedEvent | EventNotAllowed;

type WorkflowSnapshot = SnapshotFrom<WorkflowMachine>;

/*
 * xstate's `transition()` and `initialTransition()` build a throwaway actor per call, and that
 * actor computes an initial snapshot with no input, so the context factory throws and xstate
 * catches it: an Error and its stack trace per event, ~25 µs of the ~40 µs an event took. The
 * machines here are pure (assign actions and guards only, no invoked, spawned or delayed actors,
 * as the definition validator enforces), so one inert scope per machine serves every call: actions
 * other than `assign` are not executed (as `transition()` only returns them, and we drop them).
 */
type WorkflowScope = Parameters<WorkflowMachine['transition']>[2];

const scopes = new WeakMap<WorkflowMachine, WorkflowScope>();

const SCOPE_ORIGIN: WorkflowContext['origin'] = {
  orgUnitId: '',
  jurisdictionKind: '',
  atTopJurisdiction: false,
};

function inertScope(machine: WorkflowMachine): WorkflowScope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine, { input: { data: {}, origin: SCOPE_ORIGIN } });
    scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: () => {},
      defer: () => {},
      emit: () => {},
      stopChild: () => {},
      actionExecutor: () => {},
    };
    scopes.set(machine, scope);
  }
  return scope;
}

function stateNameOf(snapshot: WorkflowSnapshot): string {
  const value: unknown = snapshot.value;
  if (typeof value !== 'string') {
    throw new InvalidSnapshotError(`Expected a top-level state name, got ${JSON.stringify(value)}`);
  }
  return value;
}

function statusOf(
  snapshot: WorkflowSnapshot,
  state: string,
  definition: WorkflowDefinitionDocument | undefined,
): InstanceStatus {
  if (snapshot.status !== 'done') {
    return 'active';
  }
  return definition ? outcomeOf(definition, state) : 'completed';
}

function outcomeOf(definition: WorkflowDefinitionDocument, finalState: string): InstanceStatus {
  return ownEntry(definition.states, finalState)?.outcome ?? 'completed';
}

function positionOf(
  machine: WorkflowMachine,
  snapshot: WorkflowSnapshot,
  definition: WorkflowDefinitionDocument | undefined,
): WorkflowPosition {
  const state = stateNameOf(snapshot);
  // The JSON round trip is what guarantees "plain JSON": no prototypes, no undefined, no functions.
  const persisted = JSON.parse(
    JSON.stringify(machine.getPersistedSnapshot(snapshot)),
  ) as PersistedWorkflowSnapshot;
  return {
    snapshot: persisted,
    state,
    status: statusOf(snapshot, state, definition),
    context: persisted.context,
  };
}

function restore(machine: WorkflowMachine, persisted: PersistedWorkflowSnapshot): WorkflowSnapshot {
  if (typeof persisted.value !== 'string' || !Object.hasOwn(machine.root.states, persisted.value)) {
    throw new InvalidSnapshotError(
      `State ${JSON.stringify(persisted.value)} does not exist in machine ${machine.id}`,
    );
  }
  return machine.resolveState({ value: persisted.value, context: persisted.context });
}

function candidateEventTypes(definition: WorkflowDefinitionDocument, state: string): string[] {
  const on = ownEntry(definition.machine.states, state)?.on;
  return on ? Object.keys(on) : [];
}

function allowedIn(
  definition: WorkflowDefinitionDocument,
  snapshot: WorkflowSnapshot,
  actor: WorkflowEvent['actor'],
): string[] {
  if (snapshot.status !== 'active') {
    return [];
  }
  const probeData: JsonObject = {};
  return candidateEventTypes(definition, stateNameOf(snapshot)).filter((type) =>
    snapshot.can({ type, data: probeData, actor }),
  );
}

/**
 * Starts an instance: the initial state with the context built from `origin` and `data`.
 * Valid definitions never start in a final state, so the status is `active` for them.
 */
export function startWorkflow(
  machine: WorkflowMachine,
  origin: WorkflowContext['origin'],
  data: JsonObject,
): WorkflowPosition {
  const snapshot = machine.getInitialSnapshot(inertScope(machine), { origin, data });
  return positionOf(machine, snapshot, undefined);
}

/**
 * Places a running instance directly in `state` of `machine`, keeping `context`, without running
 * any transition or action: how an instance moves onto another version of its definition.
 *
 * @throws InvalidSnapshotError when the machine has no such state
 */
export function placeWorkflow(
  machine: WorkflowMachine,
  definition: WorkflowDefinitionDocument,
  state: string,
  context: WorkflowContext,
): WorkflowPosition {
  const snapshot = restore(machine, { status: 'active', value: state, context });
  return positionOf(machine, snapshot, definition);
}

/**
 * Computes the effect of an event on a stored snapshot without side effects. Authorisation and form
 * validation are the caller's; this only answers what the machine does.
 *
 * @throws InvalidSnapshotError when the snapshot names a state the machine does not have
 */
export function applyEvent(
  machine: WorkflowMachine,
  definition: WorkflowDefinitionDocument,
  persisted: PersistedWorkflowSnapshot,
  event: WorkflowEvent,
): ApplyEventResult {
  const current = restore(machine, persisted);
  if (current.status !== 'active' || !current.can(event)) {
    return { kind: 'not-allowed', allowedEvents: allowedIn(definition, current, event.actor) };
  }
  const next = machine.transition(current, event, inertScope(machine));
  return {
    kind: 'applied',
    ...positionOf(machine, next, definition),
    fromState: stateNameOf(current),
  };
}

/**
 * The event types the machine accepts now from `actor`, probed with empty form data: an event whose
 * every branch depends on data (e.g. a `returnTargetIs` guard with no default branch) is not listed.
 *
 * @throws InvalidSnapshotError when the snapshot names a state the machine does not have
 */
export function allowedEventTypes(
  machine: WorkflowMachine,
  definition: WorkflowDefinitionDocument,
  persisted: PersistedWorkflowSnapshot,
  actor: WorkflowEvent['actor'],
): string[] {
  return allowedIn(definition, restore(machine, persisted), actor);
}

/** The instance status for a state of the definition (final states carry their outcome). */
export function statusForState(
  definition: WorkflowDefinitionDocument,
  state: string,
): InstanceStatus {
  return ownEntry(definition.machine.states, state)?.type === 'final'
    ? outcomeOf(definition, state)
    : 'active';
}
