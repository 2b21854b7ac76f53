import { isAssignee, jurisdictionOf, originFor, resolveAssignedUnit } from './assignment-resolver';
import type { UnitSelector } from './definition.types';
import { OrgUnitNotFoundError, OrgUnitWithoutJurisdictionError } from './engine.errors';
import { InMemoryOrgDirectory } from './in-memory-org-directory';
import { reviewDefinition } from './testing/definition-fixtures';
import {
  JURISDICTION_KINDS,
  directoryOf,
  districtUnits,
  provinceUnits,
} from './testing/org-fixtures';

const district = directoryOf(districtUnits());
const province = directoryOf(provinceUnits());

describe('jurisdictionOf', () => {
  it('is the unit itself for a jurisdiction', () => {
    expect(jurisdictionOf('xa-a', district)?.id).toBe('xa-a');
  });

  it('is the nearest jurisdiction above a commune unit', () => {
    expect(jurisdictionOf('xa-a.mttq', district)?.id).toBe('xa-a');
  });

  it('is the district for a board nested under Huyện ủy', () => {
    expect(jurisdictionOf('dan-van', district)?.id).toBe('huyen');
  });

  it('is null for an unknown unit', () => {
    expect(jurisdictionOf('nowhere', district)).toBeNull();
  });

  it('stops on a cycle in the data instead of looping', () => {
    const cyclic = new InMemoryOrgDirectory(
      [
        { id: 'a', slug: 'a', kind: 'department', parentId: 'b' },
        { id: 'b', slug: 'b', kind: 'department', parentId: 'a' },
      ],
      JURISDICTION_KINDS,
    );
    expect(jurisdictionOf('a', cyclic)).toBeNull();
  });
});

describe('originFor', () => {
  it('describes a commune unit as below the top', () => {
    expect(originFor('xa-b.mttq', district)).toEqual({
      orgUnitId: 'xa-b.mttq',
      jurisdictionKind: 'commune',
      atTopJurisdiction: false,
    });
  });

  it('describes a district unit as at the top', () => {
    expect(originFor('mttq-huyen', district)).toEqual({
      orgUnitId: 'mttq-huyen',
      jurisdictionKind: 'district',
      atTopJurisdiction: true,
    });
  });

  it('describes a commune of a two-tier province as below the top', () => {
    expect(originFor('xa-c.mttq', province)).toEqual({
      orgUnitId: 'xa-c.mttq',
      jurisdictionKind: 'commune',
      atTopJurisdiction: false,
    });
  });

  it('rejects an unknown unit', () => {
    expect(() => originFor('nowhere', district)).toThrow(OrgUnitNotFoundError);
  });

  it('rejects a unit in no jurisdiction', () => {
    const loose = new InMemoryOrgDirectory(
      [{ id: 'club', slug: 'club', kind: 'mass-organization', parentId: null }],
      JURISDICTION_KINDS,
    );
    expect(() => originFor('club', loose)).toThrow(OrgUnitWithoutJurisdictionError);
  });
});

describe('resolveAssignedUnit', () => {
  const resolve = (
    selector: UnitSelector,
    unitId: string,
    directory = district,
    data: Record<string, string> = {},
  ): string | null => resolveAssignedUnit(selector, unitId, data, directory);

  it('self is the instance unit', () => {
    expect(resolve({ relation: 'self' }, 'xa-a.mttq')).toBe('xa-a.mttq');
  });

  it('self with a kind is the instance unit only when it is of that kind', () => {
    const board = { relation: 'self', kind: 'mass-mobilization-board' } as const;
    expect(resolve(board, 'dan-van')).toBe('dan-van');
    expect(resolve(board, 'xa-a.mttq')).toBeNull();
  });

  it('self is null for an unknown unit', () => {
    expect(resolve({ relation: 'self' }, 'nowhere')).toBeNull();
  });

  it('jurisdiction finds the commune Đảng ủy for a commune drafter', () => {
    expect(resolve({ relation: 'jurisdiction', kind: 'party-committee' }, 'xa-b.mttq')).toBe(
      'xa-b.dang-uy',
    );
  });

  it('jurisdiction finds Huyện ủy for a district drafter, not a commune committee', () => {
    expect(resolve({ relation: 'jurisdiction', kind: 'party-committee' }, 'mttq-huyen')).toBe(
      'huyen-uy',
    );
  });

  it('jurisdiction counts units nested under a district unit as inside the district', () => {
    expect(
      resolve({ relation: 'jurisdiction', kind: 'mass-mobilization-board' }, 'mttq-huyen'),
    ).toBe('dan-van');
  });

  it('jurisdiction is null when the commune has no unit of the kind', () => {
    expect(
      resolve({ relation: 'jurisdiction', kind: 'mass-mobilization-board' }, 'xa-a.mttq'),
    ).toBeNull();
  });

  it('nearest walks up from the commune to the district Dân vận Board', () => {
    expect(resolve({ relation: 'nearest', kind: 'mass-mobilization-board' }, 'xa-a.mttq')).toBe(
      'dan-van',
    );
  });

  it('nearest prefers the own jurisdiction when it has the kind', () => {
    expect(resolve({ relation: 'nearest', kind: 'fatherland-front' }, 'xa-a.dang-uy')).toBe(
      'xa-a.mttq',
    );
  });

  it('nearest is null when no jurisdiction up the chain has the kind', () => {
    expect(
      resolve({ relation: 'nearest', kind: 'standing-board' }, 'xa-c.mttq', district),
    ).toBeNull();
  });

  it('root finds the Standing Committee of the top jurisdiction', () => {
    expect(resolve({ relation: 'root', kind: 'standing-committee' }, 'xa-a.mttq')).toBe('btv');
  });

  it('root finds the top jurisdiction Front even from a commune that has its own', () => {
    expect(resolve({ relation: 'root', kind: 'fatherland-front' }, 'xa-a.dang-uy')).toBe(
      'mttq-huyen',
    );
  });

  it('field reads a unit id chosen in the data', () => {
    expect(
      resolve({ relation: 'field', field: 'recipientUnitId' }, 'phong-tu-phap', district, {
        recipientUnitId: 'hoi-nong-dan-huyen',
      }),
    ).toBe('hoi-nong-dan-huyen');
  });

  it('field is null when the data names no known unit', () => {
    expect(
      resolve({ relation: 'field', field: 'recipientUnitId' }, 'phong-tu-phap', district, {
        recipientUnitId: 'nowhere',
      }),
    ).toBeNull();
    expect(resolve({ relation: 'field', field: 'recipientUnitId' }, 'phong-tu-phap')).toBeNull();
  });

  it('takes the shallowest match, whatever the insertion order', () => {
    const nodes = [
      { id: 'j', slug: 'j', kind: 'district', parentId: null },
      { id: 'deep-parent', slug: 'deep-parent', kind: 'peoples-committee', parentId: 'j' },
      { id: 'deep', slug: 'deep', kind: 'department', parentId: 'deep-parent' },
      { id: 'shallow', slug: 'shallow', kind: 'department', parentId: 'j' },
    ];
    const directory = new InMemoryOrgDirectory(nodes, JURISDICTION_KINDS);
    expect(resolve({ relation: 'jurisdiction', kind: 'department' }, 'deep', directory)).toBe(
      'shallow',
    );
  });

  it('does not look inside nested jurisdictions', () => {
    // Only communes have a mass organisation below the district's Front here.
    const nodes = districtUnits().filter((unit) => unit.id !== 'hoi-nong-dan-huyen');
    expect(
      resolve(
        { relation: 'jurisdiction', kind: 'mass-organization' },
        'mttq-huyen',
        directoryOf(nodes),
      ),
    ).toBeNull();
  });

  describe('one definition serves both hierarchies', () => {
    const definition = reviewDefinition();
    const assigneesFor = (
      unitId: string,
      directory: InMemoryOrgDirectory,
    ): Record<string, string | null> =>
      Object.fromEntries(
        Object.entries(definition.states)
          .filter(([, spec]) => spec.assignment !== undefined)
          .map(([state, spec]) => [
            state,
            resolveAssignedUnit(spec.assignment!.unit, unitId, {}, directory),
          ]),
      );

    it('routes a district commune drafter through commune, district board and committee', () => {
      expect(assigneesFor('xa-a.mttq', district)).toEqual({
        draft: 'xa-a.mttq',
        communeReview: 'xa-a.dang-uy',
        boardReview: 'dan-van',
        committeeReview: 'btv',
      });
    });

    it('routes a two-tier province commune drafter through commune and province boards', () => {
      expect(assigneesFor('xa-c.mttq', province)).toEqual({
        draft: 'xa-c.mttq',
        communeReview: 'xa-c.dang-uy',
        boardReview: 'dan-van-tinh',
        committeeReview: 'btv-tinh',
      });
    });
  });
});

describe('isAssignee', () => {
  const approverStep = { unit: { relation: 'self' as const }, capability: 'approver' };

  it('accepts a user of the resolved unit with the capability', () => {
    expect(isAssignee(approverStep, { orgUnitId: 'u1', capabilities: ['approver'] }, 'u1')).toBe(
      true,
    );
  });

  it('refuses a user of another unit', () => {
    expect(isAssignee(approverStep, { orgUnitId: 'u2', capabilities: ['approver'] }, 'u1')).toBe(
      false,
    );
  });

  it('refuses a user without the capability', () => {
    expect(isAssignee(approverStep, { orgUnitId: 'u1', capabilities: ['drafter'] }, 'u1')).toBe(
      false,
    );
  });

  it('accepts any official of the unit when no capability is named', () => {
    expect(
      isAssignee({ unit: { relation: 'self' } }, { orgUnitId: 'u1', capabilities: [] }, 'u1'),
    ).toBe(true);
  });

  it('refuses everyone when the assignment resolved to no unit', () => {
    expect(isAssignee(approverStep, { orgUnitId: 'u1', capabilities: ['approver'] }, null)).toBe(
      false,
    );
  });
});
