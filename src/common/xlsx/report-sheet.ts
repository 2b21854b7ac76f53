import type ExcelJS from 'exceljs';

/**
 * A report workbook as the Dân vận Board sends upward: one sheet whose first rows are a title block,
 * each merged across the table's columns, the first one bold and centred. exceljs (~27 MB) is
 * loaded at the first export, so processes that never export (the workers) never carry it.
 */
export async function reportSheet(
  sheetName: string,
  exportedAt: Date,
  titleBlock: readonly string[],
  columns: number,
): Promise<{ workbook: ExcelJS.Workbook; sheet: ExcelJS.Worksheet }> {
  const { Workbook } = await import('exceljs');
  const workbook = new Workbook();
  workbook.creator = 'Quy trình công tác theo chỉ thị';
  workbook.created = exportedAt;
  const sheet = workbook.addWorksheet(sheetName);
  titleBlock.forEach((text, index) => {
    sheet.getCell(index + 1, 1).value = text;
    sheet.mergeCells(index + 1, 1, index + 1, columns);
  });
  sheet.getCell(1, 1).font = { bold: true, size: 13 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  return { workbook, sheet };
}

/**
 * Dates as dd/mm/yyyy text in the organisation's zone, so the file reads the same on any computer.
 */
export function dayFormatter(timeZone: string): (date: Date) => string {
  const format = new Intl.DateTimeFormat('vi-VN', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
  return (date) => format.format(date);
}
