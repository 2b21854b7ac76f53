import { extname } from 'node:path';

const MAX_NAME_LENGTH = 200;
const FALLBACK_NAME = 'tep-dinh-kem';

/**
 * A file name safe to store and to send back: no directories, no control or reserved characters,
 * NFC-normalised Vietnamese kept as it is, at most 200 characters with the extension preserved.
 */
export function safeFileName(raw: string | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  let name = base
    // Control characters are exactly what must go.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (name.length > MAX_NAME_LENGTH) {
    const ext = extname(name).slice(0, 16);
    name = name.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
  }
  return name || FALLBACK_NAME;
}

/**
 * `Content-Disposition` for a download: an ASCII fallback for old clients and the exact UTF-8
 * name in `filename*` (RFC 6266 / RFC 5987).
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._ -]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Whether the name's extension (if it has one) fits the kind its content showed. */
export function extensionFits(fileName: string, extensions: readonly string[]): boolean {
  const ext = extname(fileName).toLowerCase();
  return ext === '' || extensions.includes(ext);
}
