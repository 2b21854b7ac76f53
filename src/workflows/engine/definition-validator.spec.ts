import * as registry from '../registry/workflow-registry';
import type { WorkflowDefinitionDocument } from './definition.types';
import { validateDefinition, type DefinitionProblem } from './definition-validator';
import { reviewDefinition } from './testing/definition-fixtures';
import { CAPABILITIES, UNIT_KINDS } from './testing/org-fixtures';

const vocabulary = { unitKinds: UNIT_KINDS, capabilities: CAPABILITIES };

/** Marks a removal in {@link problemsAfter}. */
const REMOVE = Symbol('remove');

type Container = Record<string, unknown> | unknown[];

function containerAt(root: unknown, segments: string[]): Container {
  let node = root;
  for (const segment of segments) {
    node = (node as Record<string, unknown>)[segment];
  }
  if (typeof node !== 'object' || node === null) {
    throw new Error(`no object at /${segments.join('/')}`);
  }
  return node as Container;
}

/**
 * Validates the fixture after edits addressed by JSON pointer (as the problems are), so each test
 * reads as "put this value here, expect a problem there". Names in pointers here need no escaping.
 */
function problemsAfter(...edits: Array<[pointer: string, value: unknown]>): DefinitionProblem[] {
  const doc: unknown = reviewDefinition();
  for (const [pointer, value] of edits) {
    const segments = pointer.split('/').slice(1);
    const last = segments.pop()!;
    const container = containerAt(doc, segments) as Record<string, unknown>;
    if (value === REMOVE) {
      delete container[last];
    } else {
      container[last] = value;
    }
  }
  return validateDefinition(doc, vocabulary);
}

const paths = (problems: DefinitionProblem[]): string[] => problems.map((problem) => problem.path);

/** Exactly one problem, at `path`, whose message mentions `text`. */
function expectOnly(problems: DefinitionProblem[], path: string, text?: string | RegExp): void {
  expect(paths(problems)).toEqual([path]);
  if (text !== undefined) {
    expect(problems[0].message).toMatch(text);
  }
}

describe('validateDefinition', () => {
  it('accepts a valid definition', () => {
    expect(validateDefinition(reviewDefinition(), vocabulary)).toEqual([]);
  });

  describe('document shape', () => {
    it('rejects a non-object and stops', () => {
      expectOnly(validateDefinition([], vocabulary), '', /object/);
    });

    it('requires a kebab-case key', () => {
      expectOnly(problemsAfter(['/key', 'Regulation_Review']), '/key', /kebab-case/);
    });

    it('requires Vietnamese and English titles', () => {
      expectOnly(problemsAfter(['/title/en', REMOVE]), '/title/en');
      expectOnly(problemsAfter(['/title', 'Rà soát']), '/title');
    });

    it('checks an optional description like a title', () => {
      expectOnly(problemsAfter(['/description', { vi: 'Mô tả' }]), '/description/en');
    });

    it('requires a machine object and stops without one', () => {
      expectOnly(problemsAfter(['/machine', REMOVE]), '/machine', /machine/);
    });

    it('requires a machine id', () => {
      expectOnly(problemsAfter(['/machine/id', '']), '/machine/id');
    });

    it('rejects machine keys the engine does not support', () => {
      expectOnly(problemsAfter(['/machine/context', {}]), '/machine/context', /unsupported/);
    });

    it('requires machine states and stops without them', () => {
      expectOnly(problemsAfter(['/machine/states', {}]), '/machine/states');
    });
  });

  describe('flat states', () => {
    it('rejects nested states', () => {
      expectOnly(
        problemsAfter(['/machine/states/draft/states', { inner: {} }]),
        '/machine/states/draft/states',
        /flat/,
      );
    });

    it('rejects delayed transitions and other unsupported state keys', () => {
      expectOnly(
        problemsAfter(['/machine/states/draft/after', { 1000: 'withdrawn' }]),
        '/machine/states/draft/after',
      );
    });

    it('rejects state types other than final', () => {
      expectOnly(
        problemsAfter(['/machine/states/draft/type', 'parallel']),
        '/machine/states/draft/type',
      );
    });

    it('rejects state names xstate would read as paths', () => {
      const problems = problemsAfter(
        ['/machine/states/draft.v2', { type: 'final' }],
        ['/states/draft.v2', { title: { vi: 'X', en: 'X' } }],
        ['/machine/states/draft/on/SUBMIT/1/target', 'draft.v2'],
      );
      expect(paths(problems)).toContain('/machine/states/draft.v2');
    });
  });

  describe('initial state', () => {
    it('must exist', () => {
      expectOnly(
        problemsAfter(['/machine/initial', 'start']),
        '/machine/initial',
        /"start" does not exist/,
      );
    });

    it('must not be final', () => {
      expect(problemsAfter(['/machine/initial', 'promulgated'])).toContainEqual({
        path: '/machine/initial',
        message: 'the initial state cannot be final',
      });
    });
  });

  describe('transitions', () => {
    it('reports a target that does not exist', () => {
      expectOnly(
        problemsAfter(['/machine/states/communeReview/on/APPROVE/target', 'nowhere']),
        '/machine/states/communeReview/on/APPROVE/target',
        /"nowhere" does not exist/,
      );
    });

    it('reports a bad target inside guarded branches by index', () => {
      expectOnly(
        problemsAfter(['/machine/states/boardReview/on/RETURN/1/target', 'nowhere']),
        '/machine/states/boardReview/on/RETURN/1/target',
      );
    });

    it('reports a transition that is not an object', () => {
      expectOnly(
        problemsAfter(['/machine/states/committeeReview/on/RETURN', 'draft']),
        '/machine/states/committeeReview/on/RETURN',
      );
    });

    it('reports an event with no transitions', () => {
      expectOnly(
        problemsAfter(['/machine/states/committeeReview/on/RETURN', []]),
        '/machine/states/committeeReview/on/RETURN',
      );
    });

    it('reports a wildcard event type', () => {
      expectOnly(
        problemsAfter(['/machine/states/communeReview/on/*', { target: 'draft' }]),
        '/machine/states/communeReview/on/*',
      );
    });

    it('rejects transitions out of a final state', () => {
      expectOnly(
        problemsAfter(['/machine/states/withdrawn/on', { SUBMIT: { target: 'draft' } }]),
        '/machine/states/withdrawn/on',
        /final/,
      );
    });
  });

  describe('registry references', () => {
    it('reports an unknown guard name', () => {
      expectOnly(
        problemsAfter(['/machine/states/draft/on/SUBMIT/0/guard', 'isFriday']),
        '/machine/states/draft/on/SUBMIT/0/guard',
        /unknown guard "isFriday"/,
      );
    });

    it('reports an unknown guard type in object form', () => {
      expectOnly(
        problemsAfter(['/machine/states/boardReview/on/RETURN/0/guard/type', 'isFriday']),
        '/machine/states/boardReview/on/RETURN/0/guard/type',
      );
    });

    it('reports guard params naming a state that does not exist', () => {
      expectOnly(
        problemsAfter(['/machine/states/boardReview/on/RETURN/0/guard/params/state', 'nowhere']),
        '/machine/states/boardReview/on/RETURN/0/guard/params/state',
      );
    });

    it('reports an unknown action in a list by index', () => {
      expectOnly(
        problemsAfter(['/machine/states/draft/on/SUBMIT/1/actions/1', 'sendEmail']),
        '/machine/states/draft/on/SUBMIT/1/actions/1',
        /unknown action "sendEmail"/,
      );
    });

    it('reports an unknown entry action', () => {
      expectOnly(
        problemsAfter(['/machine/states/draft/entry', { type: 'sendEmail' }]),
        '/machine/states/draft/entry/type',
      );
    });

    it('reports action params that do not fit', () => {
      expectOnly(
        problemsAfter(['/machine/states/communeReview/on/APPROVE/actions/params', {}]),
        '/machine/states/communeReview/on/APPROVE/actions/params/state',
      );
    });
  });

  describe('four eyes (actorDistinctFrom)', () => {
    it('accepts earlier states that lead to the step', () => {
      expect(
        problemsAfter(
          ['/states/communeReview/actorDistinctFrom', ['draft']],
          ['/states/committeeReview/actorDistinctFrom', ['draft', 'communeReview']],
        ),
      ).toEqual([]);
    });

    it('reports each wrong entry at its exact path', () => {
      const at = '/states/boardReview/actorDistinctFrom';
      expectOnly(problemsAfter([at, 'draft']), at, /non-empty array/);
      expectOnly(problemsAfter([at, []]), at, /non-empty array/);
      expectOnly(problemsAfter([at, ['draft', 'nowhere']]), `${at}/1`, /state of the machine/);
      expectOnly(problemsAfter([at, [7]]), `${at}/0`, /state of the machine/);
      expectOnly(problemsAfter([at, ['boardReview']]), `${at}/0`, /earlier state/);
      expectOnly(problemsAfter([at, ['draft', 'draft']]), `${at}/1`, /twice/);
      expectOnly(problemsAfter([at, ['withdrawn']]), `${at}/0`, /final state/);
      // Once the committee can no longer return it, nothing leads from committeeReview to draft.
      expectOnly(
        problemsAfter(
          ['/machine/states/committeeReview/on/RETURN', { target: 'promulgated' }],
          ['/states/draft/actorDistinctFrom', ['committeeReview']],
        ),
        '/states/draft/actorDistinctFrom/0',
        /never comes before/,
      );
    });

    it('refuses it on a final state', () => {
      expectOnly(
        problemsAfter(['/states/promulgated/actorDistinctFrom', ['draft']]),
        '/states/promulgated/actorDistinctFrom',
        /final state/,
      );
    });
  });

  it('reports a machine xstate cannot build', () => {
    const spy = jest.spyOn(registry, 'createWorkflowMachine').mockImplementation(() => {
      throw new Error('invalid config');
    });
    try {
      expectOnly(
        validateDefinition(reviewDefinition(), vocabulary),
        '/machine',
        /xstate cannot build the machine: invalid config/,
      );
    } finally {
      spy.mockRestore();
    }
  });

  describe('graph', () => {
    it('reports a state not reachable from the initial state', () => {
      expectOnly(
        problemsAfter(
          ['/machine/states/archived', { on: { REOPEN: { target: 'draft' } } }],
          [
            '/states/archived',
            {
              title: { vi: 'Lưu trữ', en: 'Archived' },
              assignment: { unit: { relation: 'self' } },
            },
          ],
          ['/events/REOPEN', { title: { vi: 'Mở lại', en: 'Reopen' } }],
        ),
        '/machine/states/archived',
        /not reachable/,
      );
    });

    it('reports a non-final state with no way out (and what it cuts off)', () => {
      const problems = problemsAfter(
        ['/machine/states/committeeReview/on/APPROVE/target', REMOVE],
        ['/machine/states/committeeReview/on/RETURN/target', REMOVE],
      );
      expect(paths(problems)).toEqual([
        '/machine/states/promulgated',
        '/machine/states/committeeReview',
      ]);
      expect(problems[1].message).toMatch(/no outgoing transition/);
    });

    it('requires at least one final state', () => {
      const problems = problemsAfter(
        ['/machine/states/promulgated/type', REMOVE],
        ['/machine/states/withdrawn/type', REMOVE],
      );
      expect(problems).toContainEqual({
        path: '/machine/states',
        message: 'the machine needs at least one final state',
      });
    });
  });

  describe('state entries', () => {
    it('requires an entry for every machine state', () => {
      expectOnly(problemsAfter(['/states/boardReview', REMOVE]), '/states/boardReview');
    });

    it('rejects entries for states the machine lacks', () => {
      expectOnly(
        problemsAfter(['/states/ghost', { title: { vi: 'Ma', en: 'Ghost' } }]),
        '/states/ghost',
      );
    });

    it('requires the states object', () => {
      expectOnly(problemsAfter(['/states', REMOVE]), '/states');
    });

    it('requires state titles in both languages', () => {
      expectOnly(problemsAfter(['/states/draft/title/vi', REMOVE]), '/states/draft/title/vi');
    });

    it('requires an assignment on every non-final state', () => {
      expectOnly(
        problemsAfter(['/states/boardReview/assignment', REMOVE]),
        '/states/boardReview/assignment',
      );
    });

    it('reports an unknown unit kind', () => {
      expectOnly(
        problemsAfter(['/states/communeReview/assignment/unit/kind', 'ministry']),
        '/states/communeReview/assignment/unit/kind',
        /unknown unit kind "ministry"/,
      );
    });

    it('accepts a self assignment narrowed to a known unit kind, and reports an unknown one', () => {
      expect(
        problemsAfter(['/states/draft/assignment/unit/kind', 'mass-mobilization-board']),
      ).toEqual([]);
      expectOnly(
        problemsAfter(['/states/draft/assignment/unit/kind', 'ministry']),
        '/states/draft/assignment/unit/kind',
        /unknown unit kind "ministry"/,
      );
    });

    it('reports an unknown capability', () => {
      expectOnly(
        problemsAfter(['/states/communeReview/assignment/capability', 'signer']),
        '/states/communeReview/assignment/capability',
        /unknown capability "signer"/,
      );
    });

    it('reports an unknown relation', () => {
      expectOnly(
        problemsAfter(['/states/communeReview/assignment/unit/relation', 'sibling']),
        '/states/communeReview/assignment/unit/relation',
      );
    });

    it('requires the field of a field relation', () => {
      expectOnly(
        problemsAfter(['/states/communeReview/assignment/unit', { relation: 'field' }]),
        '/states/communeReview/assignment/unit/field',
      );
    });

    it('requires positive deadlines', () => {
      expectOnly(
        problemsAfter(['/states/draft/deadline/days', -1]),
        '/states/draft/deadline/days',
        /positive/,
      );
      expectOnly(
        problemsAfter(['/states/boardReview/deadline/hours', 0]),
        '/states/boardReview/deadline/hours',
      );
      expectOnly(
        problemsAfter(['/states/draft/deadline/days', '10']),
        '/states/draft/deadline/days',
      );
    });

    it('requires a deadline to name days or hours', () => {
      const problems = problemsAfter(['/states/draft/deadline', { weeks: 2 }]);
      expect(paths(problems)).toEqual(['/states/draft/deadline', '/states/draft/deadline/weeks']);
    });

    it('allows an outcome only on final states, and only a known one', () => {
      expectOnly(problemsAfter(['/states/draft/outcome', 'cancelled']), '/states/draft/outcome');
      expectOnly(
        problemsAfter(['/states/withdrawn/outcome', 'failed']),
        '/states/withdrawn/outcome',
      );
    });
  });

  describe('event entries', () => {
    it('requires an entry for every event the machine uses', () => {
      expectOnly(
        problemsAfter(['/events/APPROVE', REMOVE]),
        '/events/APPROVE',
        /used by the machine but has no entry/,
      );
    });

    it('rejects entries for events the machine does not use', () => {
      expectOnly(
        problemsAfter(['/events/DANCE', { title: { vi: 'Nhảy', en: 'Dance' } }]),
        '/events/DANCE',
        /not used/,
      );
    });

    it('requires the events object', () => {
      expectOnly(problemsAfter(['/events', []]), '/events');
    });

    it('reports the form schema error ajv finds', () => {
      expectOnly(
        problemsAfter(['/events/SUBMIT/form/properties/summary/minLength', 'ten']),
        '/events/SUBMIT/form',
        /minLength must be integer/,
      );
    });

    it('reports an unknown format in a form', () => {
      expectOnly(
        problemsAfter(['/events/SUBMIT/form/properties/effectiveDate/format', 'dat']),
        '/events/SUBMIT/form',
        /unknown format "dat"/,
      );
    });

    it('requires a form to describe an object', () => {
      expectOnly(
        problemsAfter(['/events/SUBMIT/form', { type: 'string' }]),
        '/events/SUBMIT/form/type',
      );
    });

    it('accepts an opinion field and reports the marker where it cannot be one', () => {
      expect(problemsAfter(['/events/SUBMIT/form/properties/summary/x-opinion', true])).toEqual([]);
      expectOnly(
        problemsAfter(['/events/RETURN/form/properties/returnTo/x-opinion', 'yes']),
        '/events/RETURN/form/properties/returnTo/x-opinion',
        /must be true/,
      );
    });

    it('checks an event assignment override', () => {
      expectOnly(
        problemsAfter(['/events/WITHDRAW/assignment/capability', 'owner']),
        '/events/WITHDRAW/assignment/capability',
      );
    });

    it('requires commentRequired to be a boolean', () => {
      expectOnly(
        problemsAfter(['/events/RETURN/commentRequired', 'yes']),
        '/events/RETURN/commentRequired',
      );
    });
  });

  it('reports every independent problem at once', () => {
    const problems = problemsAfter(
      ['/key', 'Bad Key'],
      ['/machine/states/communeReview/on/APPROVE/target', 'nowhere'],
      ['/states/communeReview/assignment/capability', 'signer'],
      ['/events/SUBMIT/form/properties/summary/minLength', 'ten'],
      ['/events/EXTRA', { title: { vi: 'Thêm', en: 'Extra' } }],
    );
    expect(paths(problems).sort()).toEqual(
      [
        '/key',
        '/machine/states/communeReview/on/APPROVE/target',
        '/states/communeReview/assignment/capability',
        '/events/SUBMIT/form',
        '/events/EXTRA',
      ].sort(),
    );
  });

  it('escapes "/" and "~" in names inside paths', () => {
    expect(paths(problemsAfter(['/events/A|B~C', { title: { vi: 'X', en: 'X' } }]))).toEqual([
      '/events/A|B~0C',
    ]);
    const doc: WorkflowDefinitionDocument = reviewDefinition();
    doc.events['A/B'] = { title: { vi: 'X', en: 'X' } };
    expect(paths(validateDefinition(doc, vocabulary))).toEqual(['/events/A~1B']);
  });
});

describe('a joint document’s co-signers (cùng ký ban hành)', () => {
  function withCoSigners(coSigners: unknown): WorkflowDefinitionDocument {
    const doc = reviewDefinition();
    doc.document = {
      onState: 'promulgated',
      type: 'QC',
      typeName: { vi: 'QUY CHẾ PHỐI HỢP', en: 'JOINT REGULATION' },
      issuer: { relation: 'nearest', kind: 'standing-committee' },
      signature: { onBehalfOf: 'T/M BAN THƯỜNG VỤ', title: 'PHÓ BÍ THƯ' },
      coSigners: coSigners as NonNullable<WorkflowDefinitionDocument['document']>['coSigners'],
    };
    return doc;
  }

  it('accepts a non-final step and the post’s field', () => {
    const doc = withCoSigners([
      { state: 'communeReview', onBehalfOf: 'T/M ỦY BAN NHÂN DÂN', titleField: 'signerTitle' },
    ]);
    expect(validateDefinition(doc, vocabulary)).toEqual([]);
  });

  it('refuses an empty list, a final or unknown state and a missing signing line', () => {
    expect(validateDefinition(withCoSigners([]), vocabulary).map((p) => p.path)).toEqual([
      '/document/coSigners',
    ]);
    expect(
      validateDefinition(
        withCoSigners([
          { state: 'promulgated', onBehalfOf: 'T/M ỦY BAN NHÂN DÂN' },
          { state: 'nowhere', onBehalfOf: '', titleField: 3 },
        ]),
        vocabulary,
      ).map((p) => p.path),
    ).toEqual([
      '/document/coSigners/0/state',
      '/document/coSigners/1/state',
      '/document/coSigners/1/onBehalfOf',
      '/document/coSigners/1/titleField',
    ]);
  });
});
