import { MAX_JSON_DEPTH } from '../../common/json/json-body-scan';
import { parseJsonBody } from './json-body';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseJsonBody (a big body parsed on a heavy-work thread)', () => {
  const rows = Array.from({ length: 50 }, (_, i) => ({ i, t: `hàng ${i}` }));

  it('keeps big values inside the form data as JSON text, the rest as parsed', () => {
    const body = { type: 'SUBMIT', data: { summary: 'Tóm tắt', rows, few: [1] } };
    const parsed = parseJsonBody(bytes(JSON.stringify(body)), 'data', 20);
    expect(parsed).toEqual({
      body: { type: 'SUBMIT', data: { summary: 'Tóm tắt', rows: JSON.stringify(rows), few: [1] } },
      large: [['data', 'rows']],
      mayHavePrototypeKeys: false,
    });
  });

  it('gives a body that may hold prototype keys back whole, for the pipe to strip them', () => {
    const text = `{"data":{"rows":${JSON.stringify(rows)},"__proto__":{"x":1}}}`;
    const parsed = parseJsonBody(bytes(text), 'data', 20);
    expect(parsed).toMatchObject({ large: [], mayHavePrototypeKeys: true });
    expect((parsed as { body: { data: { rows: unknown } } }).body.data.rows).toEqual(rows);
  });

  it('drops a leading BOM, as body-parser does', () => {
    expect(parseJsonBody(bytes('\uFEFF{"a":1}'), 'data', 20)).toMatchObject({ body: { a: 1 } });
  });

  it.each([
    ['malformed', '{"a":', 'entity.parse.failed'],
    ['not an object or array (strict)', '"text"', 'entity.parse.failed'],
    ['too deep', '['.repeat(MAX_JSON_DEPTH + 1), 'entity.too.deep'],
    ['a NUL escape', '{"a":"x\\u0000"}', 'entity.nul'],
  ])('refuses a body that is %s like express.json', (_what, text, type) => {
    expect(parseJsonBody(bytes(text), 'data', 20)).toMatchObject({ refused: { type } });
  });
});
