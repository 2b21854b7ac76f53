import { type AttachmentKind } from './attachment-kinds';

/** Content that can be read at any offset: an upload held in memory or staged on disk. */
export interface RandomAccessContent {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

const PDF = Buffer.from('%PDF-', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

const ZIP_END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP_CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const ZIP_END_RECORD_SIZE = 22;
const ZIP_MAX_COMMENT = 0xffff;
/** An Office file's directory lists its parts; a few MB of names is no Office file we accept. */
const ZIP_MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;

/**
 * The kind of an upload judged by its bytes, never its name: PDF, PNG and JPEG by their magic
 * numbers; DOCX and XLSX as ZIP archives whose central directory lists `[Content_Types].xml` and
 * the `word/` or `xl/` parts. Anything else (a text file renamed `.pdf`, a plain ZIP) is null.
 */
export async function sniffAttachmentKind(
  content: RandomAccessContent,
): Promise<AttachmentKind | null> {
  const head = await content.read(0, Math.min(content.size, 16));
  if (startsWith(head, PDF)) return 'pdf';
  if (startsWith(head, PNG)) return 'png';
  if (startsWith(head, JPEG)) return 'jpeg';
  if (startsWith(head, ZIP_LOCAL_HEADER)) return officeKind(await zipEntryNames(content));
  return null;
}

function startsWith(buffer: Buffer, prefix: Buffer): boolean {
  return buffer.length >= prefix.length && buffer.subarray(0, prefix.length).equals(prefix);
}

function officeKind(names: readonly string[] | null): AttachmentKind | null {
  if (!names?.includes('[Content_Types].xml')) return null;
  if (names.some((name) => name.startsWith('word/'))) return 'docx';
  if (names.some((name) => name.startsWith('xl/'))) return 'xlsx';
  return null;
}

/** The entry names of a ZIP's central directory, or null when it is not a readable ZIP. */
async function zipEntryNames(content: RandomAccessContent): Promise<string[] | null> {
  const tailLength = Math.min(content.size, ZIP_END_RECORD_SIZE + ZIP_MAX_COMMENT);
  const tail = await content.read(content.size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - ZIP_END_RECORD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === ZIP_END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (
    directorySize > ZIP_MAX_DIRECTORY_BYTES ||
    directoryOffset + directorySize > content.size // also catches ZIP64's 0xffffffff markers
  ) {
    return null;
  }
  const directory = await content.read(directoryOffset, directorySize);
  const names: string[] = [];
  let at = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== ZIP_CENTRAL_DIRECTORY_ENTRY) {
      return null;
    }
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    if (at + 46 + nameLength > directory.length) return null;
    names.push(directory.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** In-memory content, for tests and small uploads. */
export function bufferContent(buffer: Buffer): RandomAccessContent {
  return {
    size: buffer.length,
    read: async (offset, length) => buffer.subarray(offset, offset + length),
  };
}
