import { importStatelyMachine, titleFromName } from './stately-import';

const title = { vi: 'Quy trình', en: 'Process' };

describe('importStatelyMachine', () => {
  it('resolves every target form to a plain state name', () => {
    const { document } = importStatelyMachine({
      key: 'flow',
      title,
      machine: {
        id: 'flow',
        initial: 'a',
        states: {
          a: {
            on: {
              SHORT: '#flow.b',
              ARRAY: ['c', { target: '#flow.b', guard: 'noApprovalsYet' }],
              MULTI: { target: ['#flow.c'] },
              BY_ID: { target: '#the-c' },
              SIBLING: { target: 'b' },
            },
          },
          b: { on: { NEXT: '#flow.c' } },
          c: { id: 'the-c', type: 'final' },
        },
      },
    });
    expect(document.machine.states).toEqual({
      a: {
        on: {
          SHORT: { target: 'b' },
          ARRAY: [{ target: 'c' }, { target: 'b', guard: 'noApprovalsYet' }],
          MULTI: { target: 'c' },
          BY_ID: { target: 'c' },
          SIBLING: { target: 'b' },
        },
      },
      b: { on: { NEXT: { target: 'c' } } },
      c: { type: 'final' },
    });
  });

  it('drops what only documents or types the machine, and says so', () => {
    const { document, removed } = importStatelyMachine({
      key: 'flow',
      title,
      machine: {
        initial: 'a',
        context: { count: 0 },
        types: {},
        version: '1.0',
        states: { a: { type: 'atomic', on: { GO: 'b' } }, b: { type: 'final', output: 1 } },
      },
    });
    expect(document.machine).toEqual({
      id: 'flow',
      initial: 'a',
      states: { a: { on: { GO: { target: 'b' } } }, b: { type: 'final' } },
    });
    expect(removed).toEqual([
      '/machine/context',
      '/machine/types',
      '/machine/version',
      '/machine/states/a/type',
      '/machine/states/b/output',
    ]);
  });

  it('keeps behaviour the engine cannot run, for the validator to report', () => {
    const { document } = importStatelyMachine({
      key: 'flow',
      title,
      machine: { id: 'flow', initial: 'a', always: 'b', states: { a: { after: { 5: 'b' } } } },
    });
    expect(document.machine.always).toBe('b');
    expect(document.machine.states).toEqual({ a: { after: { 5: 'b' } } });
  });

  it('fills titles from names, keeping specs given', () => {
    const { document } = importStatelyMachine({
      key: 'flow',
      title,
      machine: { id: 'flow', initial: 'draft', states: { draft: { on: { SEND_BACK: 'draft' } } } },
      states: { draft: { deadline: { days: 2 } }, ghost: { title } },
      events: { SEND_BACK: { commentRequired: true } },
    });
    expect(document.states).toEqual({
      draft: { title: { vi: 'Draft', en: 'Draft' }, deadline: { days: 2 } },
      ghost: { title },
    });
    expect(document.events).toEqual({
      SEND_BACK: { title: { vi: 'Send back', en: 'Send back' }, commentRequired: true },
    });
  });

  it.each([
    ['communeReview', 'Commune review'],
    ['awaiting_reply', 'Awaiting reply'],
    ['SUBMIT', 'Submit'],
    ['step-2', 'Step 2'],
  ])('titles %s as %s', (name, expected) => {
    expect(titleFromName(name)).toEqual({ vi: expected, en: expected });
  });
});
