import { canonicalJson, hashEvent } from '../history/hash-chain';
import { ATTACHMENT_ADDED_EVENT } from '../history/history-event-types';
import { MINUTES_ADDED_EVENT } from '../meetings/meeting-event-types';
import { leafHash } from './merkle';

/**
 * What one leaf of the transparency log says: a history event (commands, placements, attachments
 * with their SHA-256), a comment, an admin change, or a joint meeting's record (the meeting, its
 * minutes with their SHA-256). The leaf's data is the canonical JSON of
 * this record, so the database, the export and the offline verifier all hash the same bytes.
 */
export type LogRecord = HistoryRecord | CommentRecord | AdminChangeRecord | MeetingRecord;

export interface HistoryRecord {
  kind: 'history';
  id: string;
  instanceId: string;
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  actorId: string;
  actorUsername: string;
  actorOrgUnitId: string;
  onBehalfOfId: string | null;
  data: unknown;
  comment: string | null;
  commandId: string | null;
  /** ISO 8601. */
  at: string;
  prevHash: string;
  hash: string;
}

export interface CommentRecord {
  kind: 'comment';
  id: string;
  instanceId: string;
  authorId: string;
  authorOrgUnitId: string;
  replyToId: string | null;
  body: string;
  createdAt: string;
}

export interface AdminChangeRecord {
  kind: 'admin';
  id: string;
  at: string;
  actorId: string;
  actorUsername: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  /** Present only when the admin gave a reason (absent keys keep older leaves' hashes). */
  reason?: string;
}

/** Something recorded about a joint meeting (see the meetings module's event types). */
export interface MeetingRecord {
  kind: 'meeting';
  /** The meeting event's id. */
  id: string;
  meetingId: string;
  type: string;
  actorId: string;
  actorUsername: string;
  actorOrgUnitId: string;
  data: unknown;
  /** ISO 8601. */
  at: string;
}

export type LogRecordKind = LogRecord['kind'];

export function recordLeafHash(record: LogRecord): Buffer {
  return leafHash(Buffer.from(canonicalJson(record), 'utf8'));
}

/** A history record whose own chain hash no longer covers its fields has been altered. */
export function historyRecordIntact(record: HistoryRecord): boolean {
  return (
    hashEvent({
      instanceId: record.instanceId,
      seq: record.seq,
      type: record.type,
      fromState: record.fromState,
      toState: record.toState,
      actorId: record.actorId,
      actorUsername: record.actorUsername,
      actorOrgUnitId: record.actorOrgUnitId,
      onBehalfOfId: record.onBehalfOfId,
      data: record.data,
      comment: record.comment,
      commandId: record.commandId,
      at: new Date(record.at),
      prevHash: record.prevHash,
    }) === record.hash
  );
}

/**
 * Stored bytes a record vouches for: an instance's attachment (ATTACHMENT_ADDED events) or a
 * meeting's minutes (MINUTES_ADDED), both kept content-addressed in the attachment store.
 */
export function attachmentClaim(
  record: LogRecord,
): { attachmentId: string; sha256: string } | null {
  const vouches =
    (record.kind === 'history' && record.type === ATTACHMENT_ADDED_EVENT) ||
    (record.kind === 'meeting' && record.type === MINUTES_ADDED_EVENT);
  if (!vouches || typeof record.data !== 'object' || record.data === null) {
    return null;
  }
  const data = record.data as Record<string, unknown>;
  return typeof data.attachmentId === 'string' && typeof data.sha256 === 'string'
    ? { attachmentId: data.attachmentId, sha256: data.sha256 }
    : null;
}
