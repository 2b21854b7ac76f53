import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, open, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Readable } from 'node:stream';
import {
  type AttachmentStorage,
  type ContentWriter,
  type StagedContent,
} from './attachment-storage';

// `<2 hex>/<sha256>`; files kept before content addressing are named by attachment id.
const KEY = /^[0-9a-f]{2}\/([0-9a-f]{64}|[0-9a-f-]{36})$/;

/**
 * Content as files under ATTACHMENT_DIR: `<first two hex digits>/<SHA-256>`. An upload streams
 * to `.staging/` and is linked into place inside the recording transaction; if that transaction
 * rolls back the file is removed again (unless it was there before).
 */
export class DiskAttachmentStorage implements AttachmentStorage {
  readonly kind = 'disk' as const;
  private readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  async createWriter(): Promise<ContentWriter> {
    const staging = join(this.root, '.staging');
    await mkdir(staging, { recursive: true });
    const path = join(staging, `${randomUUID()}.part`);
    const stream = createWriteStream(path, { flags: 'wx' });
    await once(stream, 'open');
    let size = 0;
    const discard = async (): Promise<void> => {
      stream.destroy();
      await unlink(path).catch(() => undefined);
    };
    return {
      write: async (chunk) => {
        size += chunk.length;
        if (!stream.write(chunk)) await once(stream, 'drain');
      },
      finish: async () => {
        stream.end();
        await once(stream, 'finish');
        return new StagedFile(path, size, discard);
      },
      discard,
    };
  }

  keyFor(sha256: string): string {
    return `${sha256.slice(0, 2)}/${sha256}`;
  }

  async persist(_manager: unknown, key: string, staged: StagedContent): Promise<boolean> {
    if (!(staged instanceof StagedFile)) throw new Error('Not content staged by this storage');
    const target = this.pathOf(key);
    await mkdir(join(target, '..'), { recursive: true });
    // A hard link fails on an existing name, so the same bytes uploaded twice are kept once and
    // a rollback never removes a file another attachment owns. The staged name is discarded.
    try {
      await link(staged.path, target);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  async forget(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch(() => undefined);
  }

  async open(_manager: unknown, key: string): Promise<Readable | null> {
    const path = this.pathOf(key);
    const found = await stat(path).catch(() => null);
    return found?.isFile() ? createReadStream(path) : null;
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`Malformed attachment key ${key}`);
    return join(this.root, key);
  }
}

class StagedFile implements StagedContent {
  constructor(
    readonly path: string,
    readonly size: number,
    readonly discard: () => Promise<void>,
  ) {}

  async read(offset: number, length: number): Promise<Buffer> {
    const handle = await open(this.path, 'r');
    try {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, this.size - offset)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
}
