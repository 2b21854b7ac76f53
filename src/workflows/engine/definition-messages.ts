import { type MessageTemplate } from '../../common/i18n/language';

/**
 * Every problem the definition validator reports, by a stable code, in Vietnamese (the admin
 * editor's first language) and English (the API's `message` unless the request asks for
 * Vietnamese). `{name}` placeholders take the problem's parameters. The English side is the text
 * the API has always answered, word for word.
 */
export const DEFINITION_MESSAGES = {
  'text-not-localized': {
    vi: 'phải là đối tượng có nội dung tiếng Việt (vi) và tiếng Anh (en)',
    en: 'must be an object with Vietnamese (vi) and English (en) text',
  },
  'text-empty': { vi: 'không được để trống', en: 'must be a non-empty string' },
  // Parameters of a registry guard or action, worded by the registry in both languages.
  'params-invalid': { vi: 'Tham số không hợp lệ: {detail}', en: '{detail}' },
  'params-not-object': { vi: 'params phải là một đối tượng', en: 'params must be an object' },
  'reference-shape': {
    vi: '{kind} phải là một tên trong danh mục hoặc { type, params }',
    en: '{kind} must be a registry name or { type, params }',
  },
  'reference-unknown': {
    vi: '{kind} "{name}" không có trong danh mục; các tên có: {known}',
    en: 'unknown {kind} "{name}"; known: {known}',
  },
  'transition-shape': {
    vi: 'bước chuyển phải là đối tượng { target?, guard?, actions? }',
    en: 'transition must be an object { target?, guard?, actions? }',
  },
  'transition-key-unsupported': {
    vi: 'bước chuyển không dùng được khóa "{key}"',
    en: 'unsupported transition key "{key}"',
  },
  'target-not-name': {
    vi: 'target phải là tên một trạng thái',
    en: 'target must be the name of a state',
  },
  'target-missing': {
    vi: 'trạng thái đích "{target}" không tồn tại',
    en: 'target state "{target}" does not exist',
  },
  'state-name-invalid': {
    vi: 'tên trạng thái phải bắt đầu bằng chữ cái và chỉ gồm chữ cái, chữ số, "_" và "-"',
    en: 'state name must start with a letter and use only letters, digits, "_" and "-"',
  },
  'state-not-object': { vi: 'trạng thái phải là một đối tượng', en: 'state must be an object' },
  'states-nested': {
    vi: 'không hỗ trợ trạng thái lồng nhau: các trạng thái phải cùng một cấp',
    en: 'nested states are not supported: states must be flat',
  },
  'state-key-unsupported': {
    vi: 'trạng thái không dùng được khóa "{key}"',
    en: 'unsupported state key "{key}"',
  },
  'state-type-invalid': {
    vi: 'type chỉ được là "final" hoặc bỏ trống',
    en: 'type must be "final" or absent',
  },
  'on-not-object': {
    vi: 'on phải là đối tượng có khóa là loại sự kiện',
    en: 'on must be an object keyed by event type',
  },
  'final-handles-events': {
    vi: 'trạng thái kết thúc không nhận sự kiện nào',
    en: 'a final state cannot handle events',
  },
  'event-type-invalid': {
    vi: 'loại sự kiện phải bắt đầu bằng chữ cái và chỉ gồm chữ cái, chữ số và "_"',
    en: 'event type must start with a letter and use only letters, digits and "_"',
  },
  'event-no-transition': {
    vi: 'sự kiện cần ít nhất một bước chuyển',
    en: 'an event needs at least one transition',
  },
  'assignment-shape': {
    vi: 'phân công phải là đối tượng { unit, capability? }',
    en: 'assignment must be an object { unit, capability? }',
  },
  'unit-shape': {
    vi: 'unit phải là đối tượng { relation, ... }',
    en: 'unit must be an object { relation, ... }',
  },
  'relation-invalid': {
    vi: 'relation phải là một trong: {relations}',
    en: 'relation must be one of: {relations}',
  },
  'field-invalid': {
    vi: 'field phải là tên trường dữ liệu chứa mã đơn vị',
    en: 'field must name the data field holding the unit id',
  },
  'unit-kind-not-key': {
    vi: 'kind phải là mã một loại đơn vị',
    en: 'kind must be a unit kind key',
  },
  'unit-kind-unknown': {
    vi: 'loại đơn vị "{kind}" không tồn tại',
    en: 'unknown unit kind "{kind}"',
  },
  'capability-not-key': {
    vi: 'capability phải là mã một nhiệm vụ (người soạn, người duyệt...)',
    en: 'capability must be a capability key',
  },
  'capability-unknown': {
    vi: 'nhiệm vụ "{capability}" không tồn tại',
    en: 'unknown capability "{capability}"',
  },
  'deadline-shape': {
    vi: '{label} phải là đối tượng {shape}',
    en: '{label} must be an object {shape}',
  },
  'deadline-amount-missing': {
    vi: '{label} cần có workingDays, days hoặc hours',
    en: '{label} needs workingDays, days or hours',
  },
  'deadline-mixed': {
    vi: 'workingDays không dùng cùng days hoặc hours',
    en: 'workingDays cannot be combined with days or hours',
  },
  'deadline-key-unsupported': {
    vi: '{label} không dùng được khóa "{key}"; hãy dùng {shape}',
    en: 'unsupported {label} key "{key}"; use {shape}',
  },
  'deadline-at-invalid': {
    vi: 'at phải là giờ trong ngày dạng "HH:MM"',
    en: 'at must be a local time of day "HH:MM"',
  },
  'deadline-at-with-hours': {
    vi: 'at là giờ kết thúc của một số ngày; không dùng cùng hours',
    en: 'at ends a day count; it cannot be combined with hours',
  },
  'not-positive': { vi: 'phải là số dương', en: 'must be a positive number' },
  'working-days-fraction': {
    vi: 'workingDays phải là số nguyên',
    en: 'workingDays must be a whole number',
  },
  'too-large': { vi: 'không được lớn hơn {max}', en: 'must be at most {max}' },
  'states-not-object': {
    vi: 'states phải là đối tượng có khóa là tên trạng thái',
    en: 'states must be an object keyed by state name',
  },
  'state-entry-missing': {
    vi: 'trạng thái "{name}" của máy trạng thái chưa được khai báo',
    en: 'state "{name}" of the machine has no entry',
  },
  'state-entry-not-object': {
    vi: 'khai báo trạng thái phải là một đối tượng',
    en: 'state entry must be an object',
  },
  'assignment-missing': {
    vi: 'trạng thái chưa kết thúc cần có phân công xử lý',
    en: 'a non-final state needs an assignment',
  },
  'deadline-field-invalid': {
    vi: 'deadlineField phải là tên một trường của biểu mẫu',
    en: 'deadlineField must name a form field',
  },
  'reminder-without-deadline': {
    vi: 'muốn nhắc việc trước hạn thì bước phải có thời hạn',
    en: 'a reminder needs a deadline to come before',
  },
  'outcome-not-final': {
    vi: 'chỉ trạng thái kết thúc mới có kết quả (outcome)',
    en: 'only a final state has an outcome',
  },
  'outcome-invalid': {
    vi: 'outcome phải là một trong: {outcomes}',
    en: 'outcome must be one of: {outcomes}',
  },
  'state-entry-unknown': {
    vi: 'trạng thái "{name}" không có trong máy trạng thái',
    en: 'state "{name}" does not exist in the machine',
  },
  'four-eyes-final': {
    vi: 'không ai xử lý ở trạng thái kết thúc, nên không thể đòi nguyên tắc bốn mắt',
    en: 'nobody acts in a final state, so it cannot require four eyes',
  },
  'four-eyes-shape': {
    vi: 'actorDistinctFrom phải là danh sách tên trạng thái, không rỗng',
    en: 'actorDistinctFrom must be a non-empty array of state names',
  },
  'four-eyes-unknown-state': {
    vi: 'phải là tên một trạng thái của máy trạng thái',
    en: 'must name a state of the machine',
  },
  'four-eyes-self': {
    vi: 'phải là một trạng thái trước đó, không phải chính trạng thái này',
    en: 'must name an earlier state, not this one',
  },
  'four-eyes-final-step': {
    vi: 'không ai xử lý ở trạng thái kết thúc "{step}"',
    en: 'nobody acts in the final state "{step}"',
  },
  'four-eyes-twice': { vi: '"{step}" được nêu hai lần', en: '"{step}" is named twice' },
  'four-eyes-not-before': {
    vi: '"{step}" không bao giờ đến trước "{name}"',
    en: '"{step}" never comes before "{name}"',
  },
  'form-not-object': {
    vi: 'form phải là một lược đồ JSON Schema (đối tượng)',
    en: 'form must be a JSON Schema object',
  },
  'form-type-not-object': {
    vi: 'lược đồ biểu mẫu phải có type "object"',
    en: 'a form schema must have type "object"',
  },
  // `detail` is bilingual: in English the compiler's or the safety check's own words.
  'form-schema-invalid': { vi: 'Lược đồ biểu mẫu không hợp lệ: {detail}', en: '{detail}' },
  'form-opinion-invalid': { vi: 'Trường ý kiến (x-opinion) chưa đúng: {detail}', en: '{detail}' },
  'form-unsafe': { vi: 'Biểu mẫu có thể làm treo máy chủ: {detail}', en: '{detail}' },
  'events-not-object': {
    vi: 'events phải là đối tượng có khóa là loại sự kiện',
    en: 'events must be an object keyed by event type',
  },
  'event-entry-missing': {
    vi: 'sự kiện "{event}" được máy trạng thái dùng nhưng chưa được khai báo',
    en: 'event "{event}" is used by the machine but has no entry',
  },
  'event-unused': {
    vi: 'sự kiện "{event}" không được máy trạng thái dùng',
    en: 'event "{event}" is not used by the machine',
  },
  'event-entry-not-object': {
    vi: 'khai báo sự kiện phải là một đối tượng',
    en: 'event entry must be an object',
  },
  'comment-required-not-boolean': {
    vi: 'commentRequired phải là true hoặc false',
    en: 'commentRequired must be true or false',
  },
  'state-unreachable': {
    vi: 'không đi từ "{initial}" đến được trạng thái "{name}"',
    en: 'state "{name}" is not reachable from "{initial}"',
  },
  'too-many-bytes': {
    vi: 'định nghĩa dài {bytes} byte; tối đa {max} byte',
    en: 'definition is {bytes} bytes; at most {max} are allowed',
  },
  'too-deep': { vi: 'lồng sâu quá {max} cấp', en: 'nested deeper than {max} levels' },
  'too-many-states': {
    vi: 'máy trạng thái có {count} trạng thái; tối đa {max}',
    en: 'the machine has {count} states; at most {max} are allowed',
  },
  'too-many-events': {
    vi: 'định nghĩa có {count} loại sự kiện; tối đa {max}',
    en: 'the definition has {count} event types; at most {max} are allowed',
  },
  'definition-not-object': {
    vi: 'định nghĩa phải là một đối tượng',
    en: 'definition must be an object',
  },
  'key-invalid': {
    vi: 'key phải viết dạng kebab-case (chữ thường, chữ số và từng dấu gạch ngang)',
    en: 'key must be kebab-case (lowercase letters, digits and single hyphens)',
  },
  'machine-not-object': {
    vi: 'machine phải là cấu hình máy trạng thái xstate (đối tượng)',
    en: 'machine must be an xstate machine config object',
  },
  'machine-id-missing': { vi: 'id không được để trống', en: 'id must be a non-empty string' },
  'machine-key-unsupported': {
    vi: 'machine không dùng được khóa "{key}"',
    en: 'unsupported machine key "{key}"',
  },
  'machine-states-empty': {
    vi: 'states phải là đối tượng không rỗng, có khóa là tên trạng thái',
    en: 'states must be a non-empty object keyed by state name',
  },
  'initial-not-name': {
    vi: 'initial phải là tên một trạng thái',
    en: 'initial must be the name of a state',
  },
  'initial-missing': {
    vi: 'trạng thái đầu "{initial}" không tồn tại',
    en: 'initial state "{initial}" does not exist',
  },
  'initial-final': {
    vi: 'trạng thái đầu không được là trạng thái kết thúc',
    en: 'the initial state cannot be final',
  },
  'xstate-failed': {
    vi: 'xstate không dựng được máy trạng thái: {detail}',
    en: 'xstate cannot build the machine: {detail}',
  },
  'no-final-state': {
    vi: 'máy trạng thái cần ít nhất một trạng thái kết thúc',
    en: 'the machine needs at least one final state',
  },
  'dead-end': {
    vi: 'trạng thái chưa kết thúc "{name}" không có bước chuyển nào đi ra',
    en: 'non-final state "{name}" has no outgoing transition',
  },
  'document-shape': {
    vi: 'document phải là đối tượng { onState, type, typeName, issuer, signature }',
    en: 'document must be an object { onState, type, typeName, issuer, signature }',
  },
  'document-on-state': {
    vi: 'onState phải là tên một trạng thái của máy trạng thái',
    en: 'onState must name a state of the machine',
  },
  'document-type': {
    vi: 'type phải gồm 1–6 chữ in hoa, ví dụ QC, KH, BC',
    en: 'type must be 1–6 capital letters, e.g. QC, KH, BC',
  },
  'document-signature': {
    vi: 'signature phải là { onBehalfOf, title } (không để trống)',
    en: 'signature must be { onBehalfOf, title } (non-empty text)',
  },
  'document-recipients': {
    vi: 'recipients phải là danh sách các nơi nhận, không để trống',
    en: 'recipients must be a list of non-empty texts',
  },
  'document-signed-scan': {
    vi: 'requireSignedScan phải là true hoặc false',
    en: 'requireSignedScan must be true or false',
  },
  'copies-shape': {
    vi: 'copies (nơi nhận) phải là danh sách { unit }, không để trống',
    en: 'copies must be a non-empty array of { unit }',
  },
  'copy-shape': {
    vi: 'mỗi nơi nhận phải có dạng { unit }',
    en: 'a copy must be an object { unit }',
  },
  'co-signers-shape': {
    vi: 'coSigners (cơ quan cùng ký) phải là danh sách, không để trống',
    en: 'coSigners must be a non-empty list',
  },
  'co-signer-shape': {
    vi: 'mỗi cơ quan cùng ký phải có dạng { state, onBehalfOf, titleField? }',
    en: 'a co-signer must be { state, onBehalfOf, titleField? }',
  },
  'co-signer-state': {
    vi: 'state phải là một bước chưa kết thúc của quy trình',
    en: 'state must name a non-final state of the machine',
  },
  'co-signer-on-behalf': {
    vi: 'onBehalfOf (thay mặt) không được để trống',
    en: 'onBehalfOf must be non-empty text',
  },
  'co-signer-title-field': {
    vi: 'titleField phải là tên một trường của biểu mẫu',
    en: 'titleField must name a form field',
  },
} as const satisfies Record<string, MessageTemplate>;

export type DefinitionProblemCode = keyof typeof DEFINITION_MESSAGES;

/** Words that stand inside other messages, in both languages. */
export const DEFINITION_WORDS = {
  guard: { vi: 'điều kiện (guard)', en: 'guard' },
  action: { vi: 'hành động (action)', en: 'action' },
  deadline: { vi: 'thời hạn (deadline)', en: 'deadline' },
  reminderBefore: { vi: 'nhắc trước hạn (reminderBefore)', en: 'reminderBefore' },
  deadlineShape: {
    vi: '{ workingDays } hoặc { days?, hours? }, có thể kèm at: "HH:MM"',
    en: '{ workingDays } or { days?, hours? }, optionally with at: "HH:MM"',
  },
  reminderShape: {
    vi: '{ workingDays } hoặc { days?, hours? }',
    en: '{ workingDays } or { days?, hours? }',
  },
} as const satisfies Record<string, MessageTemplate>;
