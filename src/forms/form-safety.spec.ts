import {
  DEFAULT_FORM_LIMITS,
  unboundedUniqueItems,
  unsafePatterns,
  withUpperBounds,
} from './form-safety';
import { FormValidator } from './form-validator';

describe('unsafePatterns', () => {
  it('refuses exponential patterns in pattern, patternProperties and propertyNames', () => {
    const notes = unsafePatterns({
      type: 'object',
      properties: { code: { type: 'string', pattern: '^(a+)+$' } },
      patternProperties: { '^(x|x)*$': { type: 'string' } },
      propertyNames: { pattern: '^(\\w+\\s?)*$' },
    });
    expect(notes.map((note) => note.path).sort()).toEqual([
      '/patternProperties/^(x|x)*$',
      '/properties/code/pattern',
      '/propertyNames/pattern',
    ]);
    expect(notes).toHaveLength(3);
    expect(notes[0].message.en).toMatch(
      /^pattern can take exponential time on some inputs \(ReDoS\)/,
    );
    expect(notes[0].message.vi).toMatch(
      /^biểu thức chính quy \(pattern\) có thể chạy mất thời gian tăng theo hàm mũ/,
    );
  });

  it('accepts the patterns forms use', () => {
    expect(
      unsafePatterns({
        type: 'object',
        properties: {
          symbol: { type: 'string', pattern: '^\\d{1,4}-[A-ZĐ]{2,6}/[A-ZĐ]{2,6}$' },
          email: { type: 'string', pattern: '^[a-z0-9._-]+@[a-z0-9-]+(\\.[a-z0-9-]+)+$' },
        },
      }),
    ).toEqual([]);
  });
});

describe('withUpperBounds', () => {
  it('adds maxLength and maxItems where missing and says where', () => {
    const { schema, added } = withUpperBounds(
      {
        type: 'object',
        properties: {
          name: { type: 'string' },
          short: { type: 'string', maxLength: 20 },
          rows: {
            type: 'array',
            items: { type: 'object', properties: { note: { type: ['string', 'null'] } } },
          },
          choice: { type: 'string', enum: [{ type: 'string' }] },
        },
      },
      DEFAULT_FORM_LIMITS,
    );
    expect(added.map((note) => note.path)).toEqual([
      '/properties/name/maxLength',
      '/properties/rows/maxItems',
      '/properties/rows/items/properties/note/maxLength',
      '/properties/choice/maxLength',
    ]);
    expect(added[0].message).toEqual({
      vi: 'đã thêm giới hạn độ dài maxLength 10000 ký tự',
      en: 'maxLength 10000 added',
    });
    expect(added[1].message).toEqual({
      vi: 'đã thêm giới hạn số mục maxItems 1000',
      en: 'maxItems 1000 added',
    });
    expect(schema).toMatchObject({
      properties: { short: { maxLength: 20 }, name: { maxLength: 10_000 } },
    });
  });

  it('refuses uniqueItems over an array allowed to be huge', () => {
    expect(
      unboundedUniqueItems(
        { type: 'array', uniqueItems: true, maxItems: 50_000 },
        DEFAULT_FORM_LIMITS,
      ),
    ).toEqual([
      {
        path: '/maxItems',
        message: {
          vi: 'danh sách có uniqueItems chỉ được có tối đa 1000 mục (maxItems)',
          en: 'an array with uniqueItems may hold at most 1000 items',
        },
      },
    ]);
  });
});

describe('bounded form validation', () => {
  const validator = new FormValidator();

  it('refuses a 300 KB url by its length without running the format check', () => {
    const schema = {
      type: 'object',
      properties: { link: { type: 'string', format: 'url', maxLength: 2000 } },
    };
    const errors = validator.validate('url', schema, {
      link: `http://a.vn/${'a'.repeat(300_000)}`,
    });
    expect(errors.map((error) => error.keyword)).toEqual(['maxLength']);
  });

  it('still checks the format of a value within its bound', () => {
    const schema = {
      type: 'object',
      properties: { link: { type: 'string', format: 'url', maxLength: 2000 } },
    };
    expect(validator.validate('url', schema, { link: 'not a url' }).map((e) => e.keyword)).toEqual([
      'format',
    ]);
  });

  it('checks uniqueItems only within maxItems: 32,000 rows are refused by maxItems', () => {
    const schema = {
      type: 'object',
      properties: {
        rows: { type: 'array', uniqueItems: true, maxItems: 1000, items: { type: 'object' } },
      },
    };
    const rows = Array.from({ length: 32_000 }, (_, index) => ({ index, name: `hàng ${index}` }));
    const errors = validator.validate('unique', schema, { rows });
    expect(errors.map((error) => error.keyword)).toEqual(['maxItems']);
    expect(
      validator.validate('unique', schema, { rows: [{ a: 1 }, { a: 1 }] }).map((e) => e.keyword),
    ).toEqual(['uniqueItems']);
  });
});
