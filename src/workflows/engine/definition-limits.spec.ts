import type { WorkflowDefinitionDocument } from './definition.types';
import {
  DEFAULT_DEFINITION_LIMITS,
  type DefinitionProblem,
  validateDefinition,
} from './definition-validator';
import { reviewDefinition } from './testing/definition-fixtures';
import { CAPABILITIES, UNIT_KINDS } from './testing/org-fixtures';

const vocabulary = { unitKinds: UNIT_KINDS, capabilities: CAPABILITIES };
const paths = (problems: DefinitionProblem[]): string[] => problems.map((problem) => problem.path);

/** A chain of `count` states, each sending NEXT_<i> to the next; the last one final. */
function chain(count: number): WorkflowDefinitionDocument {
  const doc = reviewDefinition();
  doc.machine = { id: 'chain', initial: 's0', states: {} };
  doc.states = {};
  doc.events = {};
  for (let index = 0; index < count; index += 1) {
    const name = `s${index}`;
    const last = index === count - 1;
    doc.machine.states[name] = last
      ? { type: 'final' }
      : { on: { [`NEXT_${index}`]: { target: `s${index + 1}` } } };
    doc.states[name] = {
      title: { vi: `Bước ${index}`, en: `Step ${index}` },
      ...(last ? {} : { assignment: { unit: { relation: 'self' } } }),
    };
    if (!last) doc.events[`NEXT_${index}`] = { title: { vi: 'Tiếp', en: 'Next' } };
  }
  return doc;
}

describe('definition limits', () => {
  it('refuses more states than allowed, at /machine/states', () => {
    const problems = validateDefinition(chain(101), vocabulary);
    expect(paths(problems)).toContain('/machine/states');
    expect(problems.find((p) => p.path === '/machine/states')?.message).toMatch(/101 states/);
  });

  it('refuses a 10,000-event definition at /events before checking anything else', () => {
    const doc = reviewDefinition();
    const on: Record<string, { target: string }> = {};
    for (let index = 0; index < 10_000; index += 1) on[`E${index}`] = { target: 'communeReview' };
    doc.machine.states.draft.on = on;
    const problems = validateDefinition(doc, vocabulary, {
      ...DEFAULT_DEFINITION_LIMITS,
      maxBytes: 10_000_000,
    });
    expect(paths(problems)).toEqual(['/events']);
  });

  it('refuses a document over the size limit', () => {
    const doc = reviewDefinition();
    doc.description = { vi: 'x'.repeat(300_000), en: 'x' };
    expect(validateDefinition(doc, vocabulary)).toEqual([
      { path: '', message: expect.stringMatching(/at most 262144/) as string },
    ]);
  });

  it('refuses nesting deeper than the limit, naming where', () => {
    const doc = reviewDefinition() as unknown as Record<string, unknown>;
    let deep: Record<string, unknown> = {};
    doc.meta = deep;
    for (let index = 0; index < 40; index += 1) {
      const next = {};
      deep.x = next;
      deep = next;
    }
    const [problem] = validateDefinition(doc, vocabulary);
    expect(problem.path).toMatch(/^\/meta(\/x)+$/);
    expect(problem.message).toMatch(/deeper than 32/);
  });

  it('accepts a 100-state chain within the limits', () => {
    expect(validateDefinition(chain(100), vocabulary)).toEqual([]);
  });
});

describe('event types that are Object.prototype members', () => {
  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty'])(
    'reports "%s" with no events entry',
    (type) => {
      const doc = reviewDefinition();
      doc.machine.states.draft.on = {
        ...doc.machine.states.draft.on,
        [type]: { target: 'communeReview' },
      };
      expect(paths(validateDefinition(doc, vocabulary))).toEqual([`/events/${type}`]);
    },
  );

  it('reports a state named constructor with no states entry', () => {
    const doc = reviewDefinition();
    Object.assign(doc.machine.states, { constructor: { type: 'final' } });
    doc.machine.states.draft.on = {
      ...doc.machine.states.draft.on,
      END: { target: 'constructor' },
    };
    doc.events.END = { title: { vi: 'Kết thúc', en: 'End' } };
    expect(paths(validateDefinition(doc, vocabulary))).toEqual(['/states/constructor']);
  });
});

describe('deadlines', () => {
  function deadlineProblems(deadline: unknown): DefinitionProblem[] {
    const doc = reviewDefinition() as unknown as {
      states: Record<string, Record<string, unknown>>;
    };
    doc.states.draft.deadline = deadline;
    return validateDefinition(doc, vocabulary);
  }

  it.each([
    [{ days: 1e8 }, '/states/draft/deadline/days', /at most 366/],
    [{ hours: 1e12 }, '/states/draft/deadline/hours', /at most 8784/],
    [{ workingDays: 1000 }, '/states/draft/deadline/workingDays', /at most 250/],
    [{ workingDays: 1.5 }, '/states/draft/deadline/workingDays', /whole number/],
    [{ workingDays: 3, days: 1 }, '/states/draft/deadline/workingDays', /combined/],
    [{ workingDays: 3, at: '25:00' }, '/states/draft/deadline/at', /HH:MM/],
    [{ hours: 3, at: '17:00' }, '/states/draft/deadline/at', /hours/],
  ])('refuses %j', (deadline, path, message) => {
    const problems = deadlineProblems(deadline);
    expect(paths(problems)).toEqual([path]);
    expect(problems[0].message).toMatch(message);
  });

  it.each([
    { workingDays: 5 },
    { workingDays: 5, at: '16:30' },
    { days: 7, at: '17:00' },
    { days: 366 },
  ])('accepts %j', (deadline) => expect(deadlineProblems(deadline)).toEqual([]));
});
