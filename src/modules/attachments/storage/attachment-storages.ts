import { Injectable } from '@nestjs/common';
import { AppConfigService } from '../../../config/app-config.service';
import { type AttachmentStorage, type StorageKind } from './attachment-storage';
import { DiskAttachmentStorage } from './disk-attachment-storage';
import { PostgresAttachmentStorage } from './postgres-attachment-storage';

/** Both storages, and the one new uploads go to (ATTACHMENT_STORAGE). */
@Injectable()
export class AttachmentStorages {
  private readonly byKind: Record<StorageKind, AttachmentStorage>;

  constructor(private readonly config: AppConfigService) {
    this.byKind = {
      postgres: new PostgresAttachmentStorage(),
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
}
