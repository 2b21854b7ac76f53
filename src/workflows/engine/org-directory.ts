/**
 * The organisation as the pure engine sees it: a read-only snapshot of the unit tree and of which
 * unit kinds are jurisdictions (district, commune, province...). Built by the org-units module
 * from PostgreSQL; the engine never queries the database itself.
 */
export interface OrgUnitNode {
  id: string;
  slug: string;
  kind: string;
  parentId: string | null;
  /** Merged or retired: still found by id (its past names it), never routed new work. */
  retired?: boolean;
}

export interface OrgDirectory {
  unit(id: string): OrgUnitNode | undefined;
  /** The unit's active sub-units: where routing may send new work. */
  children(id: string): readonly OrgUnitNode[];
  /** Its merged or retired sub-units, for reading the past (audit, scorecards). */
  formerChildren?(id: string): readonly OrgUnitNode[];
  isJurisdictionKind(kind: string): boolean;
  /** Every unit kind key known to the organisation (for definition validation). */
  unitKinds(): readonly string[];
}
