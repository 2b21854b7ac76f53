import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createActor } from 'xstate';
import type {
  TransitionConfigJson,
  WorkflowContext,
  WorkflowDefinitionDocument,
} from '../engine/definition.types';
import { validateDefinition } from '../engine/definition-validator';
import { ACTION_NAMES, GUARD_NAMES, createWorkflowMachine } from '../registry/workflow-registry';
import { BUILT_IN_DEFINITIONS } from './built-in-definitions';
import { INVALID_SAMPLES, REVIEW_CHAINS, SAMPLES } from './testing/sample-forms';
import { type JsonObject, type JsonSchema } from '../../common/json/json.types';

const UNIT_KINDS = [
  'province',
  'district',
  'commune',
  'party-committee',
  'standing-board',
  'standing-committee',
  'mass-mobilization-board',
  'peoples-committee',
  'department',
  'fatherland-front',
  'mass-organization',
];
const CAPABILITIES = ['drafter', 'approver'];

const EXPECTED_KEYS = [
  'regulation-review',
  'joint-activity-plan',
  'annual-summary',
  'periodic-report',
  'information-exchange',
  'joint-regulation',
];

function byKey(key: string): WorkflowDefinitionDocument {
  const found = BUILT_IN_DEFINITIONS.find((doc) => doc.key === key);
  if (!found) {
    throw new Error(`no built-in definition "${key}"`);
  }
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every transition of a state, flattened (a single config or an array of guarded branches). */
function transitionsOf(doc: WorkflowDefinitionDocument): Array<{
  state: string;
  event: string;
  transition: TransitionConfigJson;
}> {
  const result: Array<{ state: string; event: string; transition: TransitionConfigJson }> = [];
  for (const [state, config] of Object.entries(doc.machine.states)) {
    for (const [event, branches] of Object.entries(config.on ?? {})) {
      for (const transition of Array.isArray(branches) ? branches : [branches]) {
        result.push({ state, event, transition });
      }
    }
  }
  return result;
}

function refName(ref: string | { type: string }): string {
  return typeof ref === 'string' ? ref : ref.type;
}

function refParams(ref: string | { type: string; params?: JsonObject }): JsonObject | undefined {
  return typeof ref === 'string' ? undefined : ref.params;
}

const HAS_VIETNAMESE_LETTER = /[^\x20-\x7e]/;

/**
 * Form conventions: objects are closed, every field carries a Vietnamese title, an English title
 * and a description, and every enum value has a title in both languages.
 */
function formProblems(schema: Record<string, unknown>, path: string): string[] {
  const problems: string[] = [];
  for (const keyword of ['title', 'description', 'x-title-en']) {
    const value = schema[keyword];
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`${path}: missing ${keyword}`);
    }
  }
  if (typeof schema.title === 'string' && !HAS_VIETNAMESE_LETTER.test(schema.title)) {
    problems.push(`${path}: title "${schema.title}" has no Vietnamese diacritics`);
  }
  if (Array.isArray(schema.enum)) {
    const titles = schema['x-enum-titles'];
    for (const value of schema.enum) {
      const title = isObject(titles) ? titles[String(value)] : undefined;
      if (!isObject(title) || typeof title.vi !== 'string' || typeof title.en !== 'string') {
        problems.push(`${path}: enum value ${JSON.stringify(value)} has no {vi,en} title`);
      }
    }
  }
  if (schema.type === 'object') {
    if (schema.additionalProperties !== false) {
      problems.push(`${path}: additionalProperties must be false`);
    }
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const name of Array.isArray(schema.required) ? schema.required : []) {
      if (!(String(name) in properties)) {
        problems.push(`${path}: required "${String(name)}" is not a property`);
      }
    }
    for (const [name, property] of Object.entries(properties)) {
      problems.push(
        ...(isObject(property)
          ? formProblems(property, `${path}/${name}`)
          : [`${path}/${name}: not a schema`]),
      );
    }
  }
  if (schema.type === 'array') {
    problems.push(
      ...(isObject(schema.items)
        ? formProblems(schema.items, `${path}/items`)
        : [`${path}: no items schema`]),
    );
  }
  return problems;
}

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

const FORMS = BUILT_IN_DEFINITIONS.flatMap((doc) =>
  Object.entries(doc.events)
    .filter(
      (entry): entry is [string, { form: JsonSchema } & (typeof entry)[1]] =>
        entry[1].form !== undefined,
    )
    .map(([event, spec]) => ({ id: `${doc.key}.${event}`, form: spec.form })),
);

describe('built-in workflow definitions', () => {
  it('are the six workflows of the directive, with unique keys', () => {
    const keys = BUILT_IN_DEFINITIONS.map((doc) => doc.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...EXPECTED_KEYS].sort());
    for (const doc of BUILT_IN_DEFINITIONS) {
      expect(doc.key).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(doc.machine.id).toBe(doc.key);
    }
  });

  describe.each(EXPECTED_KEYS)('%s', (key) => {
    const doc = byKey(key);
    const machineStates = Object.keys(doc.machine.states);
    const transitions = transitionsOf(doc);

    it('passes the definition validator with no problems', () => {
      expect(
        validateDefinition(doc, { unitKinds: UNIT_KINDS, capabilities: CAPABILITIES }),
      ).toEqual([]);
    });

    it('describes every machine state, and only those', () => {
      expect(machineStates).toContain(doc.machine.initial);
      expect(Object.keys(doc.states).sort()).toEqual([...machineStates].sort());
    });

    it('describes every event the machine uses, and only those', () => {
      const used = new Set(transitions.map((entry) => entry.event));
      expect(Object.keys(doc.events).sort()).toEqual([...used].sort());
    });

    it('targets only its own states', () => {
      for (const { transition } of transitions) {
        expect(machineStates).toContain(transition.target);
      }
    });

    it('assigns every waiting state and gives it a deadline; final states have an outcome', () => {
      for (const [name, config] of Object.entries(doc.machine.states)) {
        const spec = doc.states[name];
        if (config.type === 'final') {
          expect(spec.outcome).toBeDefined();
          expect(spec.assignment).toBeUndefined();
          expect(config.on).toBeUndefined();
        } else {
          expect(spec.assignment).toBeDefined();
          // Counted in working days, as offices count administrative deadlines.
          expect(spec.deadline?.workingDays).toBeGreaterThan(0);
        }
      }
    });

    it('names only known unit kinds and capabilities', () => {
      const assignments = [
        ...Object.values(doc.states).map((spec) => spec.assignment),
        ...Object.values(doc.events).map((spec) => spec.assignment),
      ];
      for (const assignment of assignments) {
        if (!assignment) continue;
        if ('kind' in assignment.unit) {
          expect(UNIT_KINDS).toContain(assignment.unit.kind);
        }
        if (assignment.capability !== undefined) {
          expect(CAPABILITIES).toContain(assignment.capability);
        }
      }
    });

    it('references only registered guards and actions, with state params naming its states', () => {
      for (const { transition } of transitions) {
        const refs = [
          ...(transition.guard ? [{ ref: transition.guard, names: GUARD_NAMES }] : []),
          ...(transition.actions === undefined
            ? []
            : Array.isArray(transition.actions)
              ? transition.actions
              : [transition.actions]
          ).map((ref) => ({ ref, names: ACTION_NAMES })),
        ];
        for (const { ref, names } of refs) {
          expect(names).toContain(refName(ref));
          const state = refParams(ref)?.state;
          if (state !== undefined) {
            expect(machineStates).toContain(state);
          }
        }
      }
    });

    it('ends every guarded branch list with an unguarded default unless the event may be refused', () => {
      // RETURN always lands somewhere; WITHDRAW may be refused once someone has approved.
      for (const [state, config] of Object.entries(doc.machine.states)) {
        const returns = config.on?.RETURN;
        if (Array.isArray(returns)) {
          expect({ state, last: returns[returns.length - 1].guard }).toEqual({
            state,
            last: undefined,
          });
        }
      }
    });

    it('titles itself, its states and events in Vietnamese with diacritics and in English', () => {
      const titles = [
        doc.title,
        ...Object.values(doc.states).map((spec) => spec.title),
        ...Object.values(doc.events).map((spec) => spec.title),
      ];
      for (const title of titles) {
        expect(title.vi).toMatch(HAS_VIETNAMESE_LETTER);
        expect(title.en.trim()).not.toBe('');
      }
    });
  });

  describe.each(FORMS.map((entry) => [entry.id, entry.form] as const))('form %s', (id, form) => {
    const ajv = newAjv();
    const validate = ajv.compile(form);

    it('follows the form conventions', () => {
      expect(formProblems(form, id)).toEqual([]);
    });

    it('accepts a realistic document', () => {
      const sample = SAMPLES[id];
      expect(sample).toBeDefined();
      const ok = validate(sample);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });

    const required = Array.isArray(form.required) ? (form.required as string[]) : [];
    if (required.length > 0) {
      it.each(required)('rejects a document without "%s"', (field) => {
        const rest: JsonObject = { ...SAMPLES[id] };
        delete rest[field];
        expect(validate(rest)).toBe(false);
      });
    } else {
      it('rejects a field it does not know', () => {
        expect(validate({ ...SAMPLES[id], unexpected: 'x' })).toBe(false);
      });
    }
  });

  it.each(INVALID_SAMPLES)('form %s rejects %s', (id, _what, document) => {
    const entry = FORMS.find((candidate) => candidate.id === id);
    expect(entry).toBeDefined();
    expect(newAjv().validate(entry!.form, document)).toBe(false);
  });
});

// ------------------------------------------------------------------------------------------------
// Routing, run on the real registry.

const COMMUNE_ORIGIN: WorkflowContext['origin'] = {
  orgUnitId: '2c9e1d7a-0b4f-4e65-8d3a-7f1b2c3d4e5f',
  jurisdictionKind: 'commune',
  atTopJurisdiction: false,
};
const DISTRICT_ORIGIN: WorkflowContext['origin'] = {
  orgUnitId: '5a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  jurisdictionKind: 'district',
  atTopJurisdiction: true,
};

function start(key: string, origin: WorkflowContext['origin']) {
  const actor = createActor(createWorkflowMachine(byKey(key)), { input: { data: {}, origin } });
  actor.start();
  let n = 0;
  const send = (type: string, data?: JsonObject) => {
    n += 1;
    const event = { type, data, actor: { id: `official-${n}`, orgUnitId: origin.orgUnitId } };
    const allowed = actor.getSnapshot().can(event);
    actor.send(event);
    return allowed;
  };
  const state = () => actor.getSnapshot().value;
  return { actor, send, state };
}

describe.each(REVIEW_CHAINS)('%s routing', (key) => {
  const finalState = key === 'regulation-review' ? 'promulgated' : 'approved';
  const document = SAMPLES[`${key}.SUBMIT`];

  it('takes a commune draft through the commune committee, the board and the committee', () => {
    const { actor, send, state } = start(key, COMMUNE_ORIGIN);
    expect(state()).toBe('draft');
    expect(send('SUBMIT', document)).toBe(true);
    expect(state()).toBe('communeReview');
    expect(actor.getSnapshot().context.data).toEqual(document);
    expect(send('APPROVE', { opinion: 'Đồng ý.' })).toBe(true);
    expect(state()).toBe('boardReview');
    expect(send('APPROVE')).toBe(true);
    expect(state()).toBe('committeeReview');
    expect(send('APPROVE')).toBe(true);
    expect(state()).toBe(finalState);
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().context.approvals.map((a) => a.state)).toEqual([
      'communeReview',
      'boardReview',
      'committeeReview',
    ]);
    expect(byKey(key).states[finalState].outcome).toBe('completed');
  });

  it('lets a district drafter skip the commune step', () => {
    const { send, state } = start(key, DISTRICT_ORIGIN);
    send('SUBMIT', document);
    expect(state()).toBe('boardReview');
    send('APPROVE');
    send('APPROVE');
    expect(state()).toBe(finalState);
  });

  it('lets the drafter withdraw only before the first approval', () => {
    const commune = start(key, COMMUNE_ORIGIN);
    commune.send('SUBMIT', document);
    expect(commune.send('WITHDRAW')).toBe(true);
    expect(commune.state()).toBe('draft');
    commune.send('SUBMIT', document);
    commune.send('APPROVE');
    expect(commune.send('WITHDRAW')).toBe(false);
    expect(commune.state()).toBe('boardReview');

    const district = start(key, DISTRICT_ORIGIN);
    district.send('SUBMIT', document);
    expect(district.send('WITHDRAW')).toBe(true);
    expect(district.state()).toBe('draft');
    district.send('SUBMIT', document);
    district.send('APPROVE');
    expect(district.send('WITHDRAW')).toBe(false);
    expect(district.state()).toBe('committeeReview');
  });

  it('returns a commune draft to the chosen earlier step, or to the draft by default', () => {
    const { actor, send, state } = start(key, COMMUNE_ORIGIN);
    send('SUBMIT', document);
    send('RETURN');
    expect(state()).toBe('draft');
    send('SUBMIT', document);
    send('APPROVE');
    send('RETURN', { returnTo: 'communeReview' });
    expect(state()).toBe('communeReview');
    send('APPROVE');
    send('APPROVE');
    send('RETURN', { returnTo: 'boardReview' });
    expect(state()).toBe('boardReview');
    send('APPROVE');
    send('RETURN', { returnTo: 'communeReview' });
    expect(state()).toBe('communeReview');
    // The control field steers routing and is not merged into the document.
    expect(actor.getSnapshot().context.data).toEqual(document);
    send('APPROVE');
    send('APPROVE');
    send('RETURN', { returnTo: 'draft' });
    expect(state()).toBe('draft');
    expect(actor.getSnapshot().context.approvals).toEqual([]);
  });

  it('never returns a district draft to a commune step it did not pass', () => {
    const { send, state } = start(key, DISTRICT_ORIGIN);
    send('SUBMIT', document);
    send('RETURN', { returnTo: 'communeReview' });
    expect(state()).toBe('draft');
    send('SUBMIT', document);
    send('APPROVE');
    send('RETURN', { returnTo: 'communeReview' });
    expect(state()).toBe('draft');
    send('SUBMIT', document);
    send('APPROVE');
    send('RETURN', { returnTo: 'boardReview' });
    expect(state()).toBe('boardReview');
  });

  it('cancels a draft', () => {
    const { actor, send, state } = start(key, COMMUNE_ORIGIN);
    expect(send('CANCEL')).toBe(true);
    expect(state()).toBe('cancelled');
    expect(actor.getSnapshot().status).toBe('done');
    expect(byKey(key).states.cancelled.outcome).toBe('cancelled');
  });
});

describe('periodic-report routing', () => {
  it('is acknowledged by the Standing Board or sent back with directions', () => {
    const { actor, send, state } = start('periodic-report', DISTRICT_ORIGIN);
    send('SUBMIT', SAMPLES['periodic-report.SUBMIT']);
    expect(state()).toBe('standingBoardReview');
    send('RETURN');
    expect(state()).toBe('draft');
    send('SUBMIT', SAMPLES['periodic-report.SUBMIT']);
    expect(send('ACKNOWLEDGE', SAMPLES['periodic-report.ACKNOWLEDGE'])).toBe(true);
    expect(state()).toBe('acknowledged');
    expect(actor.getSnapshot().context.data).toMatchObject(SAMPLES['periodic-report.ACKNOWLEDGE']);
    expect(byKey('periodic-report').events.RETURN.commentRequired).toBe(true);
  });
});

describe('information-exchange routing', () => {
  it('is sent, acknowledged and replied to', () => {
    const { actor, send, state } = start('information-exchange', DISTRICT_ORIGIN);
    send('SUBMIT', SAMPLES['information-exchange.SUBMIT']);
    expect(state()).toBe('awaitingAcknowledgement');
    expect(actor.getSnapshot().context.data.recipientUnitId).toBe(
      SAMPLES['information-exchange.SUBMIT'].recipientUnitId,
    );
    expect(send('WITHDRAW')).toBe(true);
    expect(state()).toBe('draft');
    send('SUBMIT', SAMPLES['information-exchange.SUBMIT']);
    send('ACKNOWLEDGE');
    expect(state()).toBe('awaitingReply');
    expect(send('WITHDRAW')).toBe(false);
    send('REPLY', SAMPLES['information-exchange.REPLY']);
    expect(state()).toBe('replied');
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('routes both waiting states to the recipient named in the data', () => {
    const doc = byKey('information-exchange');
    for (const state of ['awaitingAcknowledgement', 'awaitingReply']) {
      expect(doc.states[state].assignment?.unit).toEqual({
        relation: 'field',
        field: 'recipientUnitId',
      });
    }
    expect(doc.events.WITHDRAW.assignment?.unit).toEqual({ relation: 'self' });
  });
});
