import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { requiredUserRef, type UserRefDto } from '../users/dto/user-ref.dto';
import { type StorageKind } from './storage/attachment-storage';

/** A stored attachment with who uploaded it; where its content is kept stays inside. */
export interface Attachment {
  id: string;
  instanceId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  storage: StorageKind;
  storageKey: string;
  uploadedAt: Date;
  historySeq: number;
  uploadedBy: UserRefDto;
}

export interface NewAttachment {
  id: string;
  instanceId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  storage: StorageKind;
  storageKey: string;
  uploadedBy: string;
  uploadedAt: Date;
  historySeq: number;
}

interface AttachmentRow {
  id: string;
  instance_id: string;
  file_name: string;
  content_type: string;
  size_bytes: string;
  sha256: string;
  storage: StorageKind;
  storage_key: string;
  uploaded_at: Date;
  history_seq: number;
  uploaded_by_id: string;
  uploaded_by_username: string;
  uploaded_by_full_name: string;
}

const SELECT_ATTACHMENT = `
  SELECT a.*, u.id AS uploaded_by_id, u.username AS uploaded_by_username,
         u.full_name AS uploaded_by_full_name
    FROM attachments a JOIN users u ON u.id = a.uploaded_by`;

/** The one place `attachments` is read and written (contents: see the storages). */
@Injectable()
export class AttachmentsRepository {
  async listByInstance(manager: EntityManager, instanceId: string): Promise<Attachment[]> {
    const rows = await manager.query<AttachmentRow[]>(
      `${SELECT_ATTACHMENT} WHERE a.instance_id = $1 ORDER BY a.uploaded_at, a.id`,
      [instanceId],
    );
    return rows.map(toAttachment);
  }

  /** The attachment, if any (and only if it belongs to `instanceId` when that is given). */
  async find(manager: EntityManager, id: string, instanceId?: string): Promise<Attachment | null> {
    const [row] = await manager.query<AttachmentRow[]>(
      instanceId === undefined
        ? `${SELECT_ATTACHMENT} WHERE a.id = $1`
        : `${SELECT_ATTACHMENT} WHERE a.id = $1 AND a.instance_id = $2`,
      instanceId === undefined ? [id] : [id, instanceId],
    );
    return row ? toAttachment(row) : null;
  }

  async insert(manager: EntityManager, attachment: NewAttachment): Promise<void> {
    await manager.query(
      `INSERT INTO attachments (id, instance_id, file_name, content_type, size_bytes, sha256,
         storage, storage_key, uploaded_by, uploaded_at, history_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        attachment.id,
        attachment.instanceId,
        attachment.fileName,
        attachment.contentType,
        attachment.size,
        attachment.sha256,
        attachment.storage,
        attachment.storageKey,
        attachment.uploadedBy,
        attachment.uploadedAt,
        attachment.historySeq,
      ],
    );
  }

  /**
   * Keeps content under its SHA-256 in `attachment_contents` (the postgres storage); false when
   * that content was already there (identical files share one row).
   */
  async insertContent(manager: EntityManager, sha256: string, content: Buffer): Promise<boolean> {
    const inserted = await manager.query<Array<{ sha256: string }>>(
      `INSERT INTO attachment_contents (sha256, content) VALUES ($1, $2)
       ON CONFLICT (sha256) DO NOTHING RETURNING sha256`,
      [sha256, content],
    );
    return inserted.length > 0;
  }

  /** The content kept under a SHA-256 in `attachment_contents`, or null when there is none. */
  async findContent(manager: EntityManager, sha256: string): Promise<Buffer | null> {
    const [row] = await manager.query<Array<{ content: Buffer }>>(
      `SELECT content FROM attachment_contents WHERE sha256 = $1`,
      [sha256],
    );
    return row?.content ?? null;
  }
}

function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    instanceId: row.instance_id,
    fileName: row.file_name,
    contentType: row.content_type,
    size: Number(row.size_bytes),
    sha256: row.sha256,
    storage: row.storage,
    storageKey: row.storage_key,
    uploadedAt: row.uploaded_at,
    historySeq: row.history_seq,
    uploadedBy: requiredUserRef(
      row.uploaded_by_id,
      row.uploaded_by_username,
      row.uploaded_by_full_name,
    ),
  };
}
