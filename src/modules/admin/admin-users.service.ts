import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/page-query.dto';
import { AdminHistoryService, type AdminAction } from '../admin-history/admin-history.service';
import { OrgUnitsRepository } from '../org-units/org-units.repository';
import { ActiveUsersCache } from '../users/active-users.cache';
import { type User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import {
  type AdminUserDto,
  type AdminUserPageDto,
  type CreateUserDto,
  type ListUsersQueryDto,
  type SetUserPostsDto,
  type UpdateUserDto,
  type UserPostsDto,
} from './dto/admin-user.dto';
import { UserPostsRepository } from '../users/user-posts.repository';
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
    private readonly posts: UserPostsRepository,
    private readonly users: UsersRepository,
    private readonly orgUnits: OrgUnitsRepository,
  ) {}

  /** Replaces the units a user also holds a post in (kiêm nhiệm), audited like every user change. */
  async setPosts(
    actor: AuthenticatedUser,
    id: string,
    dto: SetUserPostsDto,
  ): Promise<UserPostsDto> {
    let home = '';
    let after: string[] = [];
    await this.changeUser(id, async (manager, current) => {
      const unusable = await this.posts.notActiveUnits(manager, dto.orgUnitIds);
      if (unusable.length > 0) {
        throw new DomainError(
          'validation-failed',
          'Posts must be in active units',
          unusable.map((unitId) => ({
            path: `/orgUnitIds/${dto.orgUnitIds.indexOf(unitId)}`,
            message: `Unknown, merged or retired unit ${unitId}`,
          })),
        );
      }
      const before = await this.posts.postsOf(manager, id);
      await this.posts.replace(manager, id, current.orgUnitId, dto.orgUnitIds);
      after = await this.posts.postsOf(manager, id);
      home = current.orgUnitId;
      await this.record(manager, actor, 'user.posts', id, { posts: before }, { posts: after });
    });
    return { userId: id, orgUnitId: home, posts: [home, ...after] };
  }

  async list(query: ListUsersQueryDto): Promise<AdminUserPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const rows = await this.users.list(
      this.dataSource.manager,
      {
        orgUnitId: query.orgUnitId,
        role: query.role,
        active: query.active,
        q: query.q,
        afterUsername: query.cursor ? decodeCursor(query.cursor) : undefined,
      },
      limit + 1,
    );
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
      if (await this.users.usernameTaken(manager, dto.username)) {
        throw new DomainError('conflict', `Username ${dto.username} is taken`);
      }
      await this.assertUnitExists(manager, dto.orgUnitId);
      const created = await this.users.create(manager, {
        username: dto.username,
        fullName: dto.fullName.trim(),
        passwordHash,
        roles: dto.roles,
        capabilities: dto.capabilities,
        orgUnitId: dto.orgUnitId,
        active: true,
      });
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
      if (dto.orgUnitId !== undefined) await this.assertUnitExists(manager, dto.orgUnitId);
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
      await this.users.update(manager, id, {
        fullName: next.fullName,
        roles: next.roles,
        capabilities: next.capabilities,
        orgUnitId: next.orgUnitId,
        passwordHash: next.passwordHash,
        // Tokens issued before a password reset or a change of roles stop working.
        bumpTokenVersion: passwordHash !== undefined || rolesChanged,
      });
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
      await this.users.update(manager, id, { active, bumpTokenVersion: !active });
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
      const current = await this.users.lockById(manager, id);
      if (!current) throw new NotFoundError('User', id);
      await work(manager, current);
      const changed = await this.users.findById(manager, id);
      if (!changed) throw new NotFoundError('User', id);
      return changed;
    });
    this.activeUsers.forget(id);
    return user;
  }

  private async assertUnitExists(manager: EntityManager, orgUnitId: string): Promise<void> {
    if (!(await this.orgUnits.exists(manager, orgUnitId))) {
      throw new DomainError('validation-failed', `Unknown org unit ${orgUnitId}`, [
        { path: '/orgUnitId', message: 'No such unit' },
      ]);
    }
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
