import { formatMessage, placeholdersOf } from '../../common/i18n/language';
import { type LocalizedText } from '../../common/json/json.types';
import { createWorkflowMachine } from '../registry/workflow-registry';
import { weekdaysOnlyCalendar } from '../calendar/working-calendar';
import { FORM_SCHEMA_MESSAGES } from '../../forms/form-schema-messages';
import { DEFINITION_MESSAGES, DEFINITION_WORDS } from './definition-messages';
import { validateDefinition } from './definition-validator';
import { SIMULATION_MESSAGES } from './simulation-messages';
import { reviewDefinition } from './testing/definition-fixtures';
import { CAPABILITIES, UNIT_KINDS, directoryOf, districtUnits } from './testing/org-fixtures';
import { simulateWorkflow } from './workflow-simulator';

// A letter only Vietnamese writes: text without one is not Vietnamese.
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

const catalogues: Record<string, Record<string, LocalizedText>> = {
  definition: DEFINITION_MESSAGES,
  words: DEFINITION_WORDS,
  simulation: SIMULATION_MESSAGES,
  'form schema': FORM_SCHEMA_MESSAGES,
};

describe('the admin messages catalogues', () => {
  const entries = Object.entries(catalogues).flatMap(([name, catalogue]) =>
    Object.entries(catalogue).map(([code, text]) => [`${name}:${code}`, text] as const),
  );

  it.each(entries)('%s has Vietnamese and English text', (_code, text) => {
    expect(text.en.trim()).not.toBe('');
    expect(text.vi).toMatch(VIETNAMESE);
    expect(text.vi).not.toBe(text.en);
  });

  it.each(Object.entries(DEFINITION_MESSAGES))(
    'definition:%s takes the same parameters in both languages',
    (_code, text) => {
      expect(placeholdersOf(text.vi)).toEqual(placeholdersOf(text.en));
    },
  );

  it('fills parameters, picking the language of a bilingual one', () => {
    expect(
      formatMessage(
        DEFINITION_MESSAGES['reference-unknown'],
        { kind: DEFINITION_WORDS.guard, name: 'x', known: 'a, b' },
        'vi',
      ),
    ).toBe('điều kiện (guard) "x" không có trong danh mục; các tên có: a, b');
  });
});

describe('definition problems and simulation refusals in Vietnamese', () => {
  const vocabulary = { unitKinds: UNIT_KINDS, capabilities: CAPABILITIES };

  it('words the same problems at the same paths in Vietnamese as in English', () => {
    const doc = reviewDefinition() as unknown as {
      machine: { initial: string; states: Record<string, { on?: object }> };
    };
    doc.machine.initial = 'nowhere';
    doc.machine.states.draft.on = { SUBMIT: { target: 'archived' } };
    const english = validateDefinition(doc, vocabulary);
    const vietnamese = validateDefinition(doc, vocabulary, undefined, 'vi');
    expect(vietnamese.map((p) => p.path)).toEqual(english.map((p) => p.path));
    expect(english).toContainEqual({
      path: '/machine/initial',
      message: 'initial state "nowhere" does not exist',
    });
    expect(vietnamese).toContainEqual({
      path: '/machine/initial',
      message: 'trạng thái đầu "nowhere" không tồn tại',
    });
    for (const problem of vietnamese) expect(problem.message).toMatch(VIETNAMESE);
  });

  it('words a form schema’s problems in Vietnamese: compiler, safety and opinion checks', () => {
    const doc = reviewDefinition() as unknown as {
      events: Record<string, { form?: Record<string, unknown> }>;
    };
    doc.events.SUBMIT.form = {
      type: 'object',
      properties: {
        summary: { type: 'text' },
        code: { type: 'string', pattern: '^(a+)+$' },
        when: { type: 'string', format: 'ngay' },
        note: { type: 'integer', 'x-opinion': true },
      },
    };
    const english = validateDefinition(doc, vocabulary);
    const vietnamese = validateDefinition(doc, vocabulary, undefined, 'vi');
    expect(vietnamese.map((p) => p.path)).toEqual(english.map((p) => p.path));
    expect(vietnamese.map((p) => p.message)).toEqual([
      'Lược đồ biểu mẫu không hợp lệ: theo chuẩn JSON Schema, khóa "/properties/summary/type" ' +
        'phải là một trong các giá trị: "array", "boolean", "integer", "null", "number", "object", "string"',
      'Trường ý kiến (x-opinion) chưa đúng: trường x-opinion phải có type "string"',
      expect.stringMatching(/^Biểu mẫu có thể làm treo máy chủ: biểu thức chính quy \(pattern\)/),
    ]);
    expect(english.map((p) => p.message)).toEqual([
      expect.stringMatching(/^schema is invalid: data\/properties\/summary\/type must be equal/),
      'an x-opinion field must have type "string"',
      expect.stringMatching(/^pattern can take exponential time on some inputs \(ReDoS\)/),
    ]);
    for (const problem of vietnamese) expect(problem.message).toMatch(VIETNAMESE);
  });

  it('says why a simulated step was refused in Vietnamese, and in English as the pipeline does', () => {
    const document = reviewDefinition();
    const definition = {
      cacheKey: 'messages-spec',
      document,
      machine: createWorkflowMachine(document),
    };
    const drafter = {
      id: 'd',
      orgUnitId: 'xa-a.mttq',
      capabilities: ['drafter'],
      label: 'drafter',
    };
    const run = (language: 'vi' | 'en') =>
      simulateWorkflow(
        definition,
        directoryOf(districtUnits()),
        { orgUnitId: 'xa-a.mttq', data: {} },
        [{ actor: drafter, type: 'APPROVE' }],
        new Date('2026-01-05T08:00:00Z'),
        weekdaysOnlyCalendar(),
        language,
      ).steps[0].error;
    expect(run('en')).toEqual({
      code: 'event-not-allowed',
      message: 'Event APPROVE is not allowed now; allowed: SUBMIT',
      details: [expect.objectContaining({ message: 'Allowed events: SUBMIT' })],
    });
    expect(run('vi')).toEqual({
      code: 'event-not-allowed',
      message: 'Ở bước "draft" không làm được thao tác APPROVE; các thao tác được phép: SUBMIT',
      details: [expect.objectContaining({ message: 'Các thao tác được phép: SUBMIT' })],
    });
  });
});
