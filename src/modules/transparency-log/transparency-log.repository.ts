import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type LogRecord } from './log-leaf';
import { type JsonObject } from '../../common/json/json.types';

/** A record waiting in `tlog_pending` (null when its row is gone since). */
export interface PendingRecord {
  pendingId: string;
  record: LogRecord | null;
  sources: LogSources;
}

/** A leaf of the log with the record it points at (null when gone). */
export interface LogLeaf {
  leafIndex: number;
  leafHash: Buffer;
  record: LogRecord | null;
  sources: LogSources;
}

export interface LogSources {
  historyEventId: string | null;
  commentId: string | null;
  adminEventId: string | null;
  meetingEventId: string | null;
}

export interface StoredCheckpoint {
  treeSize: number;
  rootHash: Buffer;
  note: string;
}

interface RecordRow {
  key: string;
  history_event_id: string | null;
  comment_id: string | null;
  admin_event_id: string | null;
  meeting_event_id: string | null;
  h_id: string | null;
  h_instance_id: string;
  h_seq: number;
  h_type: string;
  h_from_state: string | null;
  h_to_state: string;
  h_actor_id: string;
  h_actor_username: string;
  h_actor_org_unit_id: string;
  h_on_behalf_of_id: string | null;
  h_data: JsonObject | null;
  h_comment: string | null;
  h_command_id: string | null;
  h_at: Date;
  h_prev_hash: string;
  h_hash: string;
  c_id: string | null;
  c_instance_id: string;
  c_author_id: string;
  c_author_org_unit_id: string;
  c_reply_to_id: string | null;
  c_body: string;
  c_created_at: Date;
  a_id: string | null;
  a_at: Date;
  a_actor_id: string;
  a_actor_username: string;
  a_action: string;
  a_target_type: string;
  a_target_id: string;
  a_before: unknown;
  a_after: unknown;
  a_reason: string | null;
  m_id: string | null;
  m_meeting_id: string;
  m_type: string;
  m_actor_id: string;
  m_actor_username: string;
  m_actor_org_unit_id: string;
  m_data: unknown;
  m_at: Date;
}

/** The columns of a record and the joins that find it, for a table `k` naming its sources. */
const RECORD_COLUMNS = `k.history_event_id, k.comment_id, k.admin_event_id, k.meeting_event_id,
  h.id AS h_id, h.instance_id AS h_instance_id, h.seq AS h_seq, h.type AS h_type,
  h.from_state AS h_from_state, h.to_state AS h_to_state, h.actor_id AS h_actor_id,
  h.actor_username AS h_actor_username, h.actor_org_unit_id AS h_actor_org_unit_id,
  h.on_behalf_of_id AS h_on_behalf_of_id, h.data AS h_data, h.comment AS h_comment,
  h.command_id AS h_command_id, h.at AS h_at, h.prev_hash AS h_prev_hash, h.hash AS h_hash,
  c.id AS c_id, c.instance_id AS c_instance_id, c.author_id AS c_author_id,
  c.author_org_unit_id AS c_author_org_unit_id, c.reply_to_id AS c_reply_to_id,
  c.body AS c_body, c.created_at AS c_created_at,
  a.id AS a_id, a.at AS a_at, a.actor_id AS a_actor_id, a.actor_username AS a_actor_username,
  a.action AS a_action, a.target_type AS a_target_type, a.target_id AS a_target_id,
  a.before AS a_before, a.after AS a_after, a.reason AS a_reason,
  m.id::text AS m_id, m.meeting_id AS m_meeting_id, m.type AS m_type, m.actor_id AS m_actor_id,
  m.actor_username AS m_actor_username, m.actor_org_unit_id AS m_actor_org_unit_id,
  m.data AS m_data, m.at AS m_at`;
const RECORD_JOINS = `
  LEFT JOIN history_events h ON h.id = k.history_event_id
  LEFT JOIN instance_comments c ON c.id = k.comment_id
  LEFT JOIN admin_audit_events a ON a.id = k.admin_event_id
  LEFT JOIN meeting_events m ON m.id = k.meeting_event_id`;

/** Transaction-scoped advisory lock key of the sequencer ("tlog" in ASCII). */
const SEQUENCER_LOCK = 0x746c6f67;

/** SQL of the transparency log; every method runs in the manager it is given. */
@Injectable()
export class TransparencyLogRepository {
  /** Serialises sequencers across processes until the transaction ends. */
  async lockSequencer(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [SEQUENCER_LOCK]);
  }

  async treeSize(manager: EntityManager): Promise<number> {
    const [row] = await manager.query<Array<{ size: string }>>(
      `SELECT COALESCE(max(leaf_index) + 1, 0) AS size FROM tlog_leaves`,
    );
    return Number(row.size);
  }

  /** The root of the perfect subtree at (level, index); level 0 is a leaf. */
  async node(manager: EntityManager, level: number, index: number): Promise<Buffer> {
    const [row] = await manager.query<Array<{ hash: Buffer }>>(
      level === 0
        ? `SELECT leaf_hash AS hash FROM tlog_leaves WHERE leaf_index = $2 AND $1 = 0`
        : `SELECT hash FROM tlog_nodes WHERE level = $1 AND idx = $2`,
      [level, index],
    );
    if (!row) throw new Error(`Log node ${level}/${index} is missing`);
    return row.hash;
  }

  /** Committed records waiting to enter the log, oldest first. */
  async pending(manager: EntityManager, limit: number): Promise<PendingRecord[]> {
    const rows = await manager.query<RecordRow[]>(
      `SELECT k.id AS key, ${RECORD_COLUMNS} FROM tlog_pending k ${RECORD_JOINS}
        ORDER BY k.id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      pendingId: String(row.key),
      record: toRecord(row),
      sources: sourcesOf(row),
    }));
  }

  async appendLeaves(
    manager: EntityManager,
    leaves: ReadonlyArray<{ index: number; hash: Buffer; sources: LogSources }>,
    nodes: ReadonlyArray<{ level: number; index: number; hash: Buffer }>,
    pendingKeys: readonly string[],
  ): Promise<void> {
    if (leaves.length > 0) {
      await manager.query(
        `INSERT INTO tlog_leaves (leaf_index, leaf_hash, history_event_id, comment_id, admin_event_id,
                                  meeting_event_id)
         SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bigint[], $4::uuid[], $5::bigint[],
                              $6::bigint[])`,
        [
          leaves.map((l) => l.index),
          leaves.map((l) => l.hash),
          leaves.map((l) => l.sources.historyEventId),
          leaves.map((l) => l.sources.commentId),
          leaves.map((l) => l.sources.adminEventId),
          leaves.map((l) => l.sources.meetingEventId),
        ],
      );
    }
    if (nodes.length > 0) {
      await manager.query(
        `INSERT INTO tlog_nodes (level, idx, hash)
         SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
        [nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash)],
      );
    }
    await manager.query(`DELETE FROM tlog_pending WHERE id = ANY($1::bigint[])`, [pendingKeys]);
  }

  /** Leaves from `fromIndex` on, with their records, in leaf order. */
  async leaves(manager: EntityManager, fromIndex: number, limit: number): Promise<LogLeaf[]> {
    const rows = await manager.query<Array<RecordRow & { leaf_hash: Buffer }>>(
      `SELECT k.leaf_index AS key, k.leaf_hash, ${RECORD_COLUMNS} FROM tlog_leaves k ${RECORD_JOINS}
        WHERE k.leaf_index >= $1 ORDER BY k.leaf_index LIMIT $2`,
      [fromIndex, limit],
    );
    return rows.map((row) => ({
      leafIndex: Number(row.key),
      leafHash: row.leaf_hash,
      record: toRecord(row),
      sources: sourcesOf(row),
    }));
  }

  async leafIndexOfHistoryEvent(manager: EntityManager, eventId: string): Promise<number | null> {
    const [row] = await manager.query<Array<{ leaf_index: string }>>(
      `SELECT leaf_index FROM tlog_leaves WHERE history_event_id = $1`,
      [eventId],
    );
    return row ? Number(row.leaf_index) : null;
  }

  /** One record of each kind that is neither in the log nor waiting for it, if any. */
  async unlogged(manager: EntityManager): Promise<{ kind: string; id: string } | null> {
    const [row] = await manager.query<Array<{ kind: string; id: string }>>(
      `(SELECT 'history' AS kind, h.id::text AS id FROM history_events h
         WHERE NOT EXISTS (SELECT 1 FROM tlog_leaves l WHERE l.history_event_id = h.id)
           AND NOT EXISTS (SELECT 1 FROM tlog_pending p WHERE p.history_event_id = h.id) LIMIT 1)
       UNION ALL
       (SELECT 'comment', c.id::text FROM instance_comments c
         WHERE NOT EXISTS (SELECT 1 FROM tlog_leaves l WHERE l.comment_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM tlog_pending p WHERE p.comment_id = c.id) LIMIT 1)
       UNION ALL
       (SELECT 'admin', a.id::text FROM admin_audit_events a
         WHERE NOT EXISTS (SELECT 1 FROM tlog_leaves l WHERE l.admin_event_id = a.id)
           AND NOT EXISTS (SELECT 1 FROM tlog_pending p WHERE p.admin_event_id = a.id) LIMIT 1)
       UNION ALL
       (SELECT 'meeting', m.id::text FROM meeting_events m
         WHERE NOT EXISTS (SELECT 1 FROM tlog_leaves l WHERE l.meeting_event_id = m.id)
           AND NOT EXISTS (SELECT 1 FROM tlog_pending p WHERE p.meeting_event_id = m.id) LIMIT 1)
       LIMIT 1`,
    );
    return row ?? null;
  }

  async latestCheckpoint(manager: EntityManager): Promise<StoredCheckpoint | null> {
    const [row] = await manager.query<
      Array<{ tree_size: string; root_hash: Buffer; note: string }>
    >(`SELECT tree_size, root_hash, note FROM tlog_checkpoints ORDER BY tree_size DESC LIMIT 1`);
    return row
      ? { treeSize: Number(row.tree_size), rootHash: row.root_hash, note: row.note }
      : null;
  }

  async addCheckpoint(manager: EntityManager, checkpoint: StoredCheckpoint): Promise<void> {
    await manager.query(
      `INSERT INTO tlog_checkpoints (tree_size, root_hash, note) VALUES ($1, $2, $3)
       ON CONFLICT (tree_size) DO NOTHING`,
      [checkpoint.treeSize, checkpoint.rootHash, checkpoint.note],
    );
  }

  /**
   * Where an attachment's (or a meeting's minutes') content is kept, by id (absent when its row is
   * gone).
   */
  async attachmentLocations(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<Map<string, { storage: string; storageKey: string }>> {
    const rows = await manager.query<Array<{ id: string; storage: string; storage_key: string }>>(
      `SELECT id, storage, storage_key FROM attachments WHERE id = ANY($1::uuid[])
       UNION ALL
       SELECT id, storage, storage_key FROM meeting_minutes WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { storage: r.storage, storageKey: r.storage_key }]));
  }
}

function sourcesOf(row: RecordRow): LogSources {
  return {
    historyEventId: row.history_event_id,
    commentId: row.comment_id,
    adminEventId: row.admin_event_id,
    meetingEventId: row.meeting_event_id,
  };
}

function toRecord(row: RecordRow): LogRecord | null {
  if (row.history_event_id !== null) {
    if (row.h_id === null) return null;
    return {
      kind: 'history',
      id: row.h_id,
      instanceId: row.h_instance_id,
      seq: row.h_seq,
      type: row.h_type,
      fromState: row.h_from_state,
      toState: row.h_to_state,
      actorId: row.h_actor_id,
      actorUsername: row.h_actor_username,
      actorOrgUnitId: row.h_actor_org_unit_id,
      onBehalfOfId: row.h_on_behalf_of_id,
      data: row.h_data,
      comment: row.h_comment,
      commandId: row.h_command_id,
      at: row.h_at.toISOString(),
      prevHash: row.h_prev_hash,
      hash: row.h_hash,
    };
  }
  if (row.comment_id !== null) {
    if (row.c_id === null) return null;
    return {
      kind: 'comment',
      id: row.c_id,
      instanceId: row.c_instance_id,
      authorId: row.c_author_id,
      authorOrgUnitId: row.c_author_org_unit_id,
      replyToId: row.c_reply_to_id,
      body: row.c_body,
      createdAt: row.c_created_at.toISOString(),
    };
  }
  if (row.meeting_event_id !== null) {
    if (row.m_id === null) return null;
    return {
      kind: 'meeting',
      id: row.m_id,
      meetingId: row.m_meeting_id,
      type: row.m_type,
      actorId: row.m_actor_id,
      actorUsername: row.m_actor_username,
      actorOrgUnitId: row.m_actor_org_unit_id,
      data: row.m_data,
      at: row.m_at.toISOString(),
    };
  }
  if (row.a_id === null) return null;
  return {
    kind: 'admin',
    id: row.a_id,
    at: row.a_at.toISOString(),
    actorId: row.a_actor_id,
    actorUsername: row.a_actor_username,
    action: row.a_action,
    targetType: row.a_target_type,
    targetId: row.a_target_id,
    before: row.a_before,
    after: row.a_after,
    // Only when given, so the leaves of events from before reasons existed hash as they did.
    ...(row.a_reason !== null ? { reason: row.a_reason } : {}),
  };
}
