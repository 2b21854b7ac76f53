import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type JsonObject } from '../../common/json/json.types';
import { timestampKeySql } from '../../common/pagination/keyset-cursor';
import { requiredUserRef, type UserRefDto } from '../users/dto/user-ref.dto';
import { type StorageKind } from '../attachments/storage/attachment-storage';

export interface MeetingUnit {
  id: string;
  name: string;
}

export interface Meeting {
  id: string;
  title: string;
  heldAt: Date;
  location: string | null;
  directiveId: string | null;
  directiveSymbol: string | null;
  point: number | null;
  exchangeId: string | null;
  conclusions: string | null;
  organiser: MeetingUnit;
  participants: MeetingUnit[];
  createdBy: UserRefDto;
  createdAt: Date;
  /** `held_at` at full precision, for the keyset cursor. */
  sortKey: string;
}

export interface NewMeeting {
  title: string;
  heldAt: Date;
  location: string | null;
  directiveId: string | null;
  point: number | null;
  exchangeId: string | null;
  conclusions: string | null;
  organiserUnitId: string;
  participantUnitIds: readonly string[];
  createdBy: string;
  createdAt: Date;
}

export interface MeetingMinutes {
  id: string;
  meetingId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  storage: StorageKind;
  storageKey: string;
  uploadedBy: UserRefDto;
  uploadedAt: Date;
}

export type NewMeetingMinutes = Omit<MeetingMinutes, 'uploadedBy'> & { uploadedBy: string };

export interface NewMeetingEvent {
  meetingId: string;
  type: string;
  actor: { id: string; username: string; orgUnitId: string };
  data: JsonObject;
  at: Date;
}

interface MeetingRow {
  id: string;
  title: string;
  held_at: Date;
  location: string | null;
  directive_id: string | null;
  directive_symbol: string | null;
  point: number | null;
  exchange_instance_id: string | null;
  conclusions: string | null;
  organiser_id: string;
  organiser_name: string;
  participants: MeetingUnit[];
  created_by_id: string;
  created_by_username: string;
  created_by_full_name: string;
  created_at: Date;
  sort_key: string;
}

interface MinutesRow {
  id: string;
  meeting_id: string;
  file_name: string;
  content_type: string;
  size_bytes: string;
  sha256: string;
  storage: StorageKind;
  storage_key: string;
  uploaded_at: Date;
  uploaded_by_id: string;
  uploaded_by_username: string;
  uploaded_by_full_name: string;
}

const SELECT_MEETING = `
  SELECT m.id, m.title, m.held_at, m.location, m.directive_id, d.symbol AS directive_symbol,
         m.point, m.exchange_instance_id, m.conclusions,
         o.id AS organiser_id, o.name AS organiser_name,
         COALESCE((SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.slug)
                     FROM meeting_participants p JOIN org_units u ON u.id = p.org_unit_id
                    WHERE p.meeting_id = m.id), '[]') AS participants,
         c.id AS created_by_id, c.username AS created_by_username,
         c.full_name AS created_by_full_name, m.created_at,
         ${timestampKeySql('m.held_at')} AS sort_key
    FROM meetings m
    JOIN org_units o ON o.id = m.organiser_unit_id
    JOIN users c ON c.id = m.created_by
    LEFT JOIN directives d ON d.id = m.directive_id`;

const SELECT_MINUTES = `
  SELECT n.*, u.id AS uploaded_by_id, u.username AS uploaded_by_username,
         u.full_name AS uploaded_by_full_name
    FROM meeting_minutes n JOIN users u ON u.id = n.uploaded_by`;

/** The one place `meetings`, its participants, minutes and events are read and written. */
@Injectable()
export class MeetingsRepository {
  /** @returns the new meeting's id */
  async insert(manager: EntityManager, meeting: NewMeeting): Promise<string> {
    const [row] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO meetings (title, held_at, location, directive_id, point, exchange_instance_id,
              conclusions, organiser_unit_id, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        meeting.title,
        meeting.heldAt,
        meeting.location,
        meeting.directiveId,
        meeting.point,
        meeting.exchangeId,
        meeting.conclusions,
        meeting.organiserUnitId,
        meeting.createdBy,
        meeting.createdAt,
      ],
    );
    await manager.query(
      `INSERT INTO meeting_participants (meeting_id, org_unit_id)
       SELECT $1, unnest($2::uuid[])`,
      [row.id, meeting.participantUnitIds],
    );
    return row.id;
  }

  async find(manager: EntityManager, id: string): Promise<Meeting | null> {
    const [row] = await manager.query<MeetingRow[]>(`${SELECT_MEETING} WHERE m.id = $1`, [id]);
    return row ? toMeeting(row) : null;
  }

  /**
   * Meetings newest first (by when they were held), after the keyset position if given. With
   * `unitIds`, only those organised by or attended by one of the units.
   */
  async list(
    manager: EntityManager,
    unitIds: readonly string[] | null,
    after: { at: string; id: string } | null,
    limit: number,
  ): Promise<Meeting[]> {
    const params: unknown[] = [limit];
    const where: string[] = [];
    if (unitIds !== null) {
      params.push(unitIds);
      where.push(`(m.organiser_unit_id = ANY($${params.length}::uuid[])
        OR EXISTS (SELECT 1 FROM meeting_participants p
                    WHERE p.meeting_id = m.id AND p.org_unit_id = ANY($${params.length}::uuid[])))`);
    }
    if (after) {
      params.push(after.at, after.id);
      where.push(
        `(m.held_at, m.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    const rows = await manager.query<MeetingRow[]>(
      `${SELECT_MEETING} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY m.held_at DESC, m.id DESC LIMIT $1`,
      params,
    );
    return rows.map(toMeeting);
  }

  async minutesOf(
    manager: EntityManager,
    meetingIds: readonly string[],
  ): Promise<MeetingMinutes[]> {
    const rows = await manager.query<MinutesRow[]>(
      `${SELECT_MINUTES} WHERE n.meeting_id = ANY($1::uuid[]) ORDER BY n.uploaded_at, n.id`,
      [meetingIds],
    );
    return rows.map(toMinutes);
  }

  async findMinutes(
    manager: EntityManager,
    meetingId: string,
    minutesId: string,
  ): Promise<MeetingMinutes | null> {
    const [row] = await manager.query<MinutesRow[]>(
      `${SELECT_MINUTES} WHERE n.id = $1 AND n.meeting_id = $2`,
      [minutesId, meetingId],
    );
    return row ? toMinutes(row) : null;
  }

  async insertMinutes(manager: EntityManager, minutes: NewMeetingMinutes): Promise<void> {
    await manager.query(
      `INSERT INTO meeting_minutes (id, meeting_id, file_name, content_type, size_bytes, sha256,
              storage, storage_key, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        minutes.id,
        minutes.meetingId,
        minutes.fileName,
        minutes.contentType,
        minutes.size,
        minutes.sha256,
        minutes.storage,
        minutes.storageKey,
        minutes.uploadedBy,
        minutes.uploadedAt,
      ],
    );
  }

  /** Appends an event (append-only table; a trigger queues it for the transparency log). */
  async appendEvent(manager: EntityManager, event: NewMeetingEvent): Promise<string> {
    const [row] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO meeting_events (meeting_id, type, actor_id, actor_username, actor_org_unit_id,
              data, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
      [
        event.meetingId,
        event.type,
        event.actor.id,
        event.actor.username,
        event.actor.orgUnitId,
        event.data,
        event.at,
      ],
    );
    return row.id;
  }
}

function toMeeting(row: MeetingRow): Meeting {
  return {
    id: row.id,
    title: row.title,
    heldAt: row.held_at,
    location: row.location,
    directiveId: row.directive_id,
    directiveSymbol: row.directive_symbol,
    point: row.point,
    exchangeId: row.exchange_instance_id,
    conclusions: row.conclusions,
    organiser: { id: row.organiser_id, name: row.organiser_name },
    participants: row.participants,
    createdBy: requiredUserRef(
      row.created_by_id,
      row.created_by_username,
      row.created_by_full_name,
    ),
    createdAt: row.created_at,
    sortKey: row.sort_key,
  };
}

function toMinutes(row: MinutesRow): MeetingMinutes {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    fileName: row.file_name,
    contentType: row.content_type,
    size: Number(row.size_bytes),
    sha256: row.sha256,
    storage: row.storage,
    storageKey: row.storage_key,
    uploadedAt: row.uploaded_at,
    uploadedBy: requiredUserRef(
      row.uploaded_by_id,
      row.uploaded_by_username,
      row.uploaded_by_full_name,
    ),
  };
}
