import { jurisdictionOf } from '../../workflows/engine/assignment-resolver';
import { type OrgDirectory, type OrgUnitNode } from '../../workflows/engine/org-directory';

/** Whether `unitId` is `ancestorId` or lies below it. */
export function isWithinUnit(unitId: string, ancestorId: string, directory: OrgDirectory): boolean {
  const seen = new Set<string>();
  for (
    let unit = directory.unit(unitId);
    unit && !seen.has(unit.id);
    unit = unit.parentId ? directory.unit(unit.parentId) : undefined
  ) {
    if (unit.id === ancestorId) return true;
    seen.add(unit.id);
  }
  return false;
}

/** The unit and every unit below it, the unit first; merged or retired ones too (their past is read). */
export function subtreeOf(rootId: string, directory: OrgDirectory): OrgUnitNode[] {
  const root = directory.unit(rootId);
  if (!root) return [];
  const out: OrgUnitNode[] = [];
  const seen = new Set<string>();
  const stack: OrgUnitNode[] = [root];
  while (stack.length > 0) {
    const unit = stack.pop() as OrgUnitNode;
    if (seen.has(unit.id)) continue;
    seen.add(unit.id);
    out.push(unit);
    stack.push(...directory.children(unit.id), ...(directory.formerChildren?.(unit.id) ?? []));
  }
  return out;
}

/** The units whose nearest jurisdiction is `jurisdictionId` (its own offices, not nested jurisdictions'). */
export function unitsOfJurisdiction(jurisdictionId: string, directory: OrgDirectory): string[] {
  return subtreeOf(jurisdictionId, directory)
    .filter((unit) => jurisdictionOf(unit.id, directory)?.id === jurisdictionId)
    .map((unit) => unit.id);
}
