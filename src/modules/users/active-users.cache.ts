import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { User } from './user.entity';
import { UserPostsRepository } from './user-posts.repository';

/** How long a process trusts what it read about a user; bounds how late a change elsewhere bites. */
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

/** An active user as tokens are checked against: who they are now, and their token version. */
export interface ActiveUser {
  user: AuthenticatedUser;
  tokenVersion: number;
}

interface Entry {
  user: Promise<ActiveUser | null>;
  expiresAt: number;
}

/**
 * Who an access token's subject is now: null once deactivated, and otherwise their current roles,
 * capabilities, unit and token version, so an admin's change takes effect on tokens already issued. Each process
 * caches a user for {@link TTL_MS} (one primary-key read per user per ten seconds); the process
 * that makes the change forgets the user at once, other processes within the TTL.
 */
@Injectable()
export class ActiveUsersCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly posts: UserPostsRepository,
  ) {}

  current(id: string): Promise<ActiveUser | null> {
    const now = Date.now();
    const hit = this.entries.get(id);
    if (hit && hit.expiresAt > now) return hit.user;
    this.entries.delete(id);
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const user = this.load(id);
    this.entries.set(id, { user, expiresAt: now + TTL_MS });
    // A failed read is not cached: the next request tries again.
    user.catch(() => this.entries.delete(id));
    return user;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }

  private async load(id: string): Promise<ActiveUser | null> {
    const user = await this.users.findOneBy({ id, active: true });
    return user
      ? {
          user: {
            id: user.id,
            username: user.username,
            roles: user.roles,
            capabilities: user.capabilities,
            orgUnitId: user.orgUnitId,
            posts: [user.orgUnitId, ...(await this.posts.postsOf(this.users.manager, user.id))],
          },
          tokenVersion: user.tokenVersion,
        }
      : null;
  }
}
