import {
  type ActionRefJson,
  type MachineConfigJson,
  type TransitionConfigJson,
} from '../../../workflows/engine/definition.types';
import { mergeDocument } from '../../../workflows/registry/actions';
import { diffJson, type JsonChange } from './json-diff';
import { type JsonObject } from '../../../common/json/json.types';

/** The action that writes an event's form data into the instance's document. */
const MERGE_ACTION = 'mergeFormData';

export interface ReplayedEvent {
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  data: JsonObject | null;
}

export interface DocumentAtEvent {
  /** True when this event's form data went into the document (a submission). */
  submission: boolean;
  /** The document as it stood after the event: for an approval, exactly what was approved. */
  document: JsonObject;
  /** What the event changed in the document; empty for the first event and non-submissions. */
  changes: JsonChange[];
}

/**
 * Rebuilds the instance's document event by event from the history alone. The first event
 * carries the initial document; a later one changes it when the transition it took merges form
 * data (`mergeFormData` on the transition, or on entry to the target state), which the machine
 * config says. An event the machine does not know (e.g. written under another version) is taken
 * as leaving the document alone.
 */
export function replayDocuments(
  events: readonly ReplayedEvent[],
  machine: MachineConfigJson,
): DocumentAtEvent[] {
  let document: JsonObject = {};
  return events.map((event, index) => {
    if (index === 0) {
      document = mergeDocument({}, event.data);
      return { submission: true, document, changes: [] };
    }
    if (!mergesFormData(machine, event)) return { submission: false, document, changes: [] };
    const next = mergeDocument(document, event.data);
    const changes = diffJson(document, next);
    document = next;
    return { submission: true, document, changes };
  });
}

function mergesFormData(machine: MachineConfigJson, event: ReplayedEvent): boolean {
  if (event.fromState === null) return false;
  const on = machine.states[event.fromState]?.on?.[event.type];
  const candidates: TransitionConfigJson[] = on === undefined ? [] : [on].flat();
  const taken = candidates.filter(
    (t) => (t.target === undefined ? event.fromState : stateName(t.target)) === event.toState,
  );
  const entered = event.toState !== event.fromState ? machine.states[event.toState]?.entry : [];
  return (
    taken.some((t) => names(t.actions).includes(MERGE_ACTION)) ||
    names(entered).includes(MERGE_ACTION)
  );
}

/** `review`, `.review` and `#machine.review` all name the top-level state `review`. */
function stateName(target: string): string {
  return target.replace(/^#[^.]*\./, '').replace(/^\./, '');
}

function names(actions: ActionRefJson | ActionRefJson[] | undefined): string[] {
  if (actions === undefined) return [];
  return [actions].flat().map((action) => (typeof action === 'string' ? action : action.type));
}
