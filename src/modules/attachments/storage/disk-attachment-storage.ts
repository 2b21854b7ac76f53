import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Readable } from 'node:stream';
import {
  type AttachmentStorage,
  type ContentWriter,
  type StagedContent,
} from './attachment-storage';

const KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

/**
 * Content as files under ATTACHMENT_DIR: `<first two hex digits>/<attachment id>`. An upload
 * streams to `.staging/` and is renamed into place inside the recording transaction; if that
 * transaction rolls back the file is removed again.
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

  keyFor(attachmentId: string): string {
    return `${attachmentId.slice(0, 2)}/${attachmentId}`;
  }

  async persist(_manager: unknown, key: string, staged: StagedContent): Promise<void> {
    if (!(staged instanceof StagedFile)) throw new Error('Not content staged by this storage');
    const target = this.pathOf(key);
    await mkdir(join(target, '..'), { recursive: true });
    await rename(staged.path, target);
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
