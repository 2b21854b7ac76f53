import { Readable } from 'node:stream';
import { type EntityManager } from 'typeorm';
import { type AttachmentsRepository } from '../attachments.repository';
import {
  type AttachmentStorage,
  type ContentWriter,
  type StagedContent,
} from './attachment-storage';

/**
 * Content in `attachment_contents.content` under its SHA-256 (bytea, stored uncompressed): one backup holds
 * everything, and the content commits or rolls back with its history event. An upload is held in
 * memory until then, which the size limit bounds. The table is the attachments repository's.
 */
export class PostgresAttachmentStorage implements AttachmentStorage {
  readonly kind = 'postgres' as const;

  constructor(private readonly repository: AttachmentsRepository) {}

  async createWriter(): Promise<ContentWriter> {
    const chunks: Buffer[] = [];
    return {
      write: async (chunk) => void chunks.push(chunk),
      finish: async () => memoryContent(Buffer.concat(chunks)),
      discard: async () => void chunks.splice(0),
    };
  }

  keyFor(sha256: string): string {
    return sha256;
  }

  async persist(manager: EntityManager, key: string, staged: StagedContent): Promise<boolean> {
    return this.repository.insertContent(manager, key, await staged.read(0, staged.size));
  }

  async forget(): Promise<void> {
    // Rolled back with the transaction.
  }

  async open(manager: EntityManager, key: string): Promise<Readable | null> {
    const content = await this.repository.findContent(manager, key);
    return content ? Readable.from([content]) : null;
  }
}

function memoryContent(buffer: Buffer): StagedContent {
  return {
    size: buffer.length,
    read: async (offset, length) => buffer.subarray(offset, offset + length),
    discard: async () => undefined,
  };
}
