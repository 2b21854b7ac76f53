import { DomainError } from '../../common/errors/domain-error';
import {
  type InstanceFacts,
  type PlannedTask,
  type RunnableDefinition,
  taskFor,
} from './command-planner';
import type { OrgDirectory } from './org-directory';
import { placeWorkflow, type WorkflowPosition } from './workflow-engine';
import { type WorkingCalendar } from '../calendar/working-calendar';

/** Why an instance cannot move to the new version. */
export type MigrationBlocker =
  | 'not-found'
  | 'not-on-source-version'
  | 'not-active'
  | 'unmapped-state'
  | 'unknown-target-state'
  | 'final-target-state'
  | 'unassignable';

export interface MigrationMove {
  kind: 'move';
  fromState: string;
  toState: string;
  /** The instance placed in `toState` of the new version, context kept. */
  position: WorkflowPosition;
  /** Who must act in `toState` (null only if the state has no assignment). */
  task: PlannedTask | null;
}

export interface MigrationBlocked {
  kind: 'blocked';
  reason: MigrationBlocker;
  message: string;
}

export type MigrationDecision = MigrationMove | MigrationBlocked;

/**
 * Decides where a running instance lands on another version of its definition under an explicit
 * state mapping, without touching any store. The context (form data, routing origin, approvals)
 * is kept as it is; no transition or action runs. Only a non-final state is a valid target: an
 * instance finishes by an event, never by a migration.
 */
export function planMigration(
  instance: InstanceFacts,
  target: RunnableDefinition,
  stateMapping: Readonly<Record<string, string>>,
  directory: OrgDirectory,
  now: Date,
  calendar: WorkingCalendar,
): MigrationDecision {
  const fromState = instance.snapshot.value;
  if (instance.status !== 'active') {
    return blocked('not-active', `The instance is ${instance.status}`);
  }
  if (!Object.hasOwn(stateMapping, fromState)) {
    return blocked('unmapped-state', `The state mapping does not say where "${fromState}" goes`);
  }
  const toState = stateMapping[fromState];
  const config = Object.hasOwn(target.document.machine.states, toState)
    ? target.document.machine.states[toState]
    : undefined;
  if (config === undefined) {
    return blocked('unknown-target-state', `The new version has no state "${toState}"`);
  }
  if (config.type === 'final') {
    return blocked('final-target-state', `"${toState}" is a final state of the new version`);
  }
  const position = placeWorkflow(
    target.machine,
    target.document,
    toState,
    instance.snapshot.context,
  );
  try {
    const task = taskFor(target.document, position, instance.orgUnitId, directory, now, calendar);
    return { kind: 'move', fromState, toState, position, task };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'unassignable') {
      return blocked('unassignable', error.message);
    }
    throw error;
  }
}

export function blocked(reason: MigrationBlocker, message: string): MigrationBlocked {
  return { kind: 'blocked', reason, message };
}
