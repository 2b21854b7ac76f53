import { type EntityManager } from 'typeorm';
import { SYSTEM_FULL_NAME, SYSTEM_USERNAME, UNUSABLE_PASSWORD_HASH } from './system-user';

/**
 * Upserts the system account in `unitId` (the Dân vận Board it opens periodic reports for) and
 * returns its id. Its password hash is reset every time, so no password ever opens it.
 */
export async function seedSystemUser(manager: EntityManager, unitId: string): Promise<string> {
  const [row] = await manager.query<Array<{ id: string }>>(
    `INSERT INTO users (username, full_name, password_hash, roles, capabilities, org_unit_id, active)
     VALUES ($1, $2, $3, '{official}', '{}', $4, true)
     ON CONFLICT (username) DO UPDATE SET full_name = EXCLUDED.full_name,
       password_hash = EXCLUDED.password_hash, roles = EXCLUDED.roles,
       capabilities = EXCLUDED.capabilities, org_unit_id = EXCLUDED.org_unit_id, active = true
     RETURNING id`,
    [SYSTEM_USERNAME, SYSTEM_FULL_NAME, UNUSABLE_PASSWORD_HASH, unitId],
  );
  return row.id;
}
