import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { type EntityManager } from 'typeorm';
import { AppConfigService } from '../../../config/app-config.service';
import { AttachmentsRepository } from '../attachments.repository';
import { type AttachmentStorage, type StorageKind } from './attachment-storage';
import { DiskAttachmentStorage } from './disk-attachment-storage';
import { PostgresAttachmentStorage } from './postgres-attachment-storage';

/** Both storages, and the one new uploads go to (ATTACHMENT_STORAGE). */
@Injectable()
export class AttachmentStorages {
  private readonly byKind: Record<StorageKind, AttachmentStorage>;

  constructor(
    private readonly config: AppConfigService,
    repository: AttachmentsRepository,
  ) {
    this.byKind = {
      postgres: new PostgresAttachmentStorage(repository),
      disk: new DiskAttachmentStorage(config.get('ATTACHMENT_DIR')),
    };
  }

  /** Where new uploads are stored. */
  current(): AttachmentStorage {
    return this.byKind[this.config.get('ATTACHMENT_STORAGE')];
  }

  /** The storage that holds an existing attachment. */
  of(kind: StorageKind): AttachmentStorage {
    return this.byKind[kind];
  }

  /** SHA-256 (hex) of the content kept under `key`, read as a stream; null when it is missing. */
  async sha256(kind: StorageKind, manager: EntityManager, key: string): Promise<string | null> {
    const stream = await this.byKind[kind].open(manager, key);
    if (!stream) return null;
    const hash = createHash('sha256');
    for await (const chunk of stream) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }
}
