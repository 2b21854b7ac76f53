import { Injectable } from '@nestjs/common';
import { type EntityManager, IsNull } from 'typeorm';
import { OrgUnit } from './org-unit.entity';
import { OrgUnitKind } from './org-unit-kind.entity';

/** The columns a unit is created with, or an admin change may set. */
export interface OrgUnitFields {
  slug: string;
  name: string;
  nameEn: string | null;
  kind: string;
  parentId: string | null;
}

/** A unit above (or at) a given one, nearest first, and whether its kind is a jurisdiction. */
export interface Ancestor {
  id: string;
  isJurisdiction: boolean;
}

/**
 * Serialises changes to the unit tree, so two concurrent moves cannot each pass the cycle check
 * and together make a cycle. Held to the end of the transaction.
 */
const ORG_TREE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('org_units_tree'))`;

/** The one place `org_units` and `org_unit_kinds` are read and written. */
@Injectable()
export class OrgUnitsRepository {
  list(manager: EntityManager): Promise<OrgUnit[]> {
    return manager.getRepository(OrgUnit).find({ order: { slug: 'ASC' } });
  }

  listKinds(manager: EntityManager): Promise<OrgUnitKind[]> {
    return manager.getRepository(OrgUnitKind).find({ order: { key: 'ASC' } });
  }

  count(manager: EntityManager): Promise<number> {
    return manager.getRepository(OrgUnit).count();
  }

  exists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.getRepository(OrgUnit).existsBy({ id });
  }

  slugTaken(manager: EntityManager, slug: string): Promise<boolean> {
    return manager.getRepository(OrgUnit).existsBy({ slug });
  }

  /** The names of the units, by id (units that do not exist are left out). */
  async namesByIds(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await manager.query<Array<{ id: string; name: string }>>(
      `SELECT id, name FROM org_units WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  findById(manager: EntityManager, id: string): Promise<OrgUnit | null> {
    return manager.getRepository(OrgUnit).findOneBy({ id });
  }

  findKind(manager: EntityManager, key: string): Promise<OrgUnitKind | null> {
    return manager.getRepository(OrgUnitKind).findOneBy({ key });
  }

  /** Holds the tree lock until the transaction ends. */
  async lockTree(manager: EntityManager): Promise<void> {
    await manager.query(ORG_TREE_LOCK);
  }

  async createKind(manager: EntityManager, kind: OrgUnitKind): Promise<OrgUnitKind> {
    const kinds = manager.getRepository(OrgUnitKind);
    const created = kinds.create(kind);
    await kinds.insert(created);
    return created;
  }

  async createUnit(manager: EntityManager, unit: OrgUnitFields): Promise<OrgUnit> {
    const units = manager.getRepository(OrgUnit);
    const created = units.create(unit);
    await units.save(created);
    return created;
  }

  async updateUnit(
    manager: EntityManager,
    id: string,
    change: Pick<OrgUnitFields, 'name' | 'nameEn' | 'kind' | 'parentId'>,
  ): Promise<void> {
    await manager.getRepository(OrgUnit).update({ id }, change);
  }

  /** The unit and its ancestors, nearest first; a cycle already stored stops the walk. */
  async selfAndAncestors(manager: EntityManager, id: string): Promise<Ancestor[]> {
    const rows = await manager.query<Array<{ id: string; is_jurisdiction: boolean }>>(
      `WITH RECURSIVE up(id, parent_id, kind, depth, path) AS (
         SELECT id, parent_id, kind, 0, ARRAY[id] FROM org_units WHERE id = $1
         UNION ALL
         SELECT o.id, o.parent_id, o.kind, up.depth + 1, up.path || o.id
           FROM org_units o JOIN up ON o.id = up.parent_id
          WHERE NOT o.id = ANY(up.path))
       SELECT up.id, k.is_jurisdiction FROM up JOIN org_unit_kinds k ON k.key = up.kind
        ORDER BY up.depth`,
      [id],
    );
    return rows.map((r) => ({ id: r.id, isJurisdiction: r.is_jurisdiction }));
  }

  /** The active sub-units of a unit, by slug. */
  activeChildren(manager: EntityManager, parentId: string): Promise<OrgUnit[]> {
    return manager
      .getRepository(OrgUnit)
      .find({ where: { parentId, retiredAt: IsNull() }, order: { slug: 'ASC' } });
  }

  async countActiveChildren(manager: EntityManager, parentId: string): Promise<number> {
    const [row] = await manager.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM org_units WHERE parent_id = $1 AND retired_at IS NULL`,
      [parentId],
    );
    return row.count;
  }

  /** Whether `unitId` is `rootId` or lies below it (cycles already stored stop the walk). */
  async isWithin(manager: EntityManager, unitId: string, rootId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH RECURSIVE up(id, parent_id, path) AS (
         SELECT id, parent_id, ARRAY[id] FROM org_units WHERE id = $1
         UNION ALL
         SELECT o.id, o.parent_id, up.path || o.id FROM org_units o JOIN up ON o.id = up.parent_id
          WHERE NOT o.id = ANY(up.path))
       SELECT 1 FROM up WHERE id = $2`,
      [unitId, rootId],
    );
    return rows.length > 0;
  }

  /** A reorganisation moves a sub-unit that has no counterpart under the successor. */
  async moveUnder(manager: EntityManager, unitId: string, parentId: string): Promise<void> {
    await manager.query(`UPDATE org_units SET parent_id = $2, updated_at = now() WHERE id = $1`, [
      unitId,
      parentId,
    ]);
  }

  /** Marks a unit merged (into `mergedIntoId`) or retired (null): it keeps its past. */
  async retire(
    manager: EntityManager,
    unitId: string,
    mergedIntoId: string | null,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE org_units SET retired_at = $3, merged_into_id = $2, updated_at = $3 WHERE id = $1`,
      [unitId, mergedIntoId, at],
    );
  }

  /** Seeding: upserts kinds by key. */
  async upsertKinds(manager: EntityManager, kinds: OrgUnitKind[]): Promise<void> {
    await manager.getRepository(OrgUnitKind).upsert(kinds, ['key']);
  }

  /** Seeding: upserts a unit by slug, touching `updated_at` only when something changed. */
  async upsertUnitBySlug(manager: EntityManager, unit: OrgUnitFields): Promise<string> {
    const rows = await manager.query<Array<{ id: string }>>(
      `INSERT INTO org_units (slug, name, name_en, kind, parent_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en,
         kind = EXCLUDED.kind, parent_id = EXCLUDED.parent_id,
         updated_at = CASE WHEN (org_units.name, org_units.name_en, org_units.kind, org_units.parent_id)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.name_en, EXCLUDED.kind, EXCLUDED.parent_id)
           THEN now() ELSE org_units.updated_at END
       RETURNING id`,
      [unit.slug, unit.name, unit.nameEn, unit.kind, unit.parentId],
    );
    return rows[0].id;
  }
}
