import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/**
 * Posts a person holds besides their home unit (kiêm nhiệm: a commune Party secretary who also
 * chairs the commune Front's council, a Dân vận Board member seconded to a commune). The home unit
 * stays `users.org_unit_id`; these are the other units they may sign in for.
 */
@Injectable()
export class UserPostsRepository {
  /** The user's other posts, active units only, in a stable order. */
  async postsOf(manager: EntityManager, userId: string): Promise<string[]> {
    const rows = await manager.query<Array<{ org_unit_id: string }>>(
      `SELECT p.org_unit_id FROM user_posts p JOIN org_units o ON o.id = p.org_unit_id
        WHERE p.user_id = $1 AND o.retired_at IS NULL ORDER BY o.slug`,
      [userId],
    );
    return rows.map((row) => row.org_unit_id);
  }

  /** Replaces the user's other posts; the home unit is never stored as one. */
  async replace(
    manager: EntityManager,
    userId: string,
    homeUnitId: string,
    orgUnitIds: readonly string[],
  ): Promise<void> {
    await manager.query(`DELETE FROM user_posts WHERE user_id = $1`, [userId]);
    const posts = [...new Set(orgUnitIds)].filter((id) => id !== homeUnitId);
    if (posts.length === 0) return;
    await manager.query(
      `INSERT INTO user_posts (user_id, org_unit_id) SELECT $1, unnest($2::uuid[])`,
      [userId, posts],
    );
  }

  /** Of the given ids, those that are not active units (unknown or retired). */
  async notActiveUnits(manager: EntityManager, orgUnitIds: readonly string[]): Promise<string[]> {
    const rows = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM unnest($1::uuid[]) AS given(id)
        WHERE NOT EXISTS (SELECT 1 FROM org_units o WHERE o.id = given.id AND o.retired_at IS NULL)`,
      [orgUnitIds],
    );
    return rows.map((row) => row.id);
  }
}
