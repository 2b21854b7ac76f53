import {
  DEFAULT_FORM_LIMITS,
  type FormLimits,
  unboundedUniqueItems,
  unsafePatterns,
} from '../../forms/form-safety';
import { formSchemaProblems } from '../../forms/form-validator';
import { pointer } from '../../forms/json-pointer';
import { opinionAnnotationProblems } from '../../forms/opinion-fields';
import {
  ACTION_NAMES,
  GUARD_NAMES,
  checkActionParams,
  checkGuardParams,
  createWorkflowMachine,
  type ParamsCheckScope,
  type ParamsProblem,
} from '../registry/workflow-registry';
import type { WorkflowDefinitionDocument } from './definition.types';
import { type JsonObject } from '../../common/json/json.types';
import { formatMessage, type Language, type MessageParams } from '../../common/i18n/language';
import {
  DEFINITION_MESSAGES,
  DEFINITION_WORDS,
  type DefinitionProblemCode,
} from './definition-messages';

/** One problem in a definition document; `path` is a JSON pointer into the document. */
export type DefinitionProblem = {
  path: string;
  message: string;
};

/** What the organisation knows, so assignments can be checked against it. */
export interface DefinitionVocabulary {
  unitKinds: readonly string[];
  capabilities: readonly string[];
}

/**
 * How big a definition may be. Every diagram, simulation and validation costs in proportion, so
 * the bounds are checked first, before anything else is looked at.
 */
export interface DefinitionLimits {
  maxStates: number;
  maxEvents: number;
  /** Nesting depth of the JSON document (objects and arrays). */
  maxDepth: number;
  /** The document's size as UTF-8 JSON. */
  maxBytes: number;
  forms: FormLimits;
}

export const DEFAULT_DEFINITION_LIMITS: DefinitionLimits = {
  maxStates: 100,
  maxEvents: 200,
  maxDepth: 32,
  maxBytes: 256 * 1024,
  forms: DEFAULT_FORM_LIMITS,
};

/** The longest deadline a step may have, whatever the unit: about a year. */
export const MAX_DEADLINE = { days: 366, hours: 366 * 24, workingDays: 250 } as const;

type Dict = Record<string, unknown>;

const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Dots and hashes have meaning in xstate state values and targets, so names stay plain.
const STATE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
// Excludes xstate's wildcard (`*`) and its reserved `xstate.` events.
const EVENT_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

const MACHINE_KEYS: ReadonlySet<string> = new Set(['id', 'initial', 'states', 'description']);
/*
 * Delayed (`after`) and eventless (`always`) transitions and invoked actors need a running actor or
 * could loop without an event; deadlines are the timers' job, routing the guards'.
 */
const STATE_KEYS: ReadonlySet<string> = new Set([
  'type',
  'on',
  'entry',
  'exit',
  'description',
  'meta',
  'tags',
]);
const TRANSITION_KEYS: ReadonlySet<string> = new Set([
  'target',
  'guard',
  'actions',
  'description',
  'meta',
  'reenter',
]);
const DEADLINE_KEYS: ReadonlySet<string> = new Set(['days', 'hours', 'workingDays', 'at']);
const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const RELATIONS: ReadonlySet<string> = new Set([
  'self',
  'jurisdiction',
  'nearest',
  'root',
  'field',
]);
const OUTCOMES: ReadonlySet<string> = new Set(['completed', 'cancelled']);

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

// A parsed transition: where it sits in the document and where it leads.
interface TransitionSite {
  path: string;
  target: string | undefined;
}

class ProblemList {
  readonly items: DefinitionProblem[] = [];

  constructor(private readonly language: Language) {}

  /** A problem worded from the catalogue in the list's language. */
  add(path: string, code: DefinitionProblemCode, params: MessageParams = {}): void {
    this.items.push({
      path,
      message: formatMessage(DEFINITION_MESSAGES[code], params, this.language),
    });
  }

  get count(): number {
    return this.items.length;
  }
}

function checkLocalizedText(value: unknown, path: string, problems: ProblemList): void {
  if (!isDict(value)) {
    problems.add(path, 'text-not-localized');
    return;
  }
  for (const language of ['vi', 'en'] as const) {
    if (!isNonEmptyString(value[language])) {
      problems.add(`${path}/${language}`, 'text-empty');
    }
  }
}

// Structural context for the checks of one machine.
interface MachineScope extends ParamsCheckScope {
  problems: ProblemList;
}

function checkParams(found: ParamsProblem[], paramsPath: string, problems: ProblemList): void {
  for (const problem of found) {
    problems.add(`${paramsPath}${problem.path}`, 'params-invalid', { detail: problem.message });
  }
}

// Checks a guard or action reference: `"name"` or `{ "type": "name", "params": {...} }`.
function checkReference(
  kind: 'guard' | 'action',
  reference: unknown,
  path: string,
  scope: MachineScope,
): void {
  const names = kind === 'guard' ? GUARD_NAMES : ACTION_NAMES;
  let name: unknown = reference;
  let params: JsonObject | undefined;
  let namePath = path;
  if (isDict(reference)) {
    name = reference.type;
    namePath = `${path}/type`;
    if (reference.params !== undefined && !isDict(reference.params)) {
      scope.problems.add(`${path}/params`, 'params-not-object');
      return;
    }
    params = reference.params as JsonObject | undefined;
  }
  if (typeof name !== 'string') {
    scope.problems.add(namePath, 'reference-shape', { kind: DEFINITION_WORDS[kind] });
    return;
  }
  if (!names.includes(name)) {
    scope.problems.add(namePath, 'reference-unknown', {
      kind: DEFINITION_WORDS[kind],
      name,
      known: names.join(', '),
    });
    return;
  }
  const found =
    kind === 'guard'
      ? checkGuardParams(name, params, scope)
      : checkActionParams(name, params, scope);
  checkParams(found, `${path}/params`, scope.problems);
}

function checkActionList(value: unknown, path: string, scope: MachineScope): void {
  if (value === undefined) {
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((reference, index) =>
      checkReference('action', reference, `${path}/${index}`, scope),
    );
    return;
  }
  checkReference('action', value, path, scope);
}

function checkTransition(value: unknown, path: string, scope: MachineScope): TransitionSite | null {
  if (!isDict(value)) {
    scope.problems.add(path, 'transition-shape');
    return null;
  }
  for (const key of Object.keys(value)) {
    if (!TRANSITION_KEYS.has(key)) {
      scope.problems.add(`${path}${pointer(key)}`, 'transition-key-unsupported', { key });
    }
  }
  let target: string | undefined;
  if (value.target !== undefined) {
    if (typeof value.target !== 'string') {
      scope.problems.add(`${path}/target`, 'target-not-name');
    } else if (!scope.stateNames.includes(value.target)) {
      scope.problems.add(`${path}/target`, 'target-missing', { target: value.target });
    } else {
      target = value.target;
    }
  }
  if (value.guard !== undefined) {
    checkReference('guard', value.guard, `${path}/guard`, scope);
  }
  checkActionList(value.actions, `${path}/actions`, scope);
  return { path, target };
}

interface StateFacts {
  isFinal: boolean;
  transitions: TransitionSite[];
  eventTypes: string[];
}

function checkStateConfig(name: string, config: unknown, scope: MachineScope): StateFacts | null {
  const path = pointer('machine', 'states', name);
  const { problems } = scope;
  if (!STATE_NAME_PATTERN.test(name)) {
    problems.add(path, 'state-name-invalid');
  }
  if (!isDict(config)) {
    problems.add(path, 'state-not-object');
    return null;
  }
  for (const key of Object.keys(config)) {
    if (key === 'states') {
      problems.add(`${path}/states`, 'states-nested');
    } else if (!STATE_KEYS.has(key)) {
      problems.add(`${path}${pointer(key)}`, 'state-key-unsupported', { key });
    }
  }
  if (config.type !== undefined && config.type !== 'final') {
    problems.add(`${path}/type`, 'state-type-invalid');
  }
  const isFinal = config.type === 'final';
  checkActionList(config.entry, `${path}/entry`, scope);
  checkActionList(config.exit, `${path}/exit`, scope);

  const transitions: TransitionSite[] = [];
  const eventTypes: string[] = [];
  if (config.on !== undefined) {
    if (!isDict(config.on)) {
      problems.add(`${path}/on`, 'on-not-object');
    } else {
      if (isFinal && Object.keys(config.on).length > 0) {
        problems.add(`${path}/on`, 'final-handles-events');
      }
      for (const [eventType, value] of Object.entries(config.on)) {
        const eventPath = `${path}/on${pointer(eventType)}`;
        if (!EVENT_TYPE_PATTERN.test(eventType)) {
          problems.add(eventPath, 'event-type-invalid');
          continue;
        }
        eventTypes.push(eventType);
        const branches = Array.isArray(value) ? value : [value];
        if (branches.length === 0) {
          problems.add(eventPath, 'event-no-transition');
        }
        branches.forEach((branch, index) => {
          const site = checkTransition(
            branch,
            Array.isArray(value) ? `${eventPath}/${index}` : eventPath,
            scope,
          );
          if (site) {
            transitions.push(site);
          }
        });
      }
    }
  }
  return { isFinal, transitions, eventTypes };
}

function checkAssignment(
  value: unknown,
  path: string,
  vocabulary: DefinitionVocabulary,
  problems: ProblemList,
): void {
  if (!isDict(value)) {
    problems.add(path, 'assignment-shape');
    return;
  }
  const unit = value.unit;
  if (!isDict(unit)) {
    problems.add(`${path}/unit`, 'unit-shape');
  } else if (typeof unit.relation !== 'string' || !RELATIONS.has(unit.relation)) {
    problems.add(`${path}/unit/relation`, 'relation-invalid', {
      relations: [...RELATIONS].join(', '),
    });
  } else if (unit.relation === 'field') {
    if (!isNonEmptyString(unit.field)) {
      problems.add(`${path}/unit/field`, 'field-invalid');
    }
  } else if (unit.relation !== 'self' || unit.kind !== undefined) {
    // `self` may narrow the instance's unit to a kind; the other relations must name one.
    if (typeof unit.kind !== 'string') {
      problems.add(`${path}/unit/kind`, 'unit-kind-not-key');
    } else if (!vocabulary.unitKinds.includes(unit.kind)) {
      problems.add(`${path}/unit/kind`, 'unit-kind-unknown', { kind: unit.kind });
    }
  }
  if (value.capability !== undefined) {
    if (typeof value.capability !== 'string') {
      problems.add(`${path}/capability`, 'capability-not-key');
    } else if (!vocabulary.capabilities.includes(value.capability)) {
      problems.add(`${path}/capability`, 'capability-unknown', { capability: value.capability });
    }
  }
}

/** `copies`: a non-empty list of `{ unit }`, each unit chosen as an assignment's is. */
function checkCopies(
  value: unknown,
  path: string,
  vocabulary: DefinitionVocabulary,
  problems: ProblemList,
): void {
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(path, 'copies-shape');
    return;
  }
  value.forEach((entry: unknown, index) => {
    const entryPath = `${path}/${index}`;
    if (!isDict(entry) || Object.keys(entry).some((key) => key !== 'unit')) {
      problems.add(entryPath, 'copy-shape');
      return;
    }
    // The same checks as an assignment's unit, without a capability: any official of the unit reads.
    checkAssignment({ unit: entry.unit }, entryPath, vocabulary, problems);
  });
}

function checkDeadline(
  value: unknown,
  path: string,
  problems: ProblemList,
  label: 'deadline' | 'reminderBefore' = 'deadline',
): void {
  const words = {
    label: DEFINITION_WORDS[label],
    shape: label === 'deadline' ? DEFINITION_WORDS.deadlineShape : DEFINITION_WORDS.reminderShape,
  };
  if (!isDict(value)) {
    problems.add(path, 'deadline-shape', words);
    return;
  }
  const keys = Object.keys(value);
  if (!keys.some((key) => key === 'days' || key === 'hours' || key === 'workingDays')) {
    problems.add(path, 'deadline-amount-missing', words);
  }
  if (keys.includes('workingDays') && (keys.includes('days') || keys.includes('hours'))) {
    problems.add(`${path}/workingDays`, 'deadline-mixed');
  }
  for (const key of keys) {
    const amount = value[key];
    const keyPath = `${path}${pointer(key)}`;
    if (!DEADLINE_KEYS.has(key) || (key === 'at' && label !== 'deadline')) {
      problems.add(keyPath, 'deadline-key-unsupported', { ...words, key });
    } else if (key === 'at') {
      if (typeof amount !== 'string' || !TIME_OF_DAY_PATTERN.test(amount)) {
        problems.add(keyPath, 'deadline-at-invalid');
      } else if (keys.includes('hours')) {
        problems.add(keyPath, 'deadline-at-with-hours');
      }
    } else if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) {
      problems.add(keyPath, 'not-positive');
    } else if (key === 'workingDays' && !Number.isInteger(amount)) {
      problems.add(keyPath, 'working-days-fraction');
    } else if (amount > MAX_DEADLINE[key as keyof typeof MAX_DEADLINE]) {
      problems.add(keyPath, 'too-large', { max: MAX_DEADLINE[key as keyof typeof MAX_DEADLINE] });
    }
  }
}

function checkStateSpecs(
  specs: unknown,
  facts: ReadonlyMap<string, StateFacts>,
  vocabulary: DefinitionVocabulary,
  problems: ProblemList,
): void {
  if (!isDict(specs)) {
    problems.add('/states', 'states-not-object');
    return;
  }
  for (const [name, fact] of facts) {
    const path = pointer('states', name);
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (spec === undefined) {
      problems.add(path, 'state-entry-missing', { name });
      continue;
    }
    if (!isDict(spec)) {
      problems.add(path, 'state-entry-not-object');
      continue;
    }
    checkLocalizedText(spec.title, `${path}/title`, problems);
    if (spec.assignment !== undefined || !fact.isFinal) {
      if (spec.assignment === undefined) {
        problems.add(`${path}/assignment`, 'assignment-missing');
      } else {
        checkAssignment(spec.assignment, `${path}/assignment`, vocabulary, problems);
      }
    }
    if (spec.deadline !== undefined) {
      checkDeadline(spec.deadline, `${path}/deadline`, problems);
    }
    if (
      spec.deadlineField !== undefined &&
      (typeof spec.deadlineField !== 'string' ||
        !/^[A-Za-z][A-Za-z0-9_]*$/.test(spec.deadlineField))
    ) {
      problems.add(`${path}/deadlineField`, 'deadline-field-invalid');
    }
    if (spec.reminderBefore !== undefined) {
      if (spec.deadline === undefined) {
        problems.add(`${path}/reminderBefore`, 'reminder-without-deadline');
      } else {
        checkDeadline(spec.reminderBefore, `${path}/reminderBefore`, problems, 'reminderBefore');
      }
    }
    if (spec.actorDistinctFrom !== undefined) {
      checkActorDistinctFrom(spec.actorDistinctFrom, name, facts, problems);
    }
    if (spec.copies !== undefined) {
      checkCopies(spec.copies, `${path}/copies`, vocabulary, problems);
    }
    if (spec.outcome !== undefined) {
      if (!fact.isFinal) {
        problems.add(`${path}/outcome`, 'outcome-not-final');
      } else if (typeof spec.outcome !== 'string' || !OUTCOMES.has(spec.outcome)) {
        problems.add(`${path}/outcome`, 'outcome-invalid', { outcomes: [...OUTCOMES].join(', ') });
      }
    }
  }
  for (const name of Object.keys(specs)) {
    if (!facts.has(name)) {
      problems.add(pointer('states', name), 'state-entry-unknown', { name });
    }
  }
}

/**
 * Four eyes (`actorDistinctFrom`): a list of distinct earlier states, each a non-final state other
 * than this one from which the machine can reach this one.
 */
function checkActorDistinctFrom(
  value: unknown,
  name: string,
  facts: ReadonlyMap<string, StateFacts>,
  problems: ProblemList,
): void {
  const path = `${pointer('states', name)}/actorDistinctFrom`;
  if (facts.get(name)?.isFinal) {
    problems.add(path, 'four-eyes-final');
    return;
  }
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(path, 'four-eyes-shape');
    return;
  }
  value.forEach((step: unknown, index) => {
    const at = `${path}/${index}`;
    if (typeof step !== 'string' || !facts.has(step)) {
      problems.add(at, 'four-eyes-unknown-state');
    } else if (step === name) {
      problems.add(at, 'four-eyes-self');
    } else if (facts.get(step)?.isFinal) {
      problems.add(at, 'four-eyes-final-step', { step });
    } else if (value.indexOf(step) !== index) {
      problems.add(at, 'four-eyes-twice', { step });
    } else if (!reachableFrom(step, facts).has(name)) {
      problems.add(at, 'four-eyes-not-before', { step, name });
    }
  });
}

/** The states the machine can reach from `start` (itself excluded unless on a cycle). */
function reachableFrom(start: string, facts: ReadonlyMap<string, StateFacts>): Set<string> {
  const reached = new Set<string>();
  const queue = [start];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const { target } of facts.get(next)?.transitions ?? []) {
      if (target !== undefined && !reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  return reached;
}

function checkForm(form: unknown, path: string, limits: FormLimits, problems: ProblemList): void {
  if (!isDict(form)) {
    problems.add(path, 'form-not-object');
    return;
  }
  // Event data is always an object (JsonObject), so its schema must describe one.
  if (form.type !== 'object') {
    problems.add(`${path}/type`, 'form-type-not-object');
  }
  for (const detail of formSchemaProblems(form)) {
    problems.add(path, 'form-schema-invalid', { detail });
  }
  for (const problem of opinionAnnotationProblems(form)) {
    problems.add(`${path}${problem.path}`, 'form-opinion-invalid', { detail: problem.message });
  }
  for (const note of [...unsafePatterns(form), ...unboundedUniqueItems(form, limits)]) {
    problems.add(`${path}${note.path}`, 'form-unsafe', { detail: note.message });
  }
}

function checkEventSpecs(
  specs: unknown,
  usedEventTypes: ReadonlySet<string>,
  vocabulary: DefinitionVocabulary,
  formLimits: FormLimits,
  problems: ProblemList,
): void {
  if (!isDict(specs)) {
    problems.add('/events', 'events-not-object');
    return;
  }
  for (const eventType of usedEventTypes) {
    if (!Object.hasOwn(specs, eventType)) {
      problems.add(pointer('events', eventType), 'event-entry-missing', { event: eventType });
    }
  }
  for (const [eventType, spec] of Object.entries(specs)) {
    const path = pointer('events', eventType);
    if (!usedEventTypes.has(eventType)) {
      problems.add(path, 'event-unused', { event: eventType });
      continue;
    }
    if (!isDict(spec)) {
      problems.add(path, 'event-entry-not-object');
      continue;
    }
    checkLocalizedText(spec.title, `${path}/title`, problems);
    if (spec.form !== undefined) {
      checkForm(spec.form, `${path}/form`, formLimits, problems);
    }
    if (spec.commentRequired !== undefined && typeof spec.commentRequired !== 'boolean') {
      problems.add(`${path}/commentRequired`, 'comment-required-not-boolean');
    }
    if (spec.assignment !== undefined) {
      checkAssignment(spec.assignment, `${path}/assignment`, vocabulary, problems);
    }
  }
}

function checkReachability(
  initial: string,
  facts: ReadonlyMap<string, StateFacts>,
  problems: ProblemList,
): void {
  const reached = new Set<string>([initial]);
  const queue = [initial];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const { target } of facts.get(next)?.transitions ?? []) {
      if (target !== undefined && !reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  for (const name of facts.keys()) {
    if (!reached.has(name)) {
      problems.add(pointer('machine', 'states', name), 'state-unreachable', { name, initial });
    }
  }
}

// The first path deeper than `maxDepth`, or null. Iterative, so a deep document cannot overflow.
function tooDeepPath(doc: unknown, maxDepth: number): string | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: doc, path: '', depth: 0 },
  ];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= maxDepth) return item.path;
    for (const [key, value] of Object.entries(item.value)) {
      stack.push({ value, path: `${item.path}${pointer(key)}`, depth: item.depth + 1 });
    }
  }
  return null;
}

function countEventTypes(states: Dict): number {
  const types = new Set<string>();
  for (const config of Object.values(states)) {
    if (isDict(config) && isDict(config.on)) {
      for (const type of Object.keys(config.on)) types.add(type);
    }
  }
  return types.size;
}

/**
 * Size, depth, state and event counts against the limits: cheap (linear in the document), so it
 * runs before any costlier reading of a document, an import's input included.
 */
export function definitionSizeProblems(
  doc: unknown,
  limits: DefinitionLimits,
  language: Language = 'en',
): DefinitionProblem[] {
  const problems = new ProblemList(language);
  if (isDict(doc)) checkSize(doc, limits, problems);
  return problems.items;
}

function checkSize(doc: Dict, limits: DefinitionLimits, problems: ProblemList): void {
  const bytes = Buffer.byteLength(JSON.stringify(doc));
  if (bytes > limits.maxBytes) {
    problems.add('', 'too-many-bytes', { bytes, max: limits.maxBytes });
    return;
  }
  const deep = tooDeepPath(doc, limits.maxDepth);
  if (deep !== null) {
    problems.add(deep, 'too-deep', { max: limits.maxDepth });
    return;
  }
  const states = isDict(doc.machine) && isDict(doc.machine.states) ? doc.machine.states : {};
  const stateCount = Object.keys(states).length;
  if (stateCount > limits.maxStates) {
    problems.add('/machine/states', 'too-many-states', {
      count: stateCount,
      max: limits.maxStates,
    });
  }
  const eventCount = Math.max(
    countEventTypes(states),
    isDict(doc.events) ? Object.keys(doc.events).length : 0,
  );
  if (eventCount > limits.maxEvents) {
    problems.add('/events', 'too-many-events', { count: eventCount, max: limits.maxEvents });
  }
}

/**
 * Checks a workflow definition document before it is stored or published. Returns every problem
 * found (empty when valid), each with a JSON pointer into the document. Structural errors that
 * make later checks meaningless (no machine, no states) stop the checks early.
 */
export function validateDefinition(
  doc: unknown,
  vocabulary: DefinitionVocabulary,
  limits: DefinitionLimits = DEFAULT_DEFINITION_LIMITS,
  /** The language of the messages (English, the API's, unless a request asked for Vietnamese). */
  language: Language = 'en',
): DefinitionProblem[] {
  const problems = new ProblemList(language);
  if (!isDict(doc)) {
    problems.add('', 'definition-not-object');
    return problems.items;
  }
  checkSize(doc, limits, problems);
  if (problems.count > 0) {
    return problems.items;
  }
  if (typeof doc.key !== 'string' || !KEY_PATTERN.test(doc.key)) {
    problems.add('/key', 'key-invalid');
  }
  checkLocalizedText(doc.title, '/title', problems);
  if (doc.description !== undefined) {
    checkLocalizedText(doc.description, '/description', problems);
  }

  const machine = doc.machine;
  if (!isDict(machine)) {
    problems.add('/machine', 'machine-not-object');
    return problems.items;
  }
  if (!isNonEmptyString(machine.id)) {
    problems.add('/machine/id', 'machine-id-missing');
  }
  for (const key of Object.keys(machine)) {
    if (!MACHINE_KEYS.has(key)) {
      problems.add(pointer('machine', key), 'machine-key-unsupported', { key });
    }
  }
  const states = machine.states;
  if (!isDict(states) || Object.keys(states).length === 0) {
    problems.add('/machine/states', 'machine-states-empty');
    return problems.items;
  }

  const scope: MachineScope = {
    problems,
    stateNames: Object.keys(states),
    unitKinds: vocabulary.unitKinds,
  };
  const facts = new Map<string, StateFacts>();
  for (const [name, config] of Object.entries(states)) {
    const fact = checkStateConfig(name, config, scope);
    // A malformed state still counts as a state, so it is not also reported as missing elsewhere.
    facts.set(name, fact ?? { isFinal: false, transitions: [], eventTypes: [] });
  }

  const initial = machine.initial;
  let validInitial: string | null = null;
  if (typeof initial !== 'string') {
    problems.add('/machine/initial', 'initial-not-name');
  } else if (!facts.has(initial)) {
    problems.add('/machine/initial', 'initial-missing', { initial });
  } else if (facts.get(initial)?.isFinal) {
    problems.add('/machine/initial', 'initial-final');
  } else {
    validInitial = initial;
  }

  // xstate's own check comes last: when the checks above passed it should agree, and when they
  // failed its message would only repeat theirs.
  if (problems.count === 0) {
    try {
      createWorkflowMachine(doc as unknown as WorkflowDefinitionDocument);
    } catch (error) {
      problems.add('/machine', 'xstate-failed', {
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }

  if (validInitial !== null) {
    checkReachability(validInitial, facts, problems);
  }
  if (![...facts.values()].some((fact) => fact.isFinal)) {
    problems.add('/machine/states', 'no-final-state');
  }
  for (const [name, fact] of facts) {
    if (!fact.isFinal && !fact.transitions.some((site) => site.target !== undefined)) {
      problems.add(pointer('machine', 'states', name), 'dead-end', { name });
    }
  }

  checkStateSpecs(doc.states, facts, vocabulary, problems);
  const usedEventTypes = new Set([...facts.values()].flatMap((fact) => fact.eventTypes));
  checkEventSpecs(doc.events, usedEventTypes, vocabulary, limits.forms, problems);
  if (doc.document !== undefined) checkDocumentSpec(doc.document, facts, vocabulary, problems);
  return problems.items;
}

const DOCUMENT_TYPE_PATTERN = /^[A-ZĐ]{1,6}$/;

function checkDocumentSpec(
  spec: unknown,
  facts: ReadonlyMap<string, StateFacts>,
  vocabulary: DefinitionVocabulary,
  problems: ProblemList,
): void {
  if (!isDict(spec)) {
    problems.add('/document', 'document-shape');
    return;
  }
  if (typeof spec.onState !== 'string' || !facts.has(spec.onState)) {
    problems.add('/document/onState', 'document-on-state');
  }
  if (typeof spec.type !== 'string' || !DOCUMENT_TYPE_PATTERN.test(spec.type)) {
    problems.add('/document/type', 'document-type');
  }
  checkLocalizedText(spec.typeName, '/document/typeName', problems);
  checkAssignment({ unit: spec.issuer }, '/document/issuer', vocabulary, problems);
  const signature = spec.signature;
  if (
    !isDict(signature) ||
    !isNonEmptyString(signature.onBehalfOf) ||
    !isNonEmptyString(signature.title)
  ) {
    problems.add('/document/signature', 'document-signature');
  }
  if (
    spec.recipients !== undefined &&
    !(Array.isArray(spec.recipients) && spec.recipients.every(isNonEmptyString))
  ) {
    problems.add('/document/recipients', 'document-recipients');
  }
  if (spec.requireSignedScan !== undefined && typeof spec.requireSignedScan !== 'boolean') {
    problems.add('/document/requireSignedScan', 'document-signed-scan');
  }
  if (spec.coSigners !== undefined) {
    if (!Array.isArray(spec.coSigners) || spec.coSigners.length === 0) {
      problems.add('/document/coSigners', 'co-signers-shape');
    } else {
      spec.coSigners.forEach((entry: unknown, index) => {
        const path = `/document/coSigners/${index}`;
        if (!isDict(entry)) {
          problems.add(path, 'co-signer-shape');
          return;
        }
        const fact = typeof entry.state === 'string' ? facts.get(entry.state) : undefined;
        if (!fact || fact.isFinal) {
          problems.add(`${path}/state`, 'co-signer-state');
        }
        if (!isNonEmptyString(entry.onBehalfOf)) {
          problems.add(`${path}/onBehalfOf`, 'co-signer-on-behalf');
        }
        if (entry.titleField !== undefined && !isNonEmptyString(entry.titleField)) {
          problems.add(`${path}/titleField`, 'co-signer-title-field');
        }
      });
    }
  }
}
