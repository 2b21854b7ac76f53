import { InMemoryOrgDirectory } from '../in-memory-org-directory';
import type { OrgUnitNode } from '../org-directory';

export const JURISDICTION_KINDS = ['province', 'district', 'commune'] as const;

export const UNIT_KINDS = [
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
] as const;

export const CAPABILITIES = ['drafter', 'approver'] as const;

/** Builds units from `[id, kind, parentId]` rows; the slug is the id. */
function units(rows: ReadonlyArray<readonly [string, string, string | null]>): OrgUnitNode[] {
  return rows.map(([id, kind, parentId]) => ({ id, slug: id, kind, parentId }));
}

function communeRows(commune: string, parentId: string): Array<[string, string, string | null]> {
  return [
    [commune, 'commune', parentId],
    [`${commune}.dang-uy`, 'party-committee', commune],
    [`${commune}.ubnd`, 'peoples-committee', commune],
    [`${commune}.mttq`, 'fatherland-front', commune],
    [`${commune}.hoi-nong-dan`, 'mass-organization', commune],
  ];
}

/** A district (huyện) with its Party Committee boards, People's Committee, Front and two communes. */
export function districtUnits(): OrgUnitNode[] {
  return units([
    ['huyen', 'district', null],
    ['huyen-uy', 'party-committee', 'huyen'],
    ['thuong-truc', 'standing-board', 'huyen-uy'],
    ['btv', 'standing-committee', 'huyen-uy'],
    ['dan-van', 'mass-mobilization-board', 'huyen-uy'],
    ['ubnd-huyen', 'peoples-committee', 'huyen'],
    ['phong-tu-phap', 'department', 'ubnd-huyen'],
    ['mttq-huyen', 'fatherland-front', 'huyen'],
    ['hoi-nong-dan-huyen', 'mass-organization', 'huyen'],
    ...communeRows('xa-a', 'huyen'),
    ...communeRows('xa-b', 'huyen'),
  ]);
}

/** The post-2025 two tiers: a province with its boards and communes directly below it. */
export function provinceUnits(): OrgUnitNode[] {
  return units([
    ['tinh', 'province', null],
    ['tinh-uy', 'party-committee', 'tinh'],
    ['tt-tinh-uy', 'standing-board', 'tinh-uy'],
    ['btv-tinh', 'standing-committee', 'tinh-uy'],
    ['dan-van-tinh', 'mass-mobilization-board', 'tinh-uy'],
    ['ubnd-tinh', 'peoples-committee', 'tinh'],
    ['mttq-tinh', 'fatherland-front', 'tinh'],
    ...communeRows('xa-c', 'tinh'),
  ]);
}

export function directoryOf(nodes: OrgUnitNode[]): InMemoryOrgDirectory {
  return new InMemoryOrgDirectory(nodes, JURISDICTION_KINDS, UNIT_KINDS);
}
