import { Readable } from 'node:stream';
import { type EntityManager } from 'typeorm';
import {
  type AttachmentStorage,
  type ContentWriter,
  type StagedContent,
} from './attachment-storage';

/**
 * Content in `attachment_blobs.content` (bytea, stored uncompressed): one backup holds
 * everything, and the content commits or rolls back with its history event. An upload is held in
 * memory until then, which the size limit bounds.
 */
export class PostgresAttachmentStorage implements AttachmentStorage {
  readonly kind = 'postgres' as const;

  async createWriter(): Promise<ContentWriter> {
    const chunks: Buffer[] = [];
    return {
      write: async (chunk) => void chunks.push(chunk),
      finish: async () => memoryContent(Buffer.concat(chunks)),
      discard: async () => void chunks.splice(0),
    };
  }

  keyFor(attachmentId: string): string {
    return attachmentId;
  }

  async persist(manager: EntityManager, key: string, staged: StagedContent): Promise<void> {
    await manager.query(`INSERT INTO attachment_blobs (attachment_id, content) VALUES ($1, $2)`, [
      key,
      await staged.read(0, staged.size),
    ]);
  }

  async forget(): Promise<void> {
    // Rolled back with the transaction.
  }

  async open(manager: EntityManager, key: string): Promise<Readable | null> {
    const [row] = await manager.query<Array<{ content: Buffer }>>(
      `SELECT content FROM attachment_blobs WHERE attachment_id = $1`,
      [key],
    );
    return row ? Readable.from([row.content]) : null;
  }
}

function memoryContent(buffer: Buffer): StagedContent {
  return {
    size: buffer.length,
    read: async (offset, length) => buffer.subarray(offset, offset + length),
    discard: async () => undefined,
  };
}
