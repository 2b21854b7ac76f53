import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { UsersRepository } from './users.repository';
import { UserPostsRepository } from './user-posts.repository';

/** How long a process trusts what it read about a user; bounds how late a change elsewhere bites. */
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

/** An active user as tokens are checked against: who they are now, and their token version. */
export interface ActiveUser {
  user: AuthenticatedUser;
  tokenVersion: number;
}

/**
 * Who an access token's subject is now: null once deactivated, and otherwise their current roles,
 * capabilities, unit and token version, so an admin's change takes effect on tokens already issued. Each process
 * caches a user for {@link TTL_MS} (one primary-key read per user per ten seconds); the process
 * that makes the change forgets the user at once, other processes within the TTL.
 */
@Injectable()
export class ActiveUsersCache {
  // The pending read is cached, so concurrent requests for one user share one query.
  private readonly entries = new LRUCache<string, Promise<ActiveUser | null>>({
    max: MAX_ENTRIES,
    ttl: TTL_MS,
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly posts: UserPostsRepository,
  ) {}

  current(id: string): Promise<ActiveUser | null> {
    const hit = this.entries.get(id);
    if (hit) return hit;
    const user = this.load(id);
    this.entries.set(id, user);
    // A failed read is not cached: the next request tries again.
    user.catch(() => {
      if (this.entries.peek(id) === user) this.entries.delete(id);
    });
    return user;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }

  private async load(id: string): Promise<ActiveUser | null> {
    const user = await this.users.findActiveById(this.dataSource.manager, id);
    // Other posts (kiêm nhiệm) are listed only when there are some.
    const posts = user ? await this.posts.postsOf(this.dataSource.manager, user.id) : [];
    return user
      ? {
          user: {
            id: user.id,
            username: user.username,
            roles: user.roles,
            capabilities: user.capabilities,
            orgUnitId: user.orgUnitId,
            ...(posts.length > 0 ? { posts: [user.orgUnitId, ...posts] } : {}),
          },
          tokenVersion: user.tokenVersion,
        }
      : null;
  }
}
