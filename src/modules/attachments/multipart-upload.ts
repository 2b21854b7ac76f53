import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { type Readable } from 'node:stream';
import { DomainError } from '../../common/errors/domain-error';
import { type ContentWriter, type StagedContent } from './storage/attachment-storage';

/** Room for the multipart boundaries and part headers around the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export interface ReceivedFile {
  /** The name the client gave (unsanitised). */
  fileName: string;
  size: number;
  sha256: string;
  content: StagedContent;
}

export interface ReceiveOptions {
  field: string;
  maxBytes: number;
  createWriter: () => Promise<ContentWriter>;
}

export function tooLarge(maxBytes: number): DomainError {
  return new DomainError('payload-too-large', `The file exceeds the limit of ${maxBytes} bytes`, [
    { path: '/file', message: `At most ${maxBytes} bytes` },
  ]);
}

/**
 * Streams the one file of a `multipart/form-data` request into a writer, counting and hashing
 * (SHA-256) as the bytes pass, so nothing but the writer holds the file. A request that declares
 * more than the limit is refused before a byte is read; one that sends more is cut off at the
 * limit.
 */
export async function receiveFile(
  request: IncomingMessage,
  options: ReceiveOptions,
): Promise<ReceivedFile> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes + MULTIPART_OVERHEAD_BYTES) {
    throw tooLarge(options.maxBytes);
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      defParamCharset: 'utf8',
      // busboy cuts a file off when it reaches the limit: one byte more tells "too large" from
      // "exactly the limit".
      limits: { files: 1, fileSize: options.maxBytes + 1, fields: 20, parts: 40 },
    });
  } catch {
    throw new DomainError(
      'unsupported-media-type',
      'Send the file as multipart/form-data in the field “file”',
    );
  }

  return new Promise<ReceivedFile>((resolve, reject) => {
    let upload: Promise<ReceivedFile> | undefined;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      // The rest of the body is not read: the error answer closes the connection.
      request.unpipe(parser);
      void upload?.then(
        (file) => file.content.discard(),
        () => undefined,
      );
      reject(
        error instanceof DomainError
          ? error
          : new DomainError('bad-request', `Malformed upload: ${(error as Error).message}`),
      );
    };
    parser.on('file', (field, stream, info) => {
      if (field !== options.field || upload) {
        stream.resume();
        return;
      }
      upload = consume(stream, info.filename, options);
      upload.catch(fail);
    });
    parser.on('error', fail);
    parser.on('close', () => {
      if (!upload) {
        fail(
          new DomainError('bad-request', `No file in the field “${options.field}”`, [
            { path: `/${options.field}`, message: 'Missing' },
          ]),
        );
        return;
      }
      upload.then((file) => {
        if (settled) {
          void file.content.discard();
          return;
        }
        settled = true;
        resolve(file);
      }, fail);
    });
    request.once('close', () => {
      if (!request.complete) fail(new DomainError('bad-request', 'The upload was interrupted'));
    });
    request.pipe(parser);
  });
}

async function consume(
  stream: Readable,
  fileName: string | undefined,
  options: ReceiveOptions,
): Promise<ReceivedFile> {
  // busboy stops passing bytes at the limit but reads the part to its end; fail at once instead.
  stream.once('limit', () => stream.destroy(tooLarge(options.maxBytes)));
  const writer = await options.createWriter();
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      hash.update(chunk);
      await writer.write(chunk);
    }
    if (size > options.maxBytes) throw tooLarge(options.maxBytes);
    return {
      fileName: fileName ?? '',
      size,
      sha256: hash.digest('hex'),
      content: await writer.finish(),
    };
  } catch (error) {
    stream.resume();
    await writer.discard();
    throw error;
  }
}
