import { opinionAnnotationProblems, opinionFields, opinionOf } from './opinion-fields';

const approval = {
  type: 'object',
  properties: {
    decision: { type: 'string' },
    opinion: { type: 'string', 'x-opinion': true },
    note: { type: 'string', 'x-opinion': true },
  },
};

describe('opinion fields', () => {
  it('lists the marked top-level properties in form order', () => {
    expect(opinionFields(approval)).toEqual(['opinion', 'note']);
    expect(opinionFields(undefined)).toEqual([]);
    expect(opinionFields({ type: 'object' })).toEqual([]);
  });

  it('joins the opinion fields and the comment, skipping blanks', () => {
    expect(
      opinionOf(approval, { decision: 'ok', opinion: ' Đồng ý. ', note: '' }, 'Bổ sung số liệu'),
    ).toBe('Đồng ý.\n\nBổ sung số liệu');
    expect(opinionOf(approval, { decision: 'ok' }, null)).toBeNull();
    expect(opinionOf(undefined, { opinion: 'not marked' }, '  ')).toBeNull();
    expect(opinionOf(undefined, null, 'Trả lại: thiếu biên bản')).toBe('Trả lại: thiếu biên bản');
  });

  it('refuses the marker anywhere but on a top-level string property, and any value but true', () => {
    expect(opinionAnnotationProblems(approval)).toEqual([]);
    const problems = opinionAnnotationProblems({
      type: 'object',
      'x-opinion': true,
      properties: {
        count: { type: 'integer', 'x-opinion': true },
        flag: { type: 'string', 'x-opinion': 'yes' },
        rows: {
          type: 'array',
          items: { type: 'object', properties: { text: { type: 'string', 'x-opinion': true } } },
        },
      },
    });
    expect(problems.map((p) => p.path)).toEqual([
      '/x-opinion',
      '/properties/count/x-opinion',
      '/properties/flag/x-opinion',
      '/properties/rows/items/properties/text/x-opinion',
    ]);
    expect(problems[1].message).toEqual({
      vi: 'trường x-opinion phải có type "string"',
      en: 'an x-opinion field must have type "string"',
    });
    expect(problems[2].message.vi).toBe('x-opinion nếu có thì phải là true');
  });
});
