import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** A copy of a case (nơi nhận) with the recipient unit's comments on the case (cho ý kiến). */
export interface CaseCopy {
  orgUnitId: string;
  orgUnitName: string;
  state: string;
  sentAt: Date;
  sentBy: { id: string; fullName: string };
  comments: Array<{
    id: string;
    body: string;
    createdAt: Date;
    author: { id: string; fullName: string; orgUnitId: string; orgUnitName: string };
  }>;
}

interface CopyRow {
  recipient_unit_id: string;
  unit_name: string;
  state: string;
  sent_at: Date;
  sent_by: string;
  sent_by_name: string;
  comments: Array<{
    id: string;
    body: string;
    created_at: string;
    author_id: string;
    author_name: string;
  }>;
}

/** The one place `instance_copies` is read and written. */
@Injectable()
export class CopiesRepository {
  /**
   * Copies (nơi nhận) a merged or retired unit received reach its successor too, so the officials
   * who moved there still read and comment on them; the original rows keep who was sent what.
   */
  async followUnitToSuccessor(manager: EntityManager, fromId: string, toId: string): Promise<void> {
    await manager.query(
      `INSERT INTO instance_copies (instance_id, recipient_unit_id, state, sent_by, sent_at)
       SELECT instance_id, $2, state, sent_by, sent_at FROM instance_copies
        WHERE recipient_unit_id = $1
       ON CONFLICT (instance_id, recipient_unit_id) DO NOTHING`,
      [fromId, toId],
    );
  }

  /** Records the copies not sent before; the recipient units newly sent to. */
  async insertNew(
    manager: EntityManager,
    copy: {
      instanceId: string;
      unitIds: readonly string[];
      state: string;
      sentBy: string;
      at: Date;
    },
  ): Promise<string[]> {
    if (copy.unitIds.length === 0) return [];
    const rows = await manager.query<Array<{ recipient_unit_id: string }>>(
      `INSERT INTO instance_copies (instance_id, recipient_unit_id, state, sent_by, sent_at)
       SELECT $1, unit_id, $3, $4, $5 FROM unnest($2::uuid[]) AS unit_id
       ON CONFLICT (instance_id, recipient_unit_id) DO NOTHING
       RETURNING recipient_unit_id`,
      [copy.instanceId, copy.unitIds, copy.state, copy.sentBy, copy.at],
    );
    return rows.map((row) => row.recipient_unit_id);
  }

  /** Whether the unit received a copy of the case (it may then read it and comment). */
  async isCopiedTo(manager: EntityManager, instanceId: string, unitId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM instance_copies WHERE instance_id = $1 AND recipient_unit_id = $2`,
      [instanceId, unitId],
    );
    return rows.length > 0;
  }

  /** The unit's name, for the message that tells recipients who sent the copy. */
  async unitName(manager: EntityManager, unitId: string): Promise<string | null> {
    const [row] = await manager.query<Array<{ name: string }>>(
      `SELECT name FROM org_units WHERE id = $1`,
      [unitId],
    );
    return row?.name ?? null;
  }

  /** The case's copies in the order sent, each with its unit's comments on the case, oldest first. */
  async listForInstance(manager: EntityManager, instanceId: string): Promise<CaseCopy[]> {
    const rows = await manager.query<CopyRow[]>(
      `SELECT c.recipient_unit_id, o.name AS unit_name, c.state, c.sent_at, c.sent_by,
              s.full_name AS sent_by_name,
              COALESCE((SELECT json_agg(json_build_object(
                                 'id', m.id, 'body', m.body, 'created_at', m.created_at,
                                 'author_id', a.id, 'author_name', a.full_name)
                               ORDER BY m.created_at, m.id)
                          FROM instance_comments m JOIN users a ON a.id = m.author_id
                         WHERE m.instance_id = c.instance_id
                           AND m.author_org_unit_id = c.recipient_unit_id), '[]') AS comments
         FROM instance_copies c
         JOIN org_units o ON o.id = c.recipient_unit_id
         JOIN users s ON s.id = c.sent_by
        WHERE c.instance_id = $1
        ORDER BY c.sent_at, o.name`,
      [instanceId],
    );
    return rows.map((row) => ({
      orgUnitId: row.recipient_unit_id,
      orgUnitName: row.unit_name,
      state: row.state,
      sentAt: row.sent_at,
      sentBy: { id: row.sent_by, fullName: row.sent_by_name },
      comments: row.comments.map((comment) => ({
        id: comment.id,
        body: comment.body,
        createdAt: new Date(comment.created_at),
        author: {
          id: comment.author_id,
          fullName: comment.author_name,
          orgUnitId: row.recipient_unit_id,
          orgUnitName: row.unit_name,
        },
      })),
    }));
  }
}
