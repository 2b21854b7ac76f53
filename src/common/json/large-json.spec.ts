import { containsLargeJson, fromWire, LargeJson, toWire, wrapLargeJson } from './large-json';

describe('LargeJson', () => {
  const rows = [{ i: 1 }, { i: 2 }];

  it('serialises as the value it stands for (stored, answered, logged)', () => {
    const data = { summary: 'Tóm tắt', rows: new LargeJson(JSON.stringify(rows)) };
    expect(JSON.parse(JSON.stringify(data))).toEqual({ summary: 'Tóm tắt', rows });
  });

  it('travels to a thread as text and comes back whole; a plain string stays a string', () => {
    const request = {
      type: 'SUBMIT',
      data: { rows: new LargeJson(JSON.stringify(rows)), note: '[1,2]' },
    };
    expect(containsLargeJson(request)).toBe(true);
    const wire = toWire(request);
    expect(wire.large).toEqual([['data', 'rows']]);
    // A structured clone loses the class: only the listed paths are parsed back.
    expect(fromWire(structuredClone(wire))).toEqual({
      type: 'SUBMIT',
      data: { rows, note: '[1,2]' },
    });
    // The original is not touched.
    expect(request.data.rows).toBeInstanceOf(LargeJson);
  });

  it('leaves a value without LargeJson as it is, uncopied', () => {
    const plain = { data: { rows } };
    expect(containsLargeJson(plain)).toBe(false);
    expect(toWire(plain)).toEqual({ value: plain, large: [] });
    expect(toWire(plain).value).toBe(plain);
  });

  it('wraps the texts a thread reported', () => {
    const body = { data: { rows: JSON.stringify(rows), title: '"x"' } };
    wrapLargeJson(body, [['data', 'rows']]);
    expect(body.data.rows).toBeInstanceOf(LargeJson);
    expect(body.data.title).toBe('"x"');
  });
});
