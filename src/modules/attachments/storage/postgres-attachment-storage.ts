import { Readable } from 'node:stream';
import { type EntityManager } from 'typeorm';
import {
  type AttachmentStorage,
  type ContentWriter,
  type StagedContent,
} from './attachment-storage';

/**
 * Content in `attachment_contents.content` under its SHA-256 (bytea, stored uncompressed): one backup holds
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

  keyFor(sha256: string): string {
    return sha256;
  }

  async persist(manager: EntityManager, key: string, staged: StagedContent): Promise<boolean> {
    const inserted = await manager.query<Array<{ sha256: string }>>(
      `INSERT INTO attachment_contents (sha256, content) VALUES ($1, $2)
       ON CONFLICT (sha256) DO NOTHING RETURNING sha256`,
      [key, await staged.read(0, staged.size)],
    );
    return inserted.length > 0;
  }

  async forget(): Promise<void> {
    // Rolled back with the transaction.
  }

  async open(manager: EntityManager, key: string): Promise<Readable | null> {
    const [row] = await manager.query<Array<{ content: Buffer }>>(
      `SELECT content FROM attachment_contents WHERE sha256 = $1`,
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
