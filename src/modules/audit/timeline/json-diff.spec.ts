import { diffJson } from './json-diff';

describe('diffJson', () => {
  it('finds nothing between equal documents whatever the key order', () => {
    expect(diffJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('reports added, removed and changed leaves as JSON pointers with old and new values', () => {
    const before = {
      title: 'Quy chế cũ',
      parties: ['UBND', 'MTTQ'],
      meta: { 'a/b': 1 },
      gone: true,
    };
    const after = { title: 'Quy chế mới', parties: ['UBND', 'MTTQ', 'Hội Nông dân'], meta: {} };
    expect(diffJson(before, after)).toEqual([
      { op: 'removed', path: '/gone', oldValue: true },
      { op: 'removed', path: '/meta/a~1b', oldValue: 1 },
      { op: 'added', path: '/parties/2', newValue: 'Hội Nông dân' },
      { op: 'changed', path: '/title', oldValue: 'Quy chế cũ', newValue: 'Quy chế mới' },
    ]);
  });

  it('descends into list items and reports a change of type at its own path', () => {
    expect(
      diffJson(
        { items: [{ role: 'lead', name: 'A' }], x: { y: 1 } },
        { items: [{ role: 'partner', name: 'A' }], x: 'y' },
      ),
    ).toEqual([
      { op: 'changed', path: '/items/0/role', oldValue: 'lead', newValue: 'partner' },
      { op: 'changed', path: '/x', oldValue: { y: 1 }, newValue: 'y' },
    ]);
  });
});
