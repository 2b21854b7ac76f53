import { type Language } from '../i18n/dictionary';

/**
 * Labels of the periodic report's pre-filled `aggregate` (built by the server, so no form names its
 * fields): without them the case view would show the JSON keys. Vietnamese first.
 */
const FIGURES: Record<string, [vi: string, en: string]> = {
  period: ['Kỳ báo cáo', 'Reporting period'],
  'period/key': ['Mã kỳ', 'Period key'],
  'period/kind': ['Loại kỳ', 'Period kind'],
  'period/year': ['Năm', 'Year'],
  'period/number': ['Số thứ tự kỳ', 'Period number'],
  'period/label': ['Tên kỳ', 'Period'],
  'period/from': ['Từ', 'From'],
  'period/to': ['Đến trước', 'Until'],
  communesTotal: ['Tổng số xã, thị trấn', 'Communes in total'],
  communesReported: ['Số xã, thị trấn đã báo cáo', 'Communes reported'],
  communesReportedLate: ['Số xã, thị trấn báo cáo trễ hạn', 'Communes reported late'],
  communesNotReported: ['Số xã, thị trấn chưa báo cáo', 'Communes not reported'],
  organisationsTotal: ['Tổng số tổ chức cấp huyện', 'District organisations in total'],
  organisationsReported: ['Số tổ chức cấp huyện đã báo cáo', 'District organisations reported'],
  organisationsReportedLate: [
    'Số tổ chức cấp huyện báo cáo trễ hạn',
    'District organisations reported late',
  ],
  organisationsNotReported: [
    'Số tổ chức cấp huyện chưa báo cáo',
    'District organisations not reported',
  ],
  summariesApproved: ['Số báo cáo sơ kết, tổng kết', 'Reviews counted'],
  plansApproved: ['Số kế hoạch phối hợp', 'Plans counted'],
  plannedItems: ['Số nội dung phối hợp theo kế hoạch', 'Planned coordination items'],
  plannedModels: ['Số mô hình dự kiến', 'Planned models'],
  itemsDone: ['Số nội dung hoàn thành', 'Items done'],
  itemsPartlyDone: ['Số nội dung hoàn thành một phần', 'Items partly done'],
  itemsNotDone: ['Số nội dung chưa hoàn thành', 'Items not done'],
  modelsReplicated: ['Số mô hình “Dân vận khéo” được nhân rộng', 'Models replicated'],
  exemplarsRecognized: ['Số điển hình “Dân vận khéo”', 'Exemplars recognised'],
  models: ['Mô hình được nhân rộng', 'Replicated models'],
  'models/name': ['Tên mô hình', 'Model'],
  'models/commune': ['Đơn vị', 'Unit'],
  exemplars: ['Điển hình “Dân vận khéo”', 'Exemplars'],
  'exemplars/name': ['Tên tập thể, cá nhân', 'Name'],
  'exemplars/unit': ['Thuộc', 'Of'],
  'exemplars/commune': ['Đơn vị báo cáo', 'Reporting unit'],
  communes: ['Tình hình báo cáo của các xã, thị trấn', 'Communes'],
  organisations: ['Tình hình báo cáo của các tổ chức cấp huyện', 'District organisations'],
  notReported: ['Xã, thị trấn chưa báo cáo', 'Communes not reported'],
  reportedLate: ['Xã, thị trấn báo cáo trễ hạn', 'Communes reported late'],
  organisationsNotReportedNames: ['Tổ chức cấp huyện chưa báo cáo', 'Organisations not reported'],
  organisationsReportedLateNames: [
    'Tổ chức cấp huyện báo cáo trễ hạn',
    'Organisations reported late',
  ],
};

const STANDING: Record<string, [vi: string, en: string]> = {
  unitId: ['Mã đơn vị', 'Unit id'],
  name: ['Đơn vị', 'Unit'],
  status: ['Tình trạng', 'Status'],
  statusLabel: ['Tình trạng báo cáo', 'Reporting status'],
  summaries: ['Số báo cáo sơ kết, tổng kết', 'Reviews'],
  plans: ['Số kế hoạch', 'Plans'],
};

const STATUS: Record<string, [vi: string, en: string]> = {
  reported: ['Đã báo cáo', 'Reported'],
  'reported-late': ['Báo cáo trễ hạn', 'Reported late'],
  'not-reported': ['Chưa báo cáo', 'Not reported'],
};

const PERIOD_KIND: Record<string, [vi: string, en: string]> = {
  quarter: ['Quý', 'Quarter'],
  'half-year': ['6 tháng', 'Half-year'],
  year: ['Năm', 'Year'],
};

/** Labels and choice titles for the `/aggregate/...` pointers of a periodic report's data. */
export function reportAggregateText(language: Language): {
  labels: Map<string, string>;
  enums: Map<string, Map<string, string>>;
} {
  const pick = ([vi, en]: [string, string]) => (language === 'en' ? en : vi);
  const labels = new Map<string, string>([
    ['/aggregate', pick(['Số liệu tổng hợp', 'Aggregated figures'])],
    ['/aggregate/current', pick(['Kỳ báo cáo này', 'This period'])],
    ['/aggregate/previous', pick(['Kỳ trước', 'The period before'])],
    ['/aggregate/generatedAt', pick(['Tổng hợp lúc', 'Computed at'])],
  ]);
  const enums = new Map<string, Map<string, string>>();
  const choices = (titles: Record<string, [string, string]>) =>
    new Map(Object.entries(titles).map(([value, title]) => [value, pick(title)]));
  for (const side of ['current', 'previous']) {
    const base = `/aggregate/${side}`;
    for (const [key, title] of Object.entries(FIGURES)) labels.set(`${base}/${key}`, pick(title));
    for (const list of ['communes', 'organisations']) {
      for (const [key, title] of Object.entries(STANDING)) {
        labels.set(`${base}/${list}/${key}`, pick(title));
      }
      enums.set(`${base}/${list}/status`, choices(STATUS));
    }
    enums.set(`${base}/period/kind`, choices(PERIOD_KIND));
  }
  return { labels, enums };
}
