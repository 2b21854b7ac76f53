import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A kind of unit (district, commune, Ban Dân vận...). Kinds are data so that a reorganised
 * hierarchy (province–commune after the 2025 reform) is a matter of seeding, not code.
 */
@Entity({ name: 'org_unit_kinds' })
export class OrgUnitKind {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ name: 'name_vi', type: 'text' })
  nameVi!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  /** A jurisdiction (province, district, commune) scopes the units inside it for routing. */
  @Column({ name: 'is_jurisdiction', type: 'boolean', default: false })
  isJurisdiction!: boolean;

  /**
   * Units of this kind read the cases of units of the same kind below them, along their own chain
   * and not only the unit tree: the district Front reads its communes' Front documents.
   */
  @Column({ name: 'reads_own_chain', type: 'boolean', default: false })
  readsOwnChain!: boolean;
}
