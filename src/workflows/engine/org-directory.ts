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
}

export interface OrgDirectory {
  unit(id: string): OrgUnitNode | undefined;
  children(id: string): readonly OrgUnitNode[];
  isJurisdictionKind(kind: string): boolean;
  /** Every unit kind key known to the organisation (for definition validation). */
  unitKinds(): readonly string[];
}
