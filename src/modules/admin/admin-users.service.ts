import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/page-query.dto';
import { containsPattern } from '../../common/text/like-pattern';
import { AdminHistoryService, type AdminAction } from '../admin-history/admin-history.service';
import { OrgUnit } from '../org-units/org-unit.entity';
import { ActiveUsersCache } from '../users/active-users.cache';
import { User } from '../users/user.entity';
import {
  type AdminUserDto,
  type AdminUserPageDto,
  type CreateUserDto,
  type ListUsersQueryDto,
  type UpdateUserDto,
} from './dto/admin-user.dto';
import { type JsonObject } from '../../common/json/json.types';

/**
 * Admin management of users. Users are never deleted, only deactivated; passwords are stored as
 * argon2 hashes and never enter the audit record (a reset is recorded as an event of its own).
 * An admin may not deactivate themselves or drop their own admin role, so one admin always remains.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AdminHistoryService,
    private readonly activeUsers: ActiveUsersCache,
  ) {}

  async list(query: ListUsersQueryDto): Promise<AdminUserPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const builder = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .orderBy('u.username', 'ASC')
      .take(limit + 1);
    if (query.orgUnitId) builder.andWhere('u.orgUnitId = :unit', { unit: query.orgUnitId });
    if (query.role) builder.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.active !== undefined)
      builder.andWhere('u.active = :active', { active: query.active });
    if (query.q) {
      builder.andWhere('(u.username ILIKE :q OR u.fullName ILIKE :q)', {
        q: containsPattern(query.q.trim()),
      });
    }
    if (query.cursor)
      builder.andWhere('u.username > :after', { after: decodeCursor(query.cursor) });
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toDto),
      nextCursor: rows.length > limit && last ? encodeCursor(last.username) : null,
    };
  }

  async create(actor: AuthenticatedUser, dto: CreateUserDto): Promise<AdminUserDto> {
    const passwordHash = await argon2.hash(dto.password);
    const user = await this.dataSource.transaction(async (manager) => {
      const users = manager.getRepository(User);
      if (await users.existsBy({ username: dto.username })) {
        throw new DomainError('conflict', `Username ${dto.username} is taken`);
      }
      await assertUnitExists(manager, dto.orgUnitId);
      const created = users.create({
        username: dto.username,
        fullName: dto.fullName.trim(),
        passwordHash,
        roles: dto.roles,
        capabilities: dto.capabilities,
        orgUnitId: dto.orgUnitId,
        active: true,
      });
      await users.save(created);
      await this.record(manager, actor, 'user.create', created.id, null, snapshot(created));
      return created;
    });
    return toDto(user);
  }

  async update(actor: AuthenticatedUser, id: string, dto: UpdateUserDto): Promise<AdminUserDto> {
    if (id === actor.id && dto.roles && !dto.roles.includes('admin')) {
      throw new ForbiddenError('Admins may not remove their own admin role');
    }
    const passwordHash = dto.password ? await argon2.hash(dto.password) : undefined;
    const user = await this.changeUser(id, async (manager, current) => {
      if (dto.orgUnitId !== undefined) await assertUnitExists(manager, dto.orgUnitId);
      const next: User = {
        ...current,
        ...(dto.fullName !== undefined ? { fullName: dto.fullName.trim() } : {}),
        ...(dto.roles !== undefined ? { roles: dto.roles } : {}),
        ...(dto.capabilities !== undefined ? { capabilities: dto.capabilities } : {}),
        ...(dto.orgUnitId !== undefined ? { orgUnitId: dto.orgUnitId } : {}),
        ...(passwordHash !== undefined ? { passwordHash } : {}),
      };
      const before = snapshot(current);
      const after = snapshot(next);
      const changed = JSON.stringify(before) !== JSON.stringify(after);
      if (!changed && passwordHash === undefined) return;
      const rolesChanged = JSON.stringify(before.roles) !== JSON.stringify(after.roles);
      await manager.getRepository(User).update(
        { id },
        {
          fullName: next.fullName,
          roles: next.roles,
          capabilities: next.capabilities,
          orgUnitId: next.orgUnitId,
          passwordHash: next.passwordHash,
          // Tokens issued before a password reset or a change of roles stop working.
          ...(passwordHash !== undefined || rolesChanged ? { tokenVersion: bumped } : {}),
        },
      );
      if (changed) await this.record(manager, actor, 'user.update', id, before, after);
      if (passwordHash !== undefined) {
        await this.record(manager, actor, 'user.password-reset', id, null, null);
      }
    });
    return toDto(user);
  }

  /** Deactivated users cannot sign in, and their tokens stop working for good. Idempotent. */
  async setActive(
    actor: AuthenticatedUser,
    id: string,
    active: boolean,
    reason?: string,
  ): Promise<AdminUserDto> {
    if (id === actor.id && !active) {
      throw new ForbiddenError('Admins may not deactivate their own account');
    }
    const user = await this.changeUser(id, async (manager, current) => {
      if (current.active === active) return;
      // Deactivating ends every session: even after a reactivation, the old tokens stay dead.
      await manager
        .getRepository(User)
        .update({ id }, active ? { active } : { active, tokenVersion: bumped });
      await this.record(
        manager,
        actor,
        active ? 'user.reactivate' : 'user.deactivate',
        id,
        snapshot(current),
        snapshot({ ...current, active }),
        reason,
      );
    });
    return toDto(user);
  }

  /** Runs a change on the locked user row, then drops what this process cached about them. */
  private async changeUser(
    id: string,
    work: (manager: EntityManager, current: User) => Promise<void>,
  ): Promise<User> {
    const user = await this.dataSource.transaction(async (manager) => {
      const current = await manager
        .getRepository(User)
        .createQueryBuilder('u')
        .setLock('pessimistic_write')
        .where('u.id = :id', { id })
        .getOne();
      if (!current) throw new NotFoundError('User', id);
      await work(manager, current);
      return manager.getRepository(User).findOneByOrFail({ id });
    });
    this.activeUsers.forget(id);
    return user;
  }

  private record(
    manager: EntityManager,
    actor: AuthenticatedUser,
    action: AdminAction,
    targetId: string,
    before: JsonObject | null,
    after: JsonObject | null,
    reason?: string,
  ): Promise<void> {
    return this.audit.record(manager, actor, {
      action,
      targetType: 'user',
      targetId,
      before,
      after,
      reason,
    });
  }
}

const bumped = (): string => 'token_version + 1';

async function assertUnitExists(manager: EntityManager, orgUnitId: string): Promise<void> {
  if (!(await manager.getRepository(OrgUnit).existsBy({ id: orgUnitId }))) {
    throw new DomainError('validation-failed', `Unknown org unit ${orgUnitId}`, [
      { path: '/orgUnitId', message: 'No such unit' },
    ]);
  }
}

/** What the audit record keeps of a user: everything but the password hash and timestamps. */
function snapshot(user: User): JsonObject {
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    roles: [...user.roles],
    capabilities: [...user.capabilities],
    orgUnitId: user.orgUnitId,
    active: user.active,
  };
}

function toDto(user: User): AdminUserDto {
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    roles: user.roles,
    capabilities: user.capabilities,
    orgUnitId: user.orgUnitId,
    active: user.active,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

function encodeCursor(username: string): string {
  return Buffer.from(username).toString('base64url');
}

function decodeCursor(raw: string): string {
  const username = Buffer.from(raw, 'base64url').toString('utf8');
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(username)) {
    throw new DomainError('bad-request', 'Invalid cursor', [
      { path: '/cursor', message: 'Not a cursor this listing returned' },
    ]);
  }
  return username;
}
