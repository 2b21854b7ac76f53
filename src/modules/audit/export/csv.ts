/** UTF-8 byte order mark: without it Excel reads the file as the ANSI code page and garbles Vietnamese. */
export const UTF8_BOM = '\uFEFF';

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One RFC 4180 record, CRLF-terminated. A field is quoted when it holds a quote, comma or line
 * break (quotes doubled). Text that a spreadsheet would run as a formula (leading `=`, `+`, `-`,
 * `@`, tab or CR) gets a leading apostrophe, as OWASP advises for CSV meant for Excel.
 */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? defuseFormula(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
