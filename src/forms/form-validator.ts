import Ajv2020, { type ErrorObject, MissingRefError, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { type LRUCache } from 'lru-cache';
import { boundedCache, getOrCreate } from '../common/cache/lru';
import { formErrorMessage } from './form-messages';
import { formSchemaText } from './form-schema-messages';
import { DEFAULT_FORM_LIMITS, guardedForCompilation } from './form-safety';
import { escapePointerSegment, unescapePointerSegment } from './json-pointer';
import { type JsonSchema, type LocalizedText } from '../common/json/json.types';

/**
 * One failed field: where (JSON pointer into the data), what, in both languages. A type alias, not
 * an interface, so it fits error-detail types with an index signature.
 */
export type FormFieldError = {
  /** JSON pointer to the field; for a missing or extra property, to that property. */
  path: string;
  /** The Vietnamese message (the UI's first language). */
  message: string;
  messages: LocalizedText;
  /** The JSON Schema keyword that failed (`required`, `type`...). */
  keyword: string;
};

/** `strict` validates a submission; `loose` a draft, where fields may still be missing. */
export type FormValidationMode = 'strict' | 'loose';

/** One form validation to run, as plain data (it may be sent to a worker thread). */
export interface FormCheck {
  /** Identifies an immutable schema (definition version and event): compiled once per key. */
  cacheKey: string;
  schema: JsonSchema;
  data: unknown;
  mode: FormValidationMode;
}

/**
 * Whether a form document is big enough that validating it may take the event loop for more than
 * a few milliseconds: more than `maxNodes` values, counting every `charsPerNode` characters of
 * text as one (1,000 for validation, which looks at a string's length; fewer for work that reads
 * every character). Stops counting as soon as it knows, so a huge document costs no more than a
 * small one.
 */
export function isLargeDocument(data: unknown, maxNodes: number, charsPerNode = 1000): boolean {
  let nodes = 0;
  const pending: unknown[] = [data];
  while (pending.length > 0) {
    const value = pending.pop();
    nodes += 1;
    if (typeof value === 'string') nodes += Math.floor(value.length / charsPerNode);
    else if (typeof value === 'object' && value !== null) {
      for (const child of Array.isArray(value) ? value : Object.values(value)) pending.push(child);
    }
    if (nodes > maxNodes) return true;
  }
  return false;
}

// Keywords that only say "not filled in yet"; a draft may still fail them.
const INCOMPLETE_KEYWORDS: ReadonlySet<string> = new Set([
  'required',
  'dependentRequired',
  'minItems',
]);

/*
 * ajv reports unknown formats through its logger (with `strict: false` they are otherwise ignored);
 * while a schema is being checked the warnings are collected so a typo in `format` is reported.
 */
let collectWarnings: ((message: string) => void) | undefined;

const ajv = new Ajv2020({
  allErrors: true,
  // Forms may carry UI keywords ajv does not know; they are annotations, not errors.
  strict: false,
  // `parentSchema` on errors gives the field's `title` for the messages.
  verbose: true,
  logger: {
    log: () => undefined,
    warn: (...args: unknown[]) => collectWarnings?.(args.map(String).join(' ')),
    error: () => undefined,
  },
});
addFormats(ajv);

/**
 * Compiles a form schema with the shared ajv instance. Throws ajv's error for an invalid schema.
 */
export function compileFormSchema(schema: JsonSchema): ValidateFunction {
  const validate = ajv.compile(guardedForCompilation(schema, DEFAULT_FORM_LIMITS));
  // The compiled function is self-contained. Unregistering lets another version of the same form
  // (same `$id`) compile later, and keeps ajv's own cache from growing with every version.
  ajv.removeSchema(validate.schema);
  return validate;
}

/**
 * The problems ajv finds in a form schema (invalid keywords, unknown formats), empty when none,
 * each in both languages (the English is ajv's own). Used when a definition is validated, so
 * published forms compile at run time.
 */
export function formSchemaProblems(schema: JsonSchema): LocalizedText[] {
  const warnings = new Map<string, LocalizedText>();
  collectWarnings = (message) => warnings.set(message, compilerWarningText(message));
  try {
    compileFormSchema(schema);
  } catch (error) {
    return [compileErrorText(error)];
  } finally {
    collectWarnings = undefined;
  }
  return [...warnings.values()];
}

function compilerWarningText(message: string): LocalizedText {
  const format = /^unknown format "(.*)" ignored/.exec(message);
  return format
    ? formSchemaText('unknown-format', { format: format[1], detail: message })
    : formSchemaText('not-compiled', { detail: message });
}

/** Why ajv refused to compile a schema, from the error it threw and the errors it kept. */
function compileErrorText(error: unknown): LocalizedText {
  const detail = error instanceof Error ? error.message : String(error);
  if (detail.startsWith('schema is invalid:') && ajv.errors && ajv.errors.length > 0) {
    return formSchemaText('schema-keyword', { detail, problems: metaSchemaProblems(ajv.errors) });
  }
  if (error instanceof MissingRefError) {
    return formSchemaText('missing-ref', { ref: error.missingRef, detail });
  }
  if (error instanceof SyntaxError && detail.startsWith('Invalid regular expression')) {
    return formSchemaText('regexp-invalid', { detail });
  }
  return formSchemaText('not-compiled', { detail });
}

/**
 * The meta-schema's findings in Vietnamese, one per schema keyword. A bad `type` fails both of
 * its alternatives (a name, a list of names) and their `anyOf`; only the first says something.
 */
function metaSchemaProblems(errors: readonly ErrorObject[]): string {
  const byPath = new Map<string, ErrorObject>();
  for (const error of errors) {
    if (!byPath.has(error.instancePath)) byPath.set(error.instancePath, error);
  }
  return [...byPath.entries()]
    .map(
      ([path, error]) =>
        formErrorMessage(
          error.keyword,
          error.params as Record<string, unknown>,
          {
            label: path === '' ? null : path,
            schemaKeyword: true,
          },
          error.message,
        ).vi,
    )
    .join('; ');
}

// `/members/0/name` → `members[0].name`: a readable label for a field with no title.
function labelFromPath(path: string): string | null {
  if (path === '') {
    return null;
  }
  return path
    .slice(1)
    .split('/')
    .map(unescapePointerSegment)
    .reduce((label, segment) => {
      if (/^\d+$/.test(segment)) {
        return `${label}[${segment}]`;
      }
      return label === '' ? segment : `${label}.${segment}`;
    }, '');
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function titleOf(
  schema: Record<string, unknown> | undefined,
  keyword: 'title' | 'x-title-en' = 'title',
): string | undefined {
  const title = schema?.[keyword];
  return typeof title === 'string' && title.trim() !== '' ? title : undefined;
}

// The property a keyword names below the object it failed on, if any.
function namedProperty(error: ErrorObject): string | undefined {
  const params = error.params as Record<string, unknown>;
  const property =
    error.keyword === 'additionalProperties' ? params.additionalProperty : params.missingProperty;
  return typeof property === 'string' ? property : undefined;
}

/** The list's own title, from the schema path of its row's `type` (`#/…/members/items/type`). */
function listSubject(
  root: JsonSchema,
  schemaPath: string,
): { label: string; labelEn?: string } | undefined {
  const segments = schemaPath.split('/').slice(1, -2).map(unescapePointerSegment);
  let node: Record<string, unknown> | undefined = asRecord(root);
  for (const segment of segments) node = asRecord(node?.[segment]);
  const label = titleOf(node);
  return label === undefined ? undefined : { label, labelEn: titleOf(node, 'x-title-en') };
}

function toFieldError(error: ErrorObject, root: JsonSchema): FormFieldError {
  const parentSchema = asRecord(error.parentSchema);
  const property = namedProperty(error);
  let path = error.instancePath;
  let fieldSchema = parentSchema;
  if (property !== undefined) {
    path = `${path}/${escapePointerSegment(property)}`;
    // An extra property has no schema; a missing one is described under `properties`.
    fieldSchema =
      error.keyword === 'additionalProperties'
        ? undefined
        : asRecord(asRecord(parentSchema?.properties)?.[property]);
  }
  // A row added to a list and left blank arrives as null: "must be a string" would puzzle the
  // official, so it is named as the empty row of its list.
  const row = /^(.*)\/(\d+)$/.exec(path);
  const emptyRow =
    error.keyword === 'type' && row !== null && (error.data === null || error.data === undefined);
  const messages = emptyRow
    ? formErrorMessage(
        'emptyRow',
        { row: Number(row[2]) + 1 },
        listSubject(root, error.schemaPath) ?? { label: labelFromPath(row[1]) },
        error.message,
      )
    : formErrorMessage(
        error.keyword,
        error.params as Record<string, unknown>,
        // English messages name the field by its English title when the form gives one.
        {
          label: titleOf(fieldSchema) ?? labelFromPath(path),
          labelEn: titleOf(fieldSchema, 'x-title-en'),
        },
        error.message,
      );
  return { path, message: messages.vi, messages, keyword: error.keyword };
}

/**
 * Validates form data against JSON Schemas, compiling each schema once per cache key.
 */
export class FormValidator {
  private readonly validators: LRUCache<string, ValidateFunction>;

  constructor(capacity = 1024) {
    this.validators = boundedCache(capacity);
  }

  /**
   * Validates `data`. The cache key (e.g. `${definitionKey}@${version}:${eventType}`) must identify
   * an immutable schema; the schema is only compiled when the key is new. Throws if the schema
   * itself is invalid (definitions are validated before they are published).
   */
  validate(
    cacheKey: string,
    schema: JsonSchema,
    data: unknown,
    mode: FormValidationMode = 'strict',
  ): FormFieldError[] {
    const validate = getOrCreate(this.validators, cacheKey, () => compileFormSchema(schema));
    if (validate(data)) {
      return [];
    }
    // An `if` error only says its `then` failed, which is reported on its own.
    const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'if');
    const relevant =
      mode === 'loose' ? errors.filter((error) => !INCOMPLETE_KEYWORDS.has(error.keyword)) : errors;
    return withoutDuplicatesOfInvalidItems(relevant).map((error) => toFieldError(error, schema));
  }
}

/**
 * Two empty rows of a list are "duplicates" only because both are still empty: each already has
 * its own message (required, too short), so a `uniqueItems` error naming two items that are
 * themselves in error would only repeat the problem in confusing words. Real duplicates (two
 * valid, equal items) are still reported.
 */
function withoutDuplicatesOfInvalidItems(errors: ErrorObject[]): ErrorObject[] {
  const otherPaths = errors
    .filter((error) => error.keyword !== 'uniqueItems')
    .map((error) => error.instancePath);
  const inError = (item: string) =>
    otherPaths.some((path) => path === item || path.startsWith(`${item}/`));
  return errors.filter((error) => {
    if (error.keyword !== 'uniqueItems') return true;
    const { i, j } = error.params as { i: number; j: number };
    return !(inError(`${error.instancePath}/${i}`) && inError(`${error.instancePath}/${j}`));
  });
}

const sharedValidator = new FormValidator();

/**
 * Validates form data with the process-wide validator; see {@link FormValidator.validate}.
 * `loose` mode (drafts) ignores `required`, `dependentRequired` and `minItems`.
 */
export function validateForm(
  cacheKey: string,
  schema: JsonSchema,
  data: unknown,
  mode: FormValidationMode = 'strict',
): FormFieldError[] {
  return sharedValidator.validate(cacheKey, schema, data, mode);
}
