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

  /**
   * A unit handover: posts at the unit become posts at its successor (for whoever's home unit is
   * not already the successor, where the post would be no post); how many were added.
   */
  async handOver(manager: EntityManager, fromId: string, toId: string): Promise<number> {
    // TypeORM answers an INSERT with its rows only (no count), hence RETURNING.
    const added = await manager.query<unknown[]>(
      `INSERT INTO user_posts (user_id, org_unit_id)
       SELECT p.user_id, $2 FROM user_posts p JOIN users u ON u.id = p.user_id
        WHERE p.org_unit_id = $1 AND u.org_unit_id <> $2
       ON CONFLICT DO NOTHING RETURNING user_id`,
      [fromId, toId],
    );
    await manager.query(`DELETE FROM user_posts WHERE org_unit_id = $1`, [fromId]);
    // A post at the successor is now the home unit of whoever moved there.
    await manager.query(
      `DELETE FROM user_posts p USING users u
        WHERE u.id = p.user_id AND p.org_unit_id = $1 AND u.org_unit_id = $1`,
      [toId],
    );
    return added.length;
  }

  /** Ids of the users whose home unit or a post is `unitId` (their cached identity is stale). */
  async usersOf(manager: EntityManager, unitId: string): Promise<string[]> {
    const rows = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM users WHERE org_unit_id = $1
       UNION SELECT user_id FROM user_posts WHERE org_unit_id = $1`,
      [unitId],
    );
    return rows.map((row) => row.id);
  }
}
