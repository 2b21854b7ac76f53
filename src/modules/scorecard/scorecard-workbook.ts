import { dayFormatter, reportSheet } from '../../common/xlsx/report-sheet';
import { type ScorecardDto } from './dto/scorecard.dto';

/** The columns of the monitoring export, as the Dân vận Board's report tables name them. */
export const SCORECARD_EXPORT_HEADERS = [
  'STT',
  'Đơn vị',
  'Đúng hạn',
  'Trễ hạn',
  'Quá hạn',
  'Chưa thực hiện',
  'Đang thực hiện',
  'Đã hủy',
  'Tổng số hồ sơ',
] as const;

/** The row the headers stand on; one row per unit follows, then the total. */
export const SCORECARD_EXPORT_HEADER_ROW = 4;

/**
 * The scorecard (per unit: on time / late / overdue / not started…) as an Excel workbook, one
 * row per unit in the order of the screen and a total row. Dates are written as dd/mm/yyyy text
 * in the organisation's zone, so the file reads the same on any computer.
 */
export async function scorecardWorkbook(
  scorecard: ScorecardDto,
  timeZone: string,
  exportedAt: Date,
): Promise<Buffer> {
  const day = dayFormatter(timeZone);
  const last = SCORECARD_EXPORT_HEADERS.length;
  const workflows = scorecard.workflows.map((w) => w.title).join('; ');
  const { workbook, sheet } = await reportSheet(
    'Theo dõi',
    exportedAt,
    [
      'THEO DÕI TIẾN ĐỘ THỰC HIỆN THEO ĐƠN VỊ',
      `Từ ngày ${day(new Date(scorecard.from))} đến trước ngày ${day(new Date(scorecard.to))} — Số liệu tính đến: ${day(exportedAt)}`,
      `Quy trình: ${workflows}`,
    ],
    last,
  );

  const header = sheet.getRow(SCORECARD_EXPORT_HEADER_ROW);
  header.values = [...SCORECARD_EXPORT_HEADERS];
  header.font = { bold: true };
  const sums = {
    onTime: 0,
    late: 0,
    overdue: 0,
    notStarted: 0,
    inProgress: 0,
    cancelled: 0,
    total: 0,
  };
  scorecard.rows.forEach((row, index) => {
    const t = row.totals;
    for (const key of Object.keys(sums) as Array<keyof typeof sums>) sums[key] += t[key];
    sheet.getRow(SCORECARD_EXPORT_HEADER_ROW + 1 + index).values = [
      index + 1,
      row.unit.name,
      t.onTime,
      t.late,
      t.overdue,
      t.notStarted,
      t.inProgress,
      t.cancelled,
      t.total,
    ];
  });
  const total = sheet.getRow(SCORECARD_EXPORT_HEADER_ROW + 1 + scorecard.rows.length);
  total.values = [
    '',
    'Tổng cộng',
    sums.onTime,
    sums.late,
    sums.overdue,
    sums.notStarted,
    sums.inProgress,
    sums.cancelled,
    sums.total,
  ];
  total.font = { bold: true };
  sheet.getColumn(1).width = 6;
  sheet.getColumn(2).width = 44;
  for (let column = 3; column <= last; column += 1) sheet.getColumn(column).width = 14;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
