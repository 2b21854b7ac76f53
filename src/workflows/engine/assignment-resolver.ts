import type { Assignment, UnitSelector, WorkflowContext } from './definition.types';
import { OrgUnitNotFoundError, OrgUnitWithoutJurisdictionError } from './engine.errors';
import type { OrgDirectory, OrgUnitNode } from './org-directory';
import { type JsonObject } from '../../common/json/json.types';

/**
 * The unit's jurisdiction: the nearest ancestor-or-self whose kind is a jurisdiction kind, or null
 * when the unit is unknown or lies in none.
 */
export function jurisdictionOf(unitId: string, directory: OrgDirectory): OrgUnitNode | null {
  const seen = new Set<string>();
  let current = directory.unit(unitId);
  // `seen` guards against a cycle in stored data, which would otherwise loop forever.
  while (current && !seen.has(current.id)) {
    if (directory.isJurisdictionKind(current.kind)) {
      return current;
    }
    seen.add(current.id);
    current = current.parentId === null ? undefined : directory.unit(current.parentId);
  }
  return null;
}

function parentJurisdiction(
  jurisdiction: OrgUnitNode,
  directory: OrgDirectory,
): OrgUnitNode | null {
  if (jurisdiction.parentId === null) {
    return null;
  }
  const parent = jurisdictionOf(jurisdiction.parentId, directory);
  // A cycle would make a jurisdiction its own ancestor; treat it as the top.
  return parent && parent.id !== jurisdiction.id ? parent : null;
}

// The jurisdiction and every jurisdiction above it, nearest first.
function jurisdictionChain(unitId: string, directory: OrgDirectory): OrgUnitNode[] {
  const chain: OrgUnitNode[] = [];
  const seen = new Set<string>();
  let current = jurisdictionOf(unitId, directory);
  while (current && !seen.has(current.id)) {
    chain.push(current);
    seen.add(current.id);
    current = parentJurisdiction(current, directory);
  }
  return chain;
}

// The shallowest unit of `kind` inside the jurisdiction: breadth-first below it, not descending
// into nested jurisdictions, whose units belong to them and not to this one.
function findInside(
  jurisdiction: OrgUnitNode,
  kind: string,
  directory: OrgDirectory,
): OrgUnitNode | null {
  const seen = new Set<string>([jurisdiction.id]);
  let level: readonly OrgUnitNode[] = directory.children(jurisdiction.id);
  while (level.length > 0) {
    const next: OrgUnitNode[] = [];
    for (const unit of level) {
      if (seen.has(unit.id) || directory.isJurisdictionKind(unit.kind)) {
        continue;
      }
      seen.add(unit.id);
      if (unit.kind === kind) {
        return unit;
      }
      next.push(...directory.children(unit.id));
    }
    level = next;
  }
  return null;
}

/**
 * Resolves which unit acts for a selector, relative to the instance's unit (see {@link UnitSelector}).
 * Returns null when the organisation has no such unit, so the caller can report an unassigned step.
 */
export function resolveAssignedUnit(
  selector: UnitSelector,
  instanceUnitId: string,
  instanceData: JsonObject,
  directory: OrgDirectory,
): string | null {
  switch (selector.relation) {
    case 'self': {
      const unit = directory.unit(instanceUnitId);
      return unit && (selector.kind === undefined || unit.kind === selector.kind)
        ? instanceUnitId
        : null;
    }
    case 'jurisdiction': {
      const jurisdiction = jurisdictionOf(instanceUnitId, directory);
      return jurisdiction ? (findInside(jurisdiction, selector.kind, directory)?.id ?? null) : null;
    }
    case 'nearest': {
      for (const jurisdiction of jurisdictionChain(instanceUnitId, directory)) {
        const found = findInside(jurisdiction, selector.kind, directory);
        if (found) {
          return found.id;
        }
      }
      return null;
    }
    case 'root': {
      const top = jurisdictionChain(instanceUnitId, directory).at(-1);
      return top ? (findInside(top, selector.kind, directory)?.id ?? null) : null;
    }
    case 'field': {
      const value = instanceData[selector.field];
      return typeof value === 'string' && directory.unit(value) ? value : null;
    }
  }
}

/**
 * The routing facts about an instance's unit that guards read from the context.
 *
 * @throws OrgUnitNotFoundError when the unit is unknown
 * @throws OrgUnitWithoutJurisdictionError when no jurisdiction contains it
 */
export function originFor(unitId: string, directory: OrgDirectory): WorkflowContext['origin'] {
  if (!directory.unit(unitId)) {
    throw new OrgUnitNotFoundError(unitId);
  }
  const jurisdiction = jurisdictionOf(unitId, directory);
  if (!jurisdiction) {
    throw new OrgUnitWithoutJurisdictionError(unitId);
  }
  return {
    orgUnitId: unitId,
    jurisdictionKind: jurisdiction.kind,
    atTopJurisdiction: parentJurisdiction(jurisdiction, directory) === null,
  };
}

/** The user the assignment describes: same unit as resolved and, if one is named, the capability. */
export interface AssigneeCandidate {
  orgUnitId: string;
  capabilities: readonly string[];
}

/**
 * Whether the user may act under the assignment, given the unit it resolved to. Delegations are
 * the caller's concern: pass the delegated unit and capabilities as the candidate.
 */
export function isAssignee(
  assignment: Assignment,
  user: AssigneeCandidate,
  resolvedUnitId: string | null,
): boolean {
  if (resolvedUnitId === null || user.orgUnitId !== resolvedUnitId) {
    return false;
  }
  return assignment.capability === undefined || user.capabilities.includes(assignment.capability);
}
