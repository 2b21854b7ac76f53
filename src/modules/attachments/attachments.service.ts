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
import { InstancesRepository } from '../instances/instances.repository';
import { InstancesService } from '../instances/instances.service';
import { ATTACHMENT_KINDS } from './attachment-kinds';
import { type Attachment, AttachmentsRepository } from './attachments.repository';
import { sniffAttachmentKind } from './content-sniffer';
import { type AttachmentDto } from './dto/attachment.dto';
import { contentDisposition, extensionFits, safeFileName } from './file-names';
import { type ReceivedFile, receiveFile } from './multipart-upload';
import { AttachmentStorages } from './storage/attachment-storages';

export const ATTACHMENT_FIELD = 'file';

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
    private readonly repository: AttachmentsRepository,
    private readonly instanceRows: InstancesRepository,
  ) {}

  async upload(
    user: AuthenticatedUser,
    instanceId: string,
    request: IncomingMessage,
  ): Promise<AttachmentDto> {
    // Refuse before reading a byte of the body.
    const instance = await this.instances.findReadable(user, instanceId);
    if (!user.roles.includes('official')) throw new ForbiddenError('Only officials attach files');
    if (!(await this.instances.mayAttach(user, instance, this.dataSource.manager))) {
      throw new ForbiddenError(
        'Only the case’s own unit and the units its steps went to attach files; a follow-up or copy recipient may comment',
      );
    }
    if (instance.status !== 'active') throw finished(instance.status);

    const storage = this.storages.current();
    const file = await receiveFile(request, {
      field: ATTACHMENT_FIELD,
      maxBytes: this.config.get('ATTACHMENT_MAX_BYTES'),
      createWriter: () => storage.createWriter(),
    });
    try {
      const fileName = safeFileName(file.fileName);
      if (file.size === 0) {
        // Still "no accepted content" (415), but the official is told why: nothing was sent.
        throw new DomainError('unsupported-media-type', `The file “${fileName}” is empty`, [
          {
            path: '/file',
            message: 'The file is empty (0 bytes)',
            messages: {
              vi: `Tệp “${fileName}” trống (0 byte): hãy chọn tệp có nội dung`,
              en: `The file “${fileName}” is empty (0 bytes): choose a file with content`,
            },
          },
        ]);
      }
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
    const attachments = await this.repository.listByInstance(this.dataSource.manager, instanceId);
    return attachments.map(toDto);
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
    const manager = this.dataSource.manager;
    const row = await this.repository.find(manager, attachmentId, instanceId);
    if (!row) throw new NotFoundError('Attachment', attachmentId);
    const actual = await this.storages.sha256(row.storage, manager, row.storageKey);
    if (actual === null) throw new NotFoundError('Attachment content', attachmentId);
    const recorded = await this.history.uploadedSha256(manager, instanceId, row.historySeq);
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
    const stream = await this.storages.of(row.storage).open(manager, row.storageKey);
    if (!stream) throw new NotFoundError('Attachment content', attachmentId);
    return new StreamableFile(stream, {
      type: row.contentType,
      length: row.size,
      disposition: contentDisposition(row.fileName),
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
        const instance = await this.instanceRows.lockForWrite(manager, instanceId);
        if (!instance) throw new NotFoundError('Instance', instanceId);
        if (instance.status !== 'active') throw finished(instance.status);
        const now = this.clock.now();
        const version = instance.version + 1;
        await this.repository.insert(manager, {
          id,
          instanceId,
          fileName,
          contentType,
          size: file.size,
          sha256: file.sha256,
          storage: storage.kind,
          storageKey: key,
          uploadedBy: user.id,
          uploadedAt: now,
          historySeq: version,
        });
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
        await this.instanceRows.advanceHead(manager, instanceId, version, head, now);
      });
    } catch (error) {
      if (stored) await storage.forget(key);
      throw error;
    }
    return id;
  }

  private async get(id: string): Promise<AttachmentDto> {
    const attachment = await this.repository.find(this.dataSource.manager, id);
    if (!attachment) throw new NotFoundError('Attachment', id);
    return toDto(attachment);
  }
}

function finished(status: string): DomainError {
  return new DomainError('conflict', `The instance is ${status}; files are attached while it runs`);
}

function toDto(attachment: Attachment): AttachmentDto {
  return {
    id: attachment.id,
    instanceId: attachment.instanceId,
    fileName: attachment.fileName,
    contentType: attachment.contentType,
    size: attachment.size,
    sha256: attachment.sha256,
    uploadedBy: attachment.uploadedBy,
    uploadedAt: attachment.uploadedAt,
    historySeq: attachment.historySeq,
  };
}
