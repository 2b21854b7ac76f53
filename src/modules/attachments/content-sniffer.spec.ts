import { bufferContent, sniffAttachmentKind } from './content-sniffer';
import { minimalDocx, minimalPdf, minimalXlsx, storedZip, tinyPng } from './testing/sample-files';

describe('sniffAttachmentKind', () => {
  it.each([
    ['pdf', minimalPdf()],
    ['png', tinyPng()],
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46])],
    ['docx', minimalDocx()],
    ['xlsx', minimalXlsx()],
  ])('knows %s from its bytes', async (kind, bytes) => {
    expect(await sniffAttachmentKind(bufferContent(bytes))).toBe(kind);
  });

  it.each([
    ['text named like a PDF', Buffer.from('Đây không phải PDF, chỉ là văn bản.\n')],
    ['an empty file', Buffer.alloc(0)],
    ['a plain ZIP', storedZip({ 'notes.txt': 'ghi chú' })],
    ['a ZIP with content types but no document', storedZip({ '[Content_Types].xml': '<Types/>' })],
    ['a truncated ZIP', minimalDocx().subarray(0, 60)],
    ['an executable', Buffer.from('MZ\x90\x00\x03', 'latin1')],
  ])('refuses %s', async (_what, bytes) => {
    expect(await sniffAttachmentKind(bufferContent(bytes))).toBeNull();
  });
});
