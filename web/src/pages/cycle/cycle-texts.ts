import { useCallback } from 'react';
import { format, type Language } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/i18n';

/** The strings of the directive and campaign pages, Vietnamese first. */
const vi = {
  'nav.directives': 'Văn bản chỉ đạo',
  'nav.campaigns': 'Giao việc, đôn đốc',
  'directives.title': 'Văn bản chỉ đạo',
  'directives.number': 'Số',
  'directives.issuedAt': 'Ngày ban hành',
  'directives.issuer': 'Cơ quan ban hành',
  'directives.recipients': 'Kính gửi',
  'directives.point': 'Điểm {no}',
  'directives.dispatch': 'Giao việc theo điểm này',
  'directives.noCampaigns': 'Chưa giao việc theo điểm này.',
  'directives.empty': 'Chưa có văn bản chỉ đạo.',
  'campaigns.title': 'Giao việc, đôn đốc',
  'campaigns.new': 'Giao việc mới',
  'campaigns.empty': 'Chưa có đợt giao việc nào.',
  'campaigns.task': 'Nội dung công việc',
  'campaigns.workflow': 'Quy trình',
  'campaigns.dueDate': 'Hạn hoàn thành',
  'campaigns.units': 'Đơn vị thực hiện',
  'campaigns.allCommuneFronts': 'Chọn Ủy ban MTTQ tất cả xã, thị trấn',
  'campaigns.from': 'Thực hiện văn bản số {symbol}, điểm {point}',
  'campaigns.send': 'Giao việc',
  'campaigns.required': 'Vui lòng nhập',
  'campaigns.progress': 'Tiến độ',
  'campaigns.total': 'Tổng số',
  'campaigns.completed': 'Đã hoàn thành',
  'campaigns.overdue': 'Quá hạn',
  'campaigns.inProgress': 'Đang thực hiện',
  'campaigns.notStarted': 'Chưa thực hiện',
  'campaigns.cancelled': 'Đã hủy',
  'campaigns.unit': 'Đơn vị',
  'campaigns.standing': 'Tình trạng',
  'campaigns.step': 'Bước hiện tại',
  'campaigns.updatedAt': 'Cập nhật lần cuối',
  'campaigns.remind': 'Đôn đốc đơn vị quá hạn',
  'campaigns.remindMessage': 'Lời nhắn kèm theo (không bắt buộc)',
  'campaigns.reminded': 'Đã đôn đốc {count} đơn vị ({notified} cán bộ nhận thông báo).',
  'campaigns.lastReminded': 'Lần đôn đốc gần nhất: {at}',
  'campaigns.export': 'Xuất Excel',
  'campaigns.document': 'Văn bản',
  'document.title': 'Văn bản ban hành',
  'document.print': 'In văn bản',
  'document.download': 'Tải về (.docx)',
} as const;

export type CycleKey = keyof typeof vi;

const en: Record<CycleKey, string> = {
  'nav.directives': 'Directives',
  'nav.campaigns': 'Campaigns',
  'directives.title': 'Directives',
  'directives.number': 'Number',
  'directives.issuedAt': 'Issued',
  'directives.issuer': 'Issued by',
  'directives.recipients': 'To',
  'directives.point': 'Point {no}',
  'directives.dispatch': 'Assign work for this point',
  'directives.noCampaigns': 'No work assigned for this point yet.',
  'directives.empty': 'No directives yet.',
  'campaigns.title': 'Campaigns',
  'campaigns.new': 'New campaign',
  'campaigns.empty': 'No campaigns yet.',
  'campaigns.task': 'Task',
  'campaigns.workflow': 'Workflow',
  'campaigns.dueDate': 'Due date',
  'campaigns.units': 'Units',
  'campaigns.allCommuneFronts': 'Select every commune Fatherland Front',
  'campaigns.from': 'Carrying out {symbol}, point {point}',
  'campaigns.send': 'Assign',
  'campaigns.required': 'Required',
  'campaigns.progress': 'Progress',
  'campaigns.total': 'Total',
  'campaigns.completed': 'Completed',
  'campaigns.overdue': 'Overdue',
  'campaigns.inProgress': 'In progress',
  'campaigns.notStarted': 'Not started',
  'campaigns.cancelled': 'Cancelled',
  'campaigns.unit': 'Unit',
  'campaigns.standing': 'Standing',
  'campaigns.step': 'Current step',
  'campaigns.updatedAt': 'Last updated',
  'campaigns.remind': 'Remind the overdue units',
  'campaigns.remindMessage': 'Message (optional)',
  'campaigns.reminded': 'Reminded {count} units ({notified} officials notified).',
  'campaigns.lastReminded': 'Last reminder: {at}',
  'campaigns.export': 'Export to Excel',
  'campaigns.document': 'Document',
  'document.title': 'Promulgated document',
  'document.print': 'Print',
  'document.download': 'Download (.docx)',
};

const TEXTS: Record<Language, Record<CycleKey, string>> = { vi, en };

/** `ct(key, params)`: this feature's strings in the current language. */
export function useCycleTexts(): (
  key: CycleKey,
  params?: Record<string, string | number>,
) => string {
  const { language } = useI18n();
  return useCallback((key, params) => format(TEXTS[language][key], params), [language]);
}
