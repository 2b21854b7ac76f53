import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type JsonObject } from '../../common/json/json.types';
import { type BatchWrite } from '../../database/batch-write';

/** A kept draft of one user's form for one event of one instance. */
export interface Draft {
  instanceId: string;
  eventType: string;
  data: JsonObject;
  comment: string | null;
  instanceVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

interface DraftRow {
  instance_id: string;
  event_type: string;
  data: JsonObject;
  comment: string | null;
  instance_version: number;
  created_at: Date;
  updated_at: Date;
}

/** The one place `form_drafts` is read and written. */
@Injectable()
export class DraftsRepository {
  /** Creates or replaces the user's draft for the event; `at` is both times of a new one. */
  async upsert(
    manager: EntityManager,
    userId: string,
    draft: Omit<Draft, 'createdAt' | 'updatedAt'>,
    at: Date,
  ): Promise<Draft> {
    const [row] = await manager.query<DraftRow[]>(
      `INSERT INTO form_drafts (user_id, instance_id, event_type, data, comment, instance_version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       ON CONFLICT (user_id, instance_id, event_type) DO UPDATE
         SET data = EXCLUDED.data, comment = EXCLUDED.comment,
             instance_version = EXCLUDED.instance_version, updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [
        userId,
        draft.instanceId,
        draft.eventType,
        draft.data,
        draft.comment,
        draft.instanceVersion,
        at,
      ],
    );
    return toDraft(row);
  }

  async find(
    manager: EntityManager,
    userId: string,
    instanceId: string,
    eventType: string,
  ): Promise<Draft | null> {
    const [row] = await manager.query<DraftRow[]>(
      `SELECT * FROM form_drafts WHERE user_id = $1 AND instance_id = $2 AND event_type = $3`,
      [userId, instanceId, eventType],
    );
    return row ? toDraft(row) : null;
  }

  /** The user's drafts, latest first. */
  async listByUser(manager: EntityManager, userId: string, limit: number): Promise<Draft[]> {
    const rows = await manager.query<DraftRow[]>(
      `SELECT * FROM form_drafts WHERE user_id = $1 ORDER BY updated_at DESC LIMIT ${limit}`,
      [userId],
    );
    return rows.map(toDraft);
  }

  /** {@link delete} for many drafts, as part `discarded_drafts` of a batch write. */
  deletePart(
    write: BatchWrite,
    drafts: ReadonlyArray<{ userId: string; instanceId: string; eventType: string }>,
  ): void {
    const rows = drafts.map((d) => ({
      user_id: d.userId,
      instance_id: d.instanceId,
      event_type: d.eventType,
    }));
    write.add(
      'discarded_drafts',
      `DELETE FROM form_drafts d
        USING jsonb_to_recordset(${write.rows(rows)}) AS k(user_id uuid, instance_id uuid, event_type text)
        WHERE d.user_id = k.user_id AND d.instance_id = k.instance_id AND d.event_type = k.event_type
       RETURNING d.instance_id`,
    );
  }

  async delete(
    manager: EntityManager,
    userId: string,
    instanceId: string,
    eventType: string,
  ): Promise<void> {
    await manager.query(
      `DELETE FROM form_drafts WHERE user_id = $1 AND instance_id = $2 AND event_type = $3`,
      [userId, instanceId, eventType],
    );
  }
}

function toDraft(row: DraftRow): Draft {
  return {
    instanceId: row.instance_id,
    eventType: row.event_type,
    data: row.data,
    comment: row.comment,
    instanceVersion: row.instance_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
