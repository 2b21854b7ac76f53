import { InMemoryOrgDirectory } from './in-memory-org-directory';

describe('InMemoryOrgDirectory', () => {
  const nodes = [
    { id: 'b', slug: 'b', kind: 'commune', parentId: 'a' },
    { id: 'a', slug: 'a', kind: 'district', parentId: null },
    { id: 'c', slug: 'c', kind: 'party-committee', parentId: 'b' },
    { id: 'd', slug: 'd', kind: 'fatherland-front', parentId: 'b' },
  ];

  it('finds units by id and children by parent, in input order', () => {
    const directory = new InMemoryOrgDirectory(nodes, ['district', 'commune']);
    expect(directory.unit('c')).toEqual(nodes[2]);
    expect(directory.unit('zz')).toBeUndefined();
    expect(directory.children('b').map((unit) => unit.id)).toEqual(['c', 'd']);
    expect(directory.children('d')).toEqual([]);
  });

  it('knows the jurisdiction kinds', () => {
    const directory = new InMemoryOrgDirectory(nodes, ['district', 'commune']);
    expect(directory.isJurisdictionKind('commune')).toBe(true);
    expect(directory.isJurisdictionKind('party-committee')).toBe(false);
  });

  it('lists the kinds in use when none are given', () => {
    const directory = new InMemoryOrgDirectory(nodes, ['district', 'commune', 'province']);
    expect(directory.unitKinds()).toEqual([
      'commune',
      'district',
      'fatherland-front',
      'party-committee',
      'province',
    ]);
  });

  it('lists the given kinds plus any kind in use', () => {
    const directory = new InMemoryOrgDirectory(nodes, ['district'], ['district', 'department']);
    expect(directory.unitKinds()).toEqual([
      'commune',
      'department',
      'district',
      'fatherland-front',
      'party-committee',
    ]);
  });

  it('is not affected by later changes to the input objects', () => {
    const input = nodes.map((node) => ({ ...node }));
    const directory = new InMemoryOrgDirectory(input, ['district', 'commune']);
    input[2].kind = 'department';
    expect(directory.unit('c')?.kind).toBe('party-committee');
  });
});
