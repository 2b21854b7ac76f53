import { formatMessage, type MessageParams, type MessageTemplate } from '../common/i18n/language';
import { type LocalizedText } from '../common/json/json.types';

/**
 * What is said about a form schema itself (not about data filled into it), in Vietnamese and
 * English: the safety checks, the bounds added at publication, the opinion annotation and what the
 * JSON Schema compiler (ajv) refuses. The English side is the text the API has always answered,
 * word for word; ajv's own English stands in it as `{detail}` (ajv-i18n has no Vietnamese, so the
 * Vietnamese side is worded here from ajv's structured errors).
 */
export const FORM_SCHEMA_MESSAGES = {
  'pattern-redos': {
    vi: 'biểu thức chính quy (pattern) có thể chạy mất thời gian {complexity} với một số dữ liệu (ReDoS); hãy viết lại, tránh các phép lặp lồng nhau hoặc chồng lấn',
    en: 'pattern can take {complexity} time on some inputs (ReDoS); rewrite it without nested or overlapping repetition',
  },
  'pattern-invalid': {
    vi: 'pattern không phải là biểu thức chính quy hợp lệ',
    en: 'invalid regular expression: {detail}',
  },
  'pattern-unproven': {
    vi: 'chưa chứng minh kịp được pattern an toàn trước ReDoS; hãy viết đơn giản hơn',
    en: 'pattern could not be proven safe against ReDoS in time; simplify it',
  },
  'unique-items-bound': {
    vi: 'danh sách có uniqueItems chỉ được có tối đa {max} mục (maxItems)',
    en: 'an array with uniqueItems may hold at most {max} items',
  },
  'max-length-added': {
    vi: 'đã thêm giới hạn độ dài maxLength {max} ký tự',
    en: 'maxLength {max} added',
  },
  'max-items-added': {
    vi: 'đã thêm giới hạn số mục maxItems {max}',
    en: 'maxItems {max} added',
  },
  'opinion-not-top-level': {
    vi: '{keyword} chỉ được đánh dấu một trường ở cấp đầu của biểu mẫu',
    en: '{keyword} may only mark a top-level property of the form',
  },
  'opinion-not-true': {
    vi: '{keyword} nếu có thì phải là true',
    en: '{keyword} must be true when present',
  },
  'opinion-not-string': {
    vi: 'trường {keyword} phải có type "string"',
    en: 'an {keyword} field must have type "string"',
  },
  'schema-keyword': { vi: 'theo chuẩn JSON Schema, {problems}', en: '{detail}' },
  'unknown-format': {
    vi: 'định dạng (format) "{format}" không được hỗ trợ nên sẽ bị bỏ qua',
    en: '{detail}',
  },
  'missing-ref': {
    vi: 'không tìm thấy lược đồ được tham chiếu ($ref) "{ref}"',
    en: '{detail}',
  },
  'regexp-invalid': {
    vi: 'pattern không phải là biểu thức chính quy hợp lệ',
    en: '{detail}',
  },
  'not-compiled': { vi: 'không biên dịch được lược đồ: {detail}', en: '{detail}' },
} as const satisfies Record<string, MessageTemplate>;

export type FormSchemaMessageCode = keyof typeof FORM_SCHEMA_MESSAGES;

/** A message of the catalogue in both languages. */
export function formSchemaText(
  code: FormSchemaMessageCode,
  params: MessageParams = {},
): LocalizedText {
  const template = FORM_SCHEMA_MESSAGES[code];
  return { vi: formatMessage(template, params, 'vi'), en: formatMessage(template, params, 'en') };
}

/** How fast a ReDoS-prone pattern's work grows, in both languages. */
export function complexityText(
  complexity: { type: 'exponential' } | { type: 'polynomial'; degree: number },
  summary: string,
): LocalizedText {
  return complexity.type === 'exponential'
    ? { vi: 'tăng theo hàm mũ', en: summary }
    : { vi: `tăng theo đa thức bậc ${complexity.degree}`, en: summary };
}
