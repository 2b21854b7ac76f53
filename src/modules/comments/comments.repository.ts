import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { timestampKeySql } from '../../common/pagination/keyset-cursor';

/** A comment with its author as they stand now; `sortKey` is its full-precision time. */
export interface InstanceComment {
  id: string;
  instanceId: string;
  body: string;
  replyToId: string | null;
  createdAt: Date;
  sortKey: string;
  author: {
    id: string;
    username: string;
    fullName: string;
    orgUnitId: string;
    orgUnitName: string;
  };
}

export interface NewComment {
  instanceId: string;
  authorId: string;
  authorOrgUnitId: string;
  replyToId: string | null;
  body: string;
  createdAt: Date;
}

interface CommentRow {
  id: string;
  instance_id: string;
  body: string;
  reply_to_id: string | null;
  created_at: Date;
  author_id: string;
  author_username: string;
  author_full_name: string;
  author_org_unit_id: string;
  author_org_unit_name: string;
  sort_key: string;
}

const SELECT_COMMENT = `
  SELECT c.id, c.instance_id, c.body, c.reply_to_id, c.created_at,
         u.id AS author_id, u.username AS author_username, u.full_name AS author_full_name,
         o.id AS author_org_unit_id, o.name AS author_org_unit_name,
         ${timestampKeySql('c.created_at')} AS sort_key
    FROM instance_comments c
    JOIN users u ON u.id = c.author_id
    JOIN org_units o ON o.id = c.author_org_unit_id`;

/** The one place `instance_comments` is read and written (append-only: no update, no delete). */
@Injectable()
export class CommentsRepository {
  /** Up to `limit` comments of the instance in time order, after the `(at, id)` cursor if any. */
  async listByInstance(
    manager: EntityManager,
    instanceId: string,
    after: { at: string; id: string } | null,
    limit: number,
  ): Promise<InstanceComment[]> {
    const rows = await manager.query<CommentRow[]>(
      `${SELECT_COMMENT} WHERE c.instance_id = $1
          ${after ? `AND (c.created_at, c.id) > ($2::timestamptz, $3::uuid)` : ''}
        ORDER BY c.created_at, c.id LIMIT ${limit}`,
      after ? [instanceId, after.at, after.id] : [instanceId],
    );
    return rows.map(toComment);
  }

  async existsOnInstance(manager: EntityManager, id: string, instanceId: string): Promise<boolean> {
    const [row] = await manager.query<unknown[]>(
      `SELECT 1 FROM instance_comments WHERE id = $1 AND instance_id = $2`,
      [id, instanceId],
    );
    return row !== undefined;
  }

  async insert(manager: EntityManager, comment: NewComment): Promise<InstanceComment> {
    const [{ id }] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO instance_comments (instance_id, author_id, author_org_unit_id, reply_to_id, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        comment.instanceId,
        comment.authorId,
        comment.authorOrgUnitId,
        comment.replyToId,
        comment.body,
        comment.createdAt,
      ],
    );
    const [row] = await manager.query<CommentRow[]>(`${SELECT_COMMENT} WHERE c.id = $1`, [id]);
    return toComment(row);
  }
}

function toComment(row: CommentRow): InstanceComment {
  return {
    id: row.id,
    instanceId: row.instance_id,
    body: row.body,
    replyToId: row.reply_to_id,
    createdAt: row.created_at,
    sortKey: row.sort_key,
    author: {
      id: row.author_id,
      username: row.author_username,
      fullName: row.author_full_name,
      orgUnitId: row.author_org_unit_id,
      orgUnitName: row.author_org_unit_name,
    },
  };
}
