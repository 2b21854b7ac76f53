import { Injectable, Logger, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { AppConfigService } from '../../config/app-config.service';
import { ATTACHMENT_ADDED_EVENT } from '../history/history-event-types';
import { HistoryService } from '../history/history.service';
import { InstancesService } from '../instances/instances.service';
import { WorkflowInstance } from '../instances/workflow-instance.entity';
import { userRef, type UserRefDto } from '../users/dto/user-ref.dto';
import { ATTACHMENT_KINDS } from './attachment-kinds';
import { sniffAttachmentKind } from './content-sniffer';
import { type AttachmentDto } from './dto/attachment.dto';
import { contentDisposition, extensionFits, safeFileName } from './file-names';
import { type ReceivedFile, receiveFile } from './multipart-upload';
import { type StorageKind } from './storage/attachment-storage';
import { AttachmentStorages } from './storage/attachment-storages';

export const ATTACHMENT_FIELD = 'file';

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

/**
 * Files on an instance. An upload streams through a size limit and a SHA-256 hash into staging,
 * is judged by its content (PDF, DOCX, XLSX, PNG, JPEG), then is recorded in one transaction
 * under the instance's row lock: the attachment row, its content, and an ATTACHMENT_ADDED history
 * event carrying the hash. That event takes the next history seq and the version goes up by one,
 * because the chain's verification holds version equal to the history's length; a command sent
 * against the version before the upload gets 409 and re-reads, as for any other recorded change.
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger(AttachmentsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instances: InstancesService,
    private readonly history: HistoryService,
    private readonly storages: AttachmentStorages,
    private readonly config: AppConfigService,
    private readonly clock: Clock,
  ) {}

  async upload(
    user: AuthenticatedUser,
    instanceId: string,
    request: IncomingMessage,
  ): Promise<AttachmentDto> {
    // Refuse before reading a byte of the body.
    const instance = await this.instances.findReadable(user, instanceId);
    if (!user.roles.includes('official')) throw new ForbiddenError('Only officials attach files');
    if (instance.status !== 'active') throw finished(instance.status);

    const storage = this.storages.current();
    const file = await receiveFile(request, {
      field: ATTACHMENT_FIELD,
      maxBytes: this.config.get('ATTACHMENT_MAX_BYTES'),
      createWriter: () => storage.createWriter(),
    });
    try {
      const fileName = safeFileName(file.fileName);
      const kind = await sniffAttachmentKind(file.content);
      if (!kind) {
        throw new DomainError(
          'unsupported-media-type',
          'Only PDF, DOCX, XLSX, PNG and JPEG files are accepted (judged by their content)',
          [{ path: '/file', message: 'Unsupported file content' }],
        );
      }
      if (!extensionFits(fileName, ATTACHMENT_KINDS[kind].extensions)) {
        throw new DomainError(
          'unsupported-media-type',
          `The content is ${kind.toUpperCase()}, which the name “${fileName}” does not say`,
          [
            {
              path: '/file',
              message: `Expected ${ATTACHMENT_KINDS[kind].extensions.join(' or ')}`,
            },
          ],
        );
      }
      const id = await this.record(user, instanceId, file, fileName, kind);
      return this.get(id);
    } finally {
      await file.content.discard();
    }
  }

  async list(user: AuthenticatedUser, instanceId: string): Promise<AttachmentDto[]> {
    await this.instances.findReadable(user, instanceId);
    const rows = await this.dataSource.query<AttachmentRow[]>(
      `${SELECT_ATTACHMENT} WHERE a.instance_id = $1 ORDER BY a.uploaded_at, a.id`,
      [instanceId],
    );
    return rows.map(toDto);
  }

  /**
   * The content, for those who may read the instance, once its SHA-256 is recomputed and found
   * equal to the one its history event recorded: altered bytes are refused, never served.
   */
  async download(
    user: AuthenticatedUser,
    instanceId: string,
    attachmentId: string,
  ): Promise<StreamableFile> {
    await this.instances.findReadable(user, instanceId);
    const [row] = await this.dataSource.query<AttachmentRow[]>(
      `${SELECT_ATTACHMENT} WHERE a.id = $1 AND a.instance_id = $2`,
      [attachmentId, instanceId],
    );
    if (!row) throw new NotFoundError('Attachment', attachmentId);
    const manager = this.dataSource.manager;
    const actual = await this.storages.sha256(row.storage, manager, row.storage_key);
    if (actual === null) throw new NotFoundError('Attachment content', attachmentId);
    const recorded = await this.recordedSha256(instanceId, row.history_seq);
    if (actual !== recorded) {
      this.logger.error(
        { attachmentId, instanceId, recorded, actual },
        'Attachment content does not match the SHA-256 in its history event; refused',
      );
      throw new DomainError(
        'integrity-violation',
        `The stored content of attachment ${attachmentId} no longer has the SHA-256 recorded in the instance's history; it is not served`,
        [{ path: '/sha256', message: `Recorded ${recorded ?? 'nothing'}, found ${actual}` }],
      );
    }
    const stream = await this.storages.of(row.storage).open(manager, row.storage_key);
    if (!stream) throw new NotFoundError('Attachment content', attachmentId);
    return new StreamableFile(stream, {
      type: row.content_type,
      length: Number(row.size_bytes),
      disposition: contentDisposition(row.file_name),
    });
  }

  private async record(
    user: AuthenticatedUser,
    instanceId: string,
    file: ReceivedFile,
    fileName: string,
    kind: keyof typeof ATTACHMENT_KINDS,
  ): Promise<string> {
    const storage = this.storages.current();
    const id = randomUUID();
    const key = storage.keyFor(file.sha256);
    const contentType = ATTACHMENT_KINDS[kind].contentType;
    let stored = false;
    try {
      await this.dataSource.transaction(async (manager) => {
        const instance = await manager
          .getRepository(WorkflowInstance)
          .createQueryBuilder('i')
          .setLock('for_no_key_update')
          .where('i.id = :id', { id: instanceId })
          .getOneOrFail();
        if (instance.status !== 'active') throw finished(instance.status);
        const now = this.clock.now();
        const version = instance.version + 1;
        await manager.query(
          `INSERT INTO attachments (id, instance_id, file_name, content_type, size_bytes, sha256,
             storage, storage_key, uploaded_by, uploaded_at, history_seq)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            id,
            instanceId,
            fileName,
            contentType,
            file.size,
            file.sha256,
            storage.kind,
            key,
            user.id,
            now,
            version,
          ],
        );
        stored = await storage.persist(manager, key, file.content);
        const head = await this.history.append(manager, {
          instanceId,
          seq: version,
          prevHash: instance.historyHead,
          type: ATTACHMENT_ADDED_EVENT,
          fromState: instance.state,
          toState: instance.state,
          actor: user,
          data: { attachmentId: id, fileName, contentType, size: file.size, sha256: file.sha256 },
          comment: null,
          commandId: null,
          at: now,
        });
        await manager.query(
          `UPDATE workflow_instances SET version = $2, history_head = $3, updated_at = $4
            WHERE id = $1`,
          [instanceId, version, head, now],
        );
      });
    } catch (error) {
      if (stored) await storage.forget(key);
      throw error;
    }
    return id;
  }

  /** The hash the history event of the upload vouches for (not the attachment row's copy). */
  private async recordedSha256(instanceId: string, seq: number): Promise<string | null> {
    const [event] = await this.dataSource.query<Array<{ sha256: string | null }>>(
      `SELECT data->>'sha256' AS sha256 FROM history_events
        WHERE instance_id = $1 AND seq = $2 AND type = $3`,
      [instanceId, seq, ATTACHMENT_ADDED_EVENT],
    );
    return event?.sha256 ?? null;
  }

  private async get(id: string): Promise<AttachmentDto> {
    const [row] = await this.dataSource.query<AttachmentRow[]>(
      `${SELECT_ATTACHMENT} WHERE a.id = $1`,
      [id],
    );
    if (!row) throw new NotFoundError('Attachment', id);
    return toDto(row);
  }
}

function finished(status: string): DomainError {
  return new DomainError('conflict', `The instance is ${status}; files are attached while it runs`);
}

function toDto(row: AttachmentRow): AttachmentDto {
  return {
    id: row.id,
    instanceId: row.instance_id,
    fileName: row.file_name,
    contentType: row.content_type,
    size: Number(row.size_bytes),
    sha256: row.sha256,
    uploadedBy: userRef(
      row.uploaded_by_id,
      row.uploaded_by_username,
      row.uploaded_by_full_name,
    ) as UserRefDto,
    uploadedAt: row.uploaded_at,
    historySeq: row.history_seq,
  };
}
