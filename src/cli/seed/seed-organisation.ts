import * as argon2 from 'argon2';
import { type EntityManager } from 'typeorm';
import { OrgUnitKind } from '../../modules/org-units/org-unit-kind.entity';
import { User } from '../../modules/users/user.entity';
import { type SeedUnit, type SeedUnitKind, type SeedUser } from './demo-organisation';

/**
 * Upserts kinds, units and users by their natural keys (kind key, unit slug, username), so running
 * the seed again changes nothing. A password is re-hashed only when it no longer matches.
 */
export async function seedOrganisation(
  manager: EntityManager,
  input: { kinds: readonly SeedUnitKind[]; units: readonly SeedUnit[]; users: readonly SeedUser[] },
  password: string,
): Promise<{ units: number; users: number }> {
  await manager.getRepository(OrgUnitKind).upsert([...input.kinds], ['key']);

  const idsBySlug = new Map<string, string>();
  for (const unit of input.units) {
    const parentId = unit.parentSlug ? idsBySlug.get(unit.parentSlug) : null;
    if (parentId === undefined) throw new Error(`Seed unit ${unit.slug} comes before its parent`);
    const rows = await manager.query<Array<{ id: string }>>(
      `INSERT INTO org_units (slug, name, name_en, kind, parent_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en,
         kind = EXCLUDED.kind, parent_id = EXCLUDED.parent_id,
         updated_at = CASE WHEN (org_units.name, org_units.name_en, org_units.kind, org_units.parent_id)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.name_en, EXCLUDED.kind, EXCLUDED.parent_id)
           THEN now() ELSE org_units.updated_at END
       RETURNING id`,
      [unit.slug, unit.name, unit.nameEn, unit.kind, parentId],
    );
    idsBySlug.set(unit.slug, rows[0].id);
  }

  const users = manager.getRepository(User);
  for (const seed of input.users) {
    const orgUnitId = idsBySlug.get(seed.unitSlug);
    if (!orgUnitId)
      throw new Error(`Seed user ${seed.username} names unknown unit ${seed.unitSlug}`);
    const existing = await users.findOneBy({ username: seed.username });
    const passwordHash =
      existing && (await argon2.verify(existing.passwordHash, password))
        ? existing.passwordHash
        : await argon2.hash(password);
    await users.upsert(
      {
        username: seed.username,
        fullName: seed.fullName,
        roles: seed.roles,
        capabilities: seed.capabilities,
        orgUnitId,
        passwordHash,
        active: true,
      },
      ['username'],
    );
  }
  return { units: input.units.length, users: input.users.length };
}
