import { type LocalizedText } from '../common/json/json.types';

/** What a message needs to know about the failing field. */
export interface MessageSubject {
  /** The field's label (its schema `title`, else its path), or null for the form as a whole. */
  label: string | null;
  /** The field's English label (its schema `x-title-en`), when it has one; else `label`. */
  labelEn?: string;
  /** The failing thing is a keyword of the schema itself (`label` is its JSON pointer). */
  schemaKeyword?: boolean;
}

type Params = Record<string, unknown>;
type MessageBuilder = (subject: LocalizedText, params: Params) => LocalizedText;

const TYPE_NAMES: Record<string, LocalizedText> = {
  string: { vi: 'chuỗi ký tự', en: 'a string' },
  number: { vi: 'số', en: 'a number' },
  integer: { vi: 'số nguyên', en: 'an integer' },
  boolean: { vi: 'giá trị đúng/sai', en: 'a boolean' },
  object: { vi: 'đối tượng', en: 'an object' },
  array: { vi: 'danh sách', en: 'an array' },
  null: { vi: 'rỗng (null)', en: 'null' },
};

const FORMAT_NAMES: Record<string, LocalizedText> = {
  date: { vi: 'ngày hợp lệ (YYYY-MM-DD)', en: 'a valid date (YYYY-MM-DD)' },
  'date-time': { vi: 'ngày giờ hợp lệ (ISO 8601)', en: 'a valid date-time (ISO 8601)' },
  time: { vi: 'giờ hợp lệ (HH:MM:SS)', en: 'a valid time (HH:MM:SS)' },
  email: { vi: 'địa chỉ email hợp lệ', en: 'a valid email address' },
  uri: { vi: 'địa chỉ URI hợp lệ', en: 'a valid URI' },
  uuid: { vi: 'mã UUID hợp lệ', en: 'a valid UUID' },
};

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : JSON.stringify(value);
}

function typeNames(value: unknown): LocalizedText {
  // ajv reports a union type as an array (or, in older versions, a comma-separated string).
  const types = Array.isArray(value) ? value.map(String) : String(value).split(',');
  const names = types.map((type) => TYPE_NAMES[type] ?? { vi: type, en: type });
  return {
    vi: names.map((name) => name.vi).join(' hoặc '),
    en: names.map((name) => name.en).join(' or '),
  };
}

function formatName(value: unknown): LocalizedText {
  const format = text(value);
  return (
    FORMAT_NAMES[format] ?? { vi: `đúng định dạng "${format}"`, en: `in the "${format}" format` }
  );
}

function listOf(values: unknown): string {
  return Array.isArray(values)
    ? values.map((value) => JSON.stringify(value)).join(', ')
    : text(values);
}

const MESSAGES: Record<string, MessageBuilder> = {
  required: (s) => ({ vi: `${s.vi} là bắt buộc`, en: `${s.en} is required` }),
  dependentRequired: (s, p) => ({
    vi: `${s.vi} là bắt buộc khi có trường "${text(p.property)}"`,
    en: `${s.en} is required when "${text(p.property)}" is present`,
  }),
  type: (s, p) => {
    const names = typeNames(p.type);
    return { vi: `${s.vi} phải là ${names.vi}`, en: `${s.en} must be ${names.en}` };
  },
  minLength: (s, p) => ({
    vi: `${s.vi} phải có ít nhất ${text(p.limit)} ký tự`,
    en: `${s.en} must have at least ${text(p.limit)} characters`,
  }),
  maxLength: (s, p) => ({
    vi: `${s.vi} không được vượt quá ${text(p.limit)} ký tự`,
    en: `${s.en} must have at most ${text(p.limit)} characters`,
  }),
  minimum: (s, p) => ({
    vi: `${s.vi} phải lớn hơn hoặc bằng ${text(p.limit)}`,
    en: `${s.en} must be greater than or equal to ${text(p.limit)}`,
  }),
  maximum: (s, p) => ({
    vi: `${s.vi} phải nhỏ hơn hoặc bằng ${text(p.limit)}`,
    en: `${s.en} must be less than or equal to ${text(p.limit)}`,
  }),
  exclusiveMinimum: (s, p) => ({
    vi: `${s.vi} phải lớn hơn ${text(p.limit)}`,
    en: `${s.en} must be greater than ${text(p.limit)}`,
  }),
  exclusiveMaximum: (s, p) => ({
    vi: `${s.vi} phải nhỏ hơn ${text(p.limit)}`,
    en: `${s.en} must be less than ${text(p.limit)}`,
  }),
  format: (s, p) => {
    const name = formatName(p.format);
    return { vi: `${s.vi} phải là ${name.vi}`, en: `${s.en} must be ${name.en}` };
  },
  enum: (s, p) => ({
    vi: `${s.vi} phải là một trong các giá trị: ${listOf(p.allowedValues)}`,
    en: `${s.en} must be one of: ${listOf(p.allowedValues)}`,
  }),
  const: (s, p) => ({
    vi: `${s.vi} phải có giá trị ${JSON.stringify(p.allowedValue)}`,
    en: `${s.en} must be equal to ${JSON.stringify(p.allowedValue)}`,
  }),
  pattern: (s) => ({
    vi: `${s.vi} không đúng định dạng yêu cầu`,
    en: `${s.en} does not match the required pattern`,
  }),
  minItems: (s, p) => ({
    vi: `${s.vi} phải có ít nhất ${text(p.limit)} mục`,
    en: `${s.en} must have at least ${text(p.limit)} items`,
  }),
  maxItems: (s, p) => ({
    vi: `${s.vi} không được có quá ${text(p.limit)} mục`,
    en: `${s.en} must have at most ${text(p.limit)} items`,
  }),
  uniqueItems: (s, p) => {
    // ajv reports the later duplicate as `i` and the earlier as `j`, both zero-based.
    const first = Number(p.j) + 1;
    const second = Number(p.i) + 1;
    return {
      vi: `${s.vi} có các mục trùng nhau (mục ${first} và ${second})`,
      en: `${s.en} must not have duplicate items (items ${first} and ${second})`,
    };
  },
  // Not an ajv keyword: a `type` failure on an array row left empty (a row added, never filled).
  emptyRow: (s, p) => ({
    vi: `Mục ${text(p.row)} của ${s.vi.charAt(0).toLowerCase()}${s.vi.slice(1)} đang để trống: hãy điền hoặc xóa mục này`,
    en: `Item ${text(p.row)} of ${s.en.charAt(0).toLowerCase()}${s.en.slice(1)} is empty: fill it in or remove it`,
  }),
  additionalProperties: (s) => ({
    vi: `${s.vi} không được phép`,
    en: `${s.en} is not allowed`,
  }),
};

function subjectOf({ label, labelEn, schemaKeyword }: MessageSubject): LocalizedText {
  if (schemaKeyword) {
    return label === null
      ? { vi: 'lược đồ', en: 'The schema' }
      : { vi: `khóa "${label}"`, en: `Schema keyword "${label}"` };
  }
  return label === null
    ? { vi: 'Dữ liệu biểu mẫu', en: 'Form data' }
    : { vi: `Trường "${label}"`, en: `Field "${labelEn ?? label}"` };
}

/**
 * The bilingual message for a failed keyword. ajv-i18n has no Vietnamese, so the common keywords
 * have their own wording; any other keyword falls back to ajv's English text.
 */
export function formErrorMessage(
  keyword: string,
  params: Params,
  subject: MessageSubject,
  fallbackEn: string | undefined,
): LocalizedText {
  const words = subjectOf(subject);
  const build = MESSAGES[keyword];
  if (build) {
    return build(words, params);
  }
  return {
    vi: `${words.vi} không hợp lệ`,
    en: `${words.en} is invalid${fallbackEn ? `: ${fallbackEn}` : ''}`,
  };
}
