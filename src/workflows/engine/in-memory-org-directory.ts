import type { OrgDirectory, OrgUnitNode } from './org-directory';

const NO_CHILDREN: readonly OrgUnitNode[] = Object.freeze([]);

/**
 * An {@link OrgDirectory} over units held in memory, indexed by id and by parent so every lookup
 * is O(1). The org-units module builds one from PostgreSQL and replaces it when units change.
 */
export class InMemoryOrgDirectory implements OrgDirectory {
  private readonly byId = new Map<string, OrgUnitNode>();
  private readonly byParent = new Map<string, OrgUnitNode[]>();
  private readonly retiredByParent = new Map<string, OrgUnitNode[]>();
  private readonly jurisdictionKinds: ReadonlySet<string>;
  private readonly kinds: readonly string[];

  /**
   * @param units every unit of the organisation, in any order
   * @param jurisdictionKinds the unit kind keys that are jurisdictions (`province`, `district`, `commune`...)
   * @param unitKinds every unit kind key known to the organisation; defaults to the kinds the units
   *   and jurisdictions use
   */
  constructor(
    units: Iterable<OrgUnitNode>,
    jurisdictionKinds: Iterable<string>,
    unitKinds?: Iterable<string>,
  ) {
    this.jurisdictionKinds = new Set(jurisdictionKinds);
    const kinds = new Set<string>(unitKinds ?? []);
    for (const unit of units) {
      // Copies keep the directory a snapshot: later changes to the caller's objects do not leak in.
      const node: OrgUnitNode = {
        id: unit.id,
        slug: unit.slug,
        kind: unit.kind,
        parentId: unit.parentId,
        ...(unit.retired ? { retired: true } : {}),
      };
      this.byId.set(node.id, node);
      kinds.add(node.kind);
    }
    for (const node of this.byId.values()) {
      if (node.parentId !== null) {
        // A retired unit is no one's child for routing; it is still found by id and as a former one.
        const index = node.retired ? this.retiredByParent : this.byParent;
        const siblings = index.get(node.parentId);
        if (siblings) {
          siblings.push(node);
        } else {
          index.set(node.parentId, [node]);
        }
      }
    }
    if (unitKinds === undefined) {
      for (const kind of this.jurisdictionKinds) {
        kinds.add(kind);
      }
    }
    this.kinds = [...kinds].sort();
  }

  unit(id: string): OrgUnitNode | undefined {
    return this.byId.get(id);
  }

  children(id: string): readonly OrgUnitNode[] {
    return this.byParent.get(id) ?? NO_CHILDREN;
  }

  formerChildren(id: string): readonly OrgUnitNode[] {
    return this.retiredByParent.get(id) ?? NO_CHILDREN;
  }

  isJurisdictionKind(kind: string): boolean {
    return this.jurisdictionKinds.has(kind);
  }

  unitKinds(): readonly string[] {
    return this.kinds;
  }

  /** The directory as plain data, to rebuild it where it cannot be shared (a worker thread). */
  toData(): OrgDirectoryData {
    return {
      units: [...this.byId.values()],
      jurisdictionKinds: [...this.jurisdictionKinds],
      unitKinds: [...this.kinds],
    };
  }

  static fromData(data: OrgDirectoryData): InMemoryOrgDirectory {
    return new InMemoryOrgDirectory(data.units, data.jurisdictionKinds, data.unitKinds);
  }
}

/** What {@link InMemoryOrgDirectory.toData} gives: the constructor's arguments. */
export interface OrgDirectoryData {
  units: OrgUnitNode[];
  jurisdictionKinds: string[];
  unitKinds: string[];
}
