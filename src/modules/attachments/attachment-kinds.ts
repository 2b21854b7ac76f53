/** The kinds of file an instance accepts, told apart by their content (see content-sniffer). */
export const ATTACHMENT_KINDS = {
  pdf: { contentType: 'application/pdf', extensions: ['.pdf'] },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['.docx'],
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['.xlsx'],
  },
  png: { contentType: 'image/png', extensions: ['.png'] },
  jpeg: { contentType: 'image/jpeg', extensions: ['.jpg', '.jpeg'] },
} as const satisfies Record<string, { contentType: string; extensions: readonly string[] }>;

export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;
