import {
  FormValidator,
  formSchemaProblems,
  validateForm,
  type FormFieldError,
} from './form-validator';
import { type JsonSchema } from '../common/json/json.types';

const schema: JsonSchema = {
  type: 'object',
  required: ['summary', 'meetingDate', 'members'],
  additionalProperties: false,
  properties: {
    summary: { type: 'string', title: 'Tóm tắt nội dung', minLength: 10, maxLength: 50 },
    meetingDate: { type: 'string', title: 'Ngày họp', format: 'date' },
    startsAt: { type: 'string', format: 'date-time' },
    contactEmail: { type: 'string', format: 'email' },
    link: { type: 'string', format: 'uri' },
    recipientUnitId: { type: 'string', format: 'uuid' },
    participants: { type: 'integer', title: 'Số người tham dự', minimum: 1, maximum: 500 },
    score: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 10 },
    period: { type: 'string', title: 'Kỳ báo cáo', enum: ['six-month', 'year'] },
    agreed: { const: true },
    code: { type: 'string', pattern: '^[A-Z]{2}-\\d+$' },
    members: {
      type: 'array',
      title: 'Thành viên',
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
      items: {
        type: 'object',
        properties: { name: { type: 'string' } },
        required: ['name'],
      },
    },
  },
};

let run = 0;
/** A fresh cache key per call, so each test compiles the schema it passes. */
function check(data: unknown, form: JsonSchema = schema): FormFieldError[] {
  run += 1;
  return validateForm(`spec:${run}`, form, data);
}

const valid = {
  summary: 'Rà soát quy chế phối hợp',
  meetingDate: '2025-03-01',
  members: [{ name: 'An' }],
};

function onlyError(data: unknown): FormFieldError {
  const errors = check(data);
  expect(errors).toHaveLength(1);
  return errors[0];
}

describe('validateForm', () => {
  it('accepts valid data', () => {
    expect(check(valid)).toEqual([]);
  });

  it('points a missing required field at the field, using its title in both languages', () => {
    const data: Record<string, unknown> = { ...valid };
    delete data.meetingDate;
    expect(check(data)).toEqual([
      {
        path: '/meetingDate',
        keyword: 'required',
        message: 'Trường "Ngày họp" là bắt buộc',
        messages: { vi: 'Trường "Ngày họp" là bắt buộc', en: 'Field "Ngày họp" is required' },
      },
    ]);
  });

  it('reports every failing field at once', () => {
    const errors = check({ summary: 'ngắn', members: [] });
    expect(errors.map((error) => [error.path, error.keyword])).toEqual([
      ['/meetingDate', 'required'],
      ['/summary', 'minLength'],
      ['/members', 'minItems'],
    ]);
  });

  it('points an extra property at that property', () => {
    const error = onlyError({ ...valid, colour: 'red' });
    expect(error).toMatchObject({ path: '/colour', keyword: 'additionalProperties' });
    expect(error.messages).toEqual({
      vi: 'Trường "colour" không được phép',
      en: 'Field "colour" is not allowed',
    });
  });

  it('names the field by its English title (x-title-en) in the English message', () => {
    const form = {
      type: 'object',
      required: ['regulationNumber'],
      properties: {
        regulationNumber: {
          type: 'string',
          title: 'Số quy chế',
          'x-title-en': 'Regulation number',
        },
      },
    };
    expect(check({}, form)[0].messages).toEqual({
      vi: 'Trường "Số quy chế" là bắt buộc',
      en: 'Field "Regulation number" is required',
    });
    expect(check({ regulationNumber: 1 }, form)[0].messages.en).toBe(
      'Field "Regulation number" must be a string',
    );
  });

  it('labels a field without a title by its path', () => {
    const error = onlyError({ ...valid, members: [{}] });
    expect(error).toMatchObject({ path: '/members/0/name', keyword: 'required' });
    expect(error.messages.en).toBe('Field "members[0].name" is required');
  });

  it('escapes property names in the path', () => {
    const form = { type: 'object', required: ['a/b'] };
    expect(check({}, form)[0].path).toBe('/a~1b');
  });

  it('speaks of the whole form when the data is not an object', () => {
    expect(check('text')[0]).toMatchObject({
      path: '',
      keyword: 'type',
      messages: { vi: 'Dữ liệu biểu mẫu phải là đối tượng', en: 'Form data must be an object' },
    });
  });

  it.each<[string, Record<string, unknown>, string, string, string]>([
    [
      'type',
      { participants: 'ba' },
      '/participants',
      'Trường "Số người tham dự" phải là số nguyên',
      'Field "Số người tham dự" must be an integer',
    ],
    [
      'minLength',
      { summary: 'ngắn' },
      '/summary',
      'Trường "Tóm tắt nội dung" phải có ít nhất 10 ký tự',
      'Field "Tóm tắt nội dung" must have at least 10 characters',
    ],
    [
      'maxLength',
      { summary: 'x'.repeat(51) },
      '/summary',
      'Trường "Tóm tắt nội dung" không được vượt quá 50 ký tự',
      'Field "Tóm tắt nội dung" must have at most 50 characters',
    ],
    [
      'minimum',
      { participants: 0 },
      '/participants',
      'Trường "Số người tham dự" phải lớn hơn hoặc bằng 1',
      'Field "Số người tham dự" must be greater than or equal to 1',
    ],
    [
      'maximum',
      { participants: 501 },
      '/participants',
      'Trường "Số người tham dự" phải nhỏ hơn hoặc bằng 500',
      'Field "Số người tham dự" must be less than or equal to 500',
    ],
    [
      'exclusiveMinimum',
      { score: 0 },
      '/score',
      'Trường "score" phải lớn hơn 0',
      'Field "score" must be greater than 0',
    ],
    [
      'exclusiveMaximum',
      { score: 10 },
      '/score',
      'Trường "score" phải nhỏ hơn 10',
      'Field "score" must be less than 10',
    ],
    [
      'format date',
      { meetingDate: '01/03/2025' },
      '/meetingDate',
      'Trường "Ngày họp" phải là ngày hợp lệ (YYYY-MM-DD)',
      'Field "Ngày họp" must be a valid date (YYYY-MM-DD)',
    ],
    [
      'format date-time',
      { startsAt: '2025-03-01' },
      '/startsAt',
      'Trường "startsAt" phải là ngày giờ hợp lệ (ISO 8601)',
      'Field "startsAt" must be a valid date-time (ISO 8601)',
    ],
    [
      'format email',
      { contactEmail: 'an@' },
      '/contactEmail',
      'Trường "contactEmail" phải là địa chỉ email hợp lệ',
      'Field "contactEmail" must be a valid email address',
    ],
    [
      'format uri',
      { link: 'not a uri' },
      '/link',
      'Trường "link" phải là địa chỉ URI hợp lệ',
      'Field "link" must be a valid URI',
    ],
    [
      'format uuid',
      { recipientUnitId: '123' },
      '/recipientUnitId',
      'Trường "recipientUnitId" phải là mã UUID hợp lệ',
      'Field "recipientUnitId" must be a valid UUID',
    ],
    [
      'enum',
      { period: 'week' },
      '/period',
      'Trường "Kỳ báo cáo" phải là một trong các giá trị: "six-month", "year"',
      'Field "Kỳ báo cáo" must be one of: "six-month", "year"',
    ],
    [
      'const',
      { agreed: false },
      '/agreed',
      'Trường "agreed" phải có giá trị true',
      'Field "agreed" must be equal to true',
    ],
    [
      'pattern',
      { code: 'ab-1' },
      '/code',
      'Trường "code" không đúng định dạng yêu cầu',
      'Field "code" does not match the required pattern',
    ],
    [
      'maxItems',
      { members: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] },
      '/members',
      'Trường "Thành viên" không được có quá 2 mục',
      'Field "Thành viên" must have at most 2 items',
    ],
    [
      'uniqueItems',
      { members: [{ name: 'A' }, { name: 'A' }] },
      '/members',
      'Trường "Thành viên" có các mục trùng nhau (mục 1 và 2)',
      'Field "Thành viên" must not have duplicate items (items 1 and 2)',
    ],
  ])('explains %s in both languages', (_name, change, path, vi, en) => {
    const error = onlyError({ ...valid, ...change });
    expect(error.path).toBe(path);
    expect(error.message).toBe(vi);
    expect(error.messages).toEqual({ vi, en });
  });

  it('does not call two empty rows duplicates: each row says it is missing, and only that', () => {
    const errors = check({ ...valid, members: [{}, {}] });
    expect(errors.map((error) => [error.path, error.keyword])).toEqual([
      ['/members/0/name', 'required'],
      ['/members/1/name', 'required'],
    ]);
    // Equal rows that are valid are still duplicates.
    expect(
      check({ ...valid, members: [{ name: 'A' }, { name: 'A' }] }).map((e) => e.keyword),
    ).toEqual(['uniqueItems']);
  });

  it('names each type of a union type', () => {
    const form = { type: 'object', properties: { note: { type: ['string', 'null'] } } };
    expect(check({ note: 1 }, form)[0].messages).toEqual({
      vi: 'Trường "note" phải là chuỗi ký tự hoặc rỗng (null)',
      en: 'Field "note" must be a string or null',
    });
  });

  it('falls back to a generic message with ajv text for other keywords', () => {
    const form = { type: 'object', properties: { step: { type: 'integer', multipleOf: 5 } } };
    const [error] = check({ step: 7 }, form);
    expect(error).toMatchObject({ path: '/step', keyword: 'multipleOf' });
    expect(error.messages.vi).toBe('Trường "step" không hợp lệ');
    expect(error.messages.en).toBe('Field "step" is invalid: must be multiple of 5');
  });
});

describe('FormValidator cache', () => {
  const strictNumber = { type: 'object', properties: { n: { type: 'number' } } };
  const strictString = { type: 'object', properties: { n: { type: 'string' } } };

  it('compiles once per key: a key keeps the schema it was first compiled with', () => {
    const validator = new FormValidator();
    expect(validator.validate('k@1:SUBMIT', strictNumber, { n: 'x' })).toHaveLength(1);
    expect(validator.validate('k@1:SUBMIT', strictString, { n: 'x' })).toHaveLength(1);
    expect(validator.validate('k@2:SUBMIT', strictString, { n: 'x' })).toEqual([]);
  });

  it('recompiles a key after it was evicted', () => {
    const validator = new FormValidator(1);
    validator.validate('a', strictNumber, {});
    validator.validate('b', strictNumber, {});
    expect(validator.validate('a', strictString, { n: 'x' })).toEqual([]);
  });

  it('compiles two versions of a form that share an $id', () => {
    const validator = new FormValidator();
    const v1 = { $id: 'https://example.org/forms/plan', ...strictNumber };
    const v2 = { $id: 'https://example.org/forms/plan', ...strictString };
    expect(validator.validate('plan@1', v1, { n: 'x' })).toHaveLength(1);
    expect(validator.validate('plan@2', v2, { n: 'x' })).toEqual([]);
  });

  it('names an empty row of a list by its number and the list, not by a type', () => {
    const form: JsonSchema = {
      type: 'object',
      properties: {
        tasks: {
          type: 'array',
          title: 'Nhiệm vụ',
          'x-title-en': 'Tasks',
          items: { type: 'string' },
        },
        tags: { type: 'array', items: { type: 'string' } },
      },
    };
    const [error] = check({ tasks: ['Tuyên truyền', null] }, form);
    expect(error).toMatchObject({ path: '/tasks/1', keyword: 'type' });
    expect(error.messages).toEqual({
      vi: 'Mục 2 của trường "Nhiệm vụ" đang để trống: hãy điền hoặc xóa mục này',
      en: 'Item 2 of field "Tasks" is empty: fill it in or remove it',
    });
    expect(check({ tags: [null] }, form)[0].messages.vi).toBe(
      'Mục 1 của trường "tags" đang để trống: hãy điền hoặc xóa mục này',
    );
    // A row filled with the wrong type is still a type error.
    expect(check({ tasks: [3] }, form)[0].messages.vi).toBe(
      'Trường "tasks[0]" phải là chuỗi ký tự',
    );
  });

  it('throws for an invalid schema', () => {
    expect(() =>
      new FormValidator().validate('bad', { type: 'object', minLength: 'x' }, {}),
    ).toThrow(/minLength must be integer/);
  });
});

describe('formSchemaProblems', () => {
  it('is empty for a valid schema', () => {
    expect(formSchemaProblems(schema)).toEqual([]);
  });

  it('reports an invalid keyword value in ajv’s English and in Vietnamese', () => {
    const [problem, ...more] = formSchemaProblems({
      type: 'object',
      required: 'title',
      properties: { a: { type: 'strin' } },
    });
    expect(more).toEqual([]);
    expect(problem.en).toMatch(/^schema is invalid: data\/properties\/a\/type must be equal to/);
    expect(problem.vi).toBe(
      'theo chuẩn JSON Schema, khóa "/properties/a/type" phải là một trong các giá trị: ' +
        '"array", "boolean", "integer", "null", "number", "object", "string"; ' +
        'khóa "/required" phải là danh sách',
    );
  });

  it('reports an unknown format once', () => {
    expect(
      formSchemaProblems({ type: 'object', properties: { d: { type: 'string', format: 'dat' } } }),
    ).toEqual([
      {
        vi: 'định dạng (format) "dat" không được hỗ trợ nên sẽ bị bỏ qua',
        en: expect.stringMatching(/^unknown format "dat" ignored/) as string,
      },
    ]);
  });

  it('names a missing $ref and a broken regular expression in Vietnamese', () => {
    const [missing] = formSchemaProblems({
      type: 'object',
      properties: { d: { $ref: '#/$defs/nothing' } },
    });
    expect(missing.vi).toBe('không tìm thấy lược đồ được tham chiếu ($ref) "#/$defs/nothing"');
    expect(missing.en).toMatch(/can't resolve reference/);
    const [regexp] = formSchemaProblems({
      type: 'object',
      properties: { d: { type: 'string', pattern: '(' } },
    });
    expect(regexp).toEqual({
      vi: 'pattern không phải là biểu thức chính quy hợp lệ',
      en: expect.stringMatching(/^Invalid regular expression/) as string,
    });
  });
});
