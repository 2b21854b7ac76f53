/**
 * Turns a machine config exported by Stately's editor (xstate v5 JSON) into a candidate workflow
 * definition document. Pure: the caller validates the result and decides whether to publish.
 *
 * What changes: keys that only document or type the machine (`context`, `types`, `meta` of the
 * machine, `version`, state `id`s once targets are resolved...) are dropped and listed; targets
 * become plain state names (`#machineId.review` → `review`, `#customId` → its state); string and
 * array shorthands become transition objects; states and events without a spec get a title made
 * from their name. What does not change: anything with behaviour the engine does not support
 * (nested states, `after`, `always`, `invoke`, unknown guards) stays, so the validator reports it
 * instead of the import silently changing what the machine does.
 */
import { pointer } from '../../forms/json-pointer';
import type { MachineStateConfigJson } from '../engine/definition.types';
import { resolveStateTarget } from '../engine/state-targets';
import { type LocalizedText } from '../../common/json/json.types';

type Dict = Record<string, unknown>;

export interface StatelyImportInput {
  key: string;
  title: LocalizedText;
  description?: LocalizedText;
  /** The machine config as Stately exports it. */
  machine: Dict;
  /** Per-state specs (title, assignment, deadline, outcome), keyed by state name. */
  states?: Dict;
  /** Per-event specs (title, form, commentRequired, assignment), keyed by event type. */
  events?: Dict;
}

/** The candidate document: shaped like a definition, valid only once the validator says so. */
export interface CandidateDefinition {
  key: string;
  title: LocalizedText;
  description?: LocalizedText;
  machine: Dict;
  states: Dict;
  events: Dict;
}

export interface StatelyImportResult {
  document: CandidateDefinition;
  /** JSON pointers into the request (`/machine/context`...) of what was dropped. */
  removed: string[];
}

// Machine-level keys that describe or type the machine but do not change what it does here.
const DROPPED_MACHINE_KEYS: ReadonlySet<string> = new Set([
  '$schema',
  'context',
  'types',
  'meta',
  'version',
  'schemas',
  'tsTypes',
  'predictableActionArguments',
  'preserveActionOrder',
  'output',
]);
// `id` is dropped once targets that name it are resolved; `output` only feeds a parent actor.
const DROPPED_STATE_KEYS: ReadonlySet<string> = new Set(['id', 'output']);

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `communeReview`, `awaiting_reply`, `SUBMIT` → `Commune review`, `Awaiting reply`, `Submit`. */
export function titleFromName(name: string): LocalizedText {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
  const text = words.join(' ');
  const title = text === '' ? name : text.charAt(0).toUpperCase() + text.slice(1);
  return { vi: title, en: title };
}

class Normaliser {
  readonly removed: string[] = [];
  private readonly machineId: string;
  private readonly states: Record<string, MachineStateConfigJson>;

  constructor(machineId: string, rawStates: Dict) {
    this.machineId = machineId;
    this.states = Object.fromEntries(
      Object.entries(rawStates).filter((entry): entry is [string, MachineStateConfigJson] =>
        isDict(entry[1]),
      ),
    );
  }

  target(value: unknown): unknown {
    if (typeof value === 'string') return resolveStateTarget(value, this.machineId, this.states);
    if (Array.isArray(value)) {
      const targets = value.map((item) => this.target(item));
      // A single-element array is only xstate's multi-target syntax for one target.
      return targets.length === 1 ? targets[0] : targets;
    }
    return value;
  }

  transition(value: unknown): unknown {
    if (typeof value === 'string') return { target: this.target(value) };
    if (!isDict(value)) return value;
    return value.target === undefined
      ? { ...value }
      : { ...value, target: this.target(value.target) };
  }

  on(value: unknown): unknown {
    if (!isDict(value)) return value;
    return Object.fromEntries(
      Object.entries(value).map(([event, branches]) => [
        event,
        Array.isArray(branches)
          ? branches.map((b) => this.transition(b))
          : this.transition(branches),
      ]),
    );
  }

  state(name: string, value: unknown): unknown {
    if (!isDict(value)) return value;
    const state: Dict = {};
    for (const [key, field] of Object.entries(value)) {
      if (DROPPED_STATE_KEYS.has(key) || (key === 'type' && field === 'atomic')) {
        this.removed.push(pointer('machine', 'states', name, key));
      } else {
        state[key] = key === 'on' ? this.on(field) : field;
      }
    }
    return state;
  }
}

function eventTypesOf(states: Dict): string[] {
  const types = new Set<string>();
  for (const state of Object.values(states)) {
    if (isDict(state) && isDict(state.on)) {
      for (const type of Object.keys(state.on)) types.add(type);
    }
  }
  return [...types];
}

// Every name gets a spec with at least a title; given specs win, and specs for names the machine
// does not have are kept so the validator reports them.
function withDefaultTitles(names: readonly string[], given: Dict | undefined): Dict {
  const specs: Dict = { ...given };
  for (const name of names) {
    const spec = specs[name];
    if (spec === undefined) {
      specs[name] = { title: titleFromName(name) };
    } else if (isDict(spec) && spec.title === undefined) {
      specs[name] = { title: titleFromName(name), ...spec };
    }
  }
  return specs;
}

export function importStatelyMachine(input: StatelyImportInput): StatelyImportResult {
  const config = input.machine;
  const machineId =
    typeof config.id === 'string' && config.id.trim() !== '' ? config.id : input.key;
  const rawStates = isDict(config.states) ? config.states : {};
  const normaliser = new Normaliser(machineId, rawStates);

  const machine: Dict = { id: machineId };
  for (const [key, value] of Object.entries(config)) {
    if (key === 'id') continue;
    if (DROPPED_MACHINE_KEYS.has(key)) {
      normaliser.removed.push(pointer('machine', key));
    } else if (key === 'states' && isDict(value)) {
      machine.states = Object.fromEntries(
        Object.entries(value).map(([name, state]) => [name, normaliser.state(name, state)]),
      );
    } else {
      machine[key] = value;
    }
  }

  const states = isDict(machine.states) ? machine.states : {};
  return {
    document: {
      key: input.key,
      title: input.title,
      ...(input.description ? { description: input.description } : {}),
      machine,
      states: withDefaultTitles(Object.keys(states), input.states),
      events: withDefaultTitles(eventTypesOf(states), input.events),
    },
    removed: normaliser.removed,
  };
}
