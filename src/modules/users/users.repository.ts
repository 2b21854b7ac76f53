import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { affectedRows } from '../../database/affected-rows';
import { containsPattern } from '../../common/text/like-pattern';
import { SYSTEM_FULL_NAME, SYSTEM_USERNAME, UNUSABLE_PASSWORD_HASH } from './system-user';
import { type UserCapability, type UserRole, User } from './user.entity';

/** What an admin may filter the user listing by; `afterUsername` is the decoded cursor. */
export interface UserFilter {
  orgUnitId?: string;
  role?: string;
  active?: boolean;
  q?: string;
  afterUsername?: string;
}

/** The columns a new account is created with. */
export interface NewUser {
  username: string;
  fullName: string;
  passwordHash: string;
  roles: UserRole[];
  capabilities: UserCapability[];
  orgUnitId: string;
  active: boolean;
}

/** The columns an admin change may set; `bumpTokenVersion` ends every token issued before it. */
export interface UserChange {
  fullName?: string;
  roles?: UserRole[];
  capabilities?: UserCapability[];
  orgUnitId?: string;
  passwordHash?: string;
  active?: boolean;
  bumpTokenVersion?: boolean;
}

/** The one place `users` is read and written; every method runs in the manager it is given. */
@Injectable()
export class UsersRepository {
  findById(manager: EntityManager, id: string): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ id });
  }

  findActiveById(manager: EntityManager, id: string): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ id, active: true });
  }

  /** By the normalised username; `activeOnly` leaves deactivated accounts out. */
  findByUsername(
    manager: EntityManager,
    username: string,
    activeOnly: boolean,
  ): Promise<User | null> {
    const normalised = username.trim().toLowerCase();
    return manager
      .getRepository(User)
      .findOneBy(activeOnly ? { username: normalised, active: true } : { username: normalised });
  }

  findByIds(manager: EntityManager, ids: readonly string[]): Promise<User[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : manager
          .getRepository(User)
          .createQueryBuilder('u')
          .where('u.id = ANY(:ids)', { ids })
          .getMany();
  }

  usernameTaken(manager: EntityManager, username: string): Promise<boolean> {
    return manager.getRepository(User).existsBy({ username });
  }

  /** Up to `limit` users matching `filter`, by username. */
  list(manager: EntityManager, filter: UserFilter, limit: number): Promise<User[]> {
    const builder = manager
      .getRepository(User)
      .createQueryBuilder('u')
      .orderBy('u.username', 'ASC')
      .take(limit);
    if (filter.orgUnitId) builder.andWhere('u.orgUnitId = :unit', { unit: filter.orgUnitId });
    if (filter.role) builder.andWhere(':role = ANY(u.roles)', { role: filter.role });
    if (filter.active !== undefined)
      builder.andWhere('u.active = :active', { active: filter.active });
    if (filter.q) {
      builder.andWhere('(u.username ILIKE :q OR u.fullName ILIKE :q)', {
        q: containsPattern(filter.q.trim()),
      });
    }
    if (filter.afterUsername)
      builder.andWhere('u.username > :after', { after: filter.afterUsername });
    return builder.getMany();
  }

  async create(manager: EntityManager, user: NewUser): Promise<User> {
    const users = manager.getRepository(User);
    const created = users.create(user);
    await users.save(created);
    return created;
  }

  /** The user row, locked until the transaction ends (null when there is none). */
  lockById(manager: EntityManager, id: string): Promise<User | null> {
    return manager
      .getRepository(User)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.id = :id', { id })
      .getOne();
  }

  async update(manager: EntityManager, id: string, change: UserChange): Promise<void> {
    const { bumpTokenVersion, ...columns } = change;
    await manager
      .getRepository(User)
      .update(
        { id },
        bumpTokenVersion ? { ...columns, tokenVersion: () => 'token_version + 1' } : columns,
      );
  }

  /**
   * Upserts the system account in `unitId` and returns its id. Its password hash is reset every
   * time, so no password ever opens it.
   */
  async upsertSystemUser(manager: EntityManager, unitId: string): Promise<string> {
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

  /** Upserts a seeded account by username (the demo organisation). */
  async upsertByUsername(manager: EntityManager, user: NewUser): Promise<void> {
    await manager.getRepository(User).upsert(user, ['username']);
  }

  async countActiveAt(manager: EntityManager, unitId: string): Promise<number> {
    return manager.getRepository(User).countBy({ orgUnitId: unitId, active: true });
  }

  /** A unit handover: the unit's active users get the successor as home unit; how many. */
  moveActiveToUnit(manager: EntityManager, fromId: string, toId: string): Promise<number> {
    return affectedRows(
      manager,
      `UPDATE users SET org_unit_id = $2, updated_at = now() WHERE org_unit_id = $1 AND active`,
      [fromId, toId],
    );
  }
}
