import { dayFormatter, reportSheet } from '../../common/xlsx/report-sheet';
import { STANDING_LABELS } from './campaign-standing';
import { type CampaignDto } from './dto/campaign.dto';

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The column headers of the export, in the order the Dân vận Board reports them upward. */
export const CAMPAIGN_EXPORT_HEADERS = [
  'STT',
  'Đơn vị',
  'Tình trạng',
  'Bước hiện tại',
  'Hạn hoàn thành',
  'Cập nhật lần cuối',
] as const;

/** The row the headers stand on; unit rows follow it. */
export const CAMPAIGN_EXPORT_HEADER_ROW = 6;

/**
 * The campaign's state as an Excel workbook: a title block (task, directive point, due date,
 * counts) and one row per unit. Times are written as text in the organisation's zone, so the file
 * reads the same on any computer.
 */
export async function campaignWorkbook(
  campaign: CampaignDto,
  timeZone: string,
  exportedAt: Date,
): Promise<Buffer> {
  const day = dayFormatter(timeZone);
  const moment = (d: Date): string =>
    new Intl.DateTimeFormat('vi-VN', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(d);

  const { progress } = campaign;
  const lastColumn = CAMPAIGN_EXPORT_HEADERS.length;
  const block = [
    `TIẾN ĐỘ THỰC HIỆN: ${campaign.title.toLocaleUpperCase('vi')}`,
    campaign.directiveSymbol
      ? `Thực hiện văn bản số ${campaign.directiveSymbol}${
          campaign.point ? `, điểm ${campaign.point}` : ''
        }`
      : '',
    `Hạn hoàn thành: ${day(campaign.dueAt)} — Số liệu tính đến: ${moment(exportedAt)}`,
    `Tổng số: ${progress.total}; Đã hoàn thành: ${progress.completed}; Quá hạn: ${
      progress.overdue
    }; Đang thực hiện: ${progress.inProgress}; Chưa thực hiện: ${progress.notStarted}${
      progress.cancelled ? `; Đã hủy: ${progress.cancelled}` : ''
    }`,
  ];
  const { workbook, sheet } = await reportSheet('Tiến độ', exportedAt, block, lastColumn);

  const header = sheet.getRow(CAMPAIGN_EXPORT_HEADER_ROW);
  header.values = [...CAMPAIGN_EXPORT_HEADERS];
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' } };
  });
  campaign.items.forEach((item, index) => {
    sheet.addRow([
      index + 1,
      item.orgUnitName,
      STANDING_LABELS[item.standing],
      item.stateTitle,
      day(item.dueAt),
      moment(item.updatedAt),
    ]);
  });
  [6, 45, 18, 28, 16, 20].forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
  sheet.views = [{ state: 'frozen', ySplit: CAMPAIGN_EXPORT_HEADER_ROW }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The download's name; `contentDisposition` adds the ASCII fallback for old clients. */
export function campaignFileName(campaign: Pick<CampaignDto, 'title'>): string {
  return `Tiến độ - ${campaign.title}.xlsx`;
}
