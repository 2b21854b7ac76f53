import * as argon2 from 'argon2';
import { type EntityManager } from 'typeorm';
import { OrgUnitsRepository } from '../../modules/org-units/org-units.repository';
import { UsersRepository } from '../../modules/users/users.repository';
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
  const orgUnits = new OrgUnitsRepository();
  await orgUnits.upsertKinds(manager, [...input.kinds]);

  const idsBySlug = new Map<string, string>();
  for (const unit of input.units) {
    const parentId = unit.parentSlug ? idsBySlug.get(unit.parentSlug) : null;
    if (parentId === undefined) throw new Error(`Seed unit ${unit.slug} comes before its parent`);
    const id = await orgUnits.upsertUnitBySlug(manager, {
      slug: unit.slug,
      name: unit.name,
      nameEn: unit.nameEn,
      kind: unit.kind,
      parentId,
    });
    idsBySlug.set(unit.slug, id);
  }

  const users = new UsersRepository();
  for (const seed of input.users) {
    const orgUnitId = idsBySlug.get(seed.unitSlug);
    if (!orgUnitId)
      throw new Error(`Seed user ${seed.username} names unknown unit ${seed.unitSlug}`);
    const existing = await users.findByUsername(manager, seed.username, false);
    const passwordHash =
      existing && (await argon2.verify(existing.passwordHash, password))
        ? existing.passwordHash
        : await argon2.hash(password);
    await users.upsertByUsername(manager, {
      username: seed.username,
      fullName: seed.fullName,
      roles: seed.roles,
      capabilities: seed.capabilities,
      orgUnitId,
      passwordHash,
      active: true,
    });
  }
  return { units: input.units.length, users: input.users.length };
}
