import { createRequire } from 'node:module';
import type * as Recheck from 'recheck';
import { complexityText, formSchemaText } from './form-schema-messages';
import { pointer } from './json-pointer';
import { type JsonSchema, type LocalizedText } from '../common/json/json.types';

/**
 * What keeps a form from costing the service more than a bounded amount of work per submission:
 * upper bounds on every string and array, and regular expressions that cannot backtrack
 * exponentially (ReDoS). ajv runs JavaScript's backtracking engine, so an unsafe pattern is refused
 * at publication instead of compiled.
 */
export interface FormLimits {
  /** `maxLength` added to a string field that has none. */
  maxStringLength: number;
  /** `maxItems` added to an array field that has none. */
  maxItems: number;
  /** The largest `maxItems` an array with `uniqueItems` may have (the check is quadratic). */
  maxUniqueItems: number;
}

export const DEFAULT_FORM_LIMITS: FormLimits = {
  maxStringLength: 10_000,
  maxItems: 1_000,
  maxUniqueItems: 1_000,
};

/** A finding about a form schema, in both languages; `path` is a JSON pointer into the schema. */
export interface FormSchemaNote {
  path: string;
  message: LocalizedText;
}

type Dict = Record<string, unknown>;

// Values of these keywords are data, not schemas: never walked.
const DATA_KEYWORDS: ReadonlySet<string> = new Set(['enum', 'const', 'default', 'examples']);
// Budget for proving one pattern safe; past it the pattern counts as unsafe.
const PATTERN_CHECK_TIMEOUT_MS = 2_000;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(schema: Dict, type: string): boolean {
  return Array.isArray(schema.type) ? schema.type.includes(type) : schema.type === type;
}

/** Visits every subschema (depth first) with its JSON pointer. */
function walkSchemas(schema: unknown, path: string, visit: (node: Dict, path: string) => void) {
  if (Array.isArray(schema)) {
    schema.forEach((item, index) => walkSchemas(item, `${path}/${index}`, visit));
    return;
  }
  if (!isDict(schema)) return;
  visit(schema, path);
  for (const [key, value] of Object.entries(schema)) {
    if (!DATA_KEYWORDS.has(key)) walkSchemas(value, `${path}${pointer(key)}`, visit);
  }
}

/**
 * Why a regular expression may not be used in a form, or null when recheck proves it safe. ajv
 * compiles patterns with the `u` flag.
 */
export function unsafePatternReason(source: string): LocalizedText | null {
  const diagnostics = recheck().checkSync(source, 'u', { timeout: PATTERN_CHECK_TIMEOUT_MS });
  switch (diagnostics.status) {
    case 'safe':
      return null;
    case 'vulnerable':
      return formSchemaText('pattern-redos', {
        complexity: complexityText(diagnostics.complexity, diagnostics.complexity.summary),
      });
    case 'unknown':
      return diagnostics.error.kind === 'invalid'
        ? formSchemaText('pattern-invalid', { detail: diagnostics.error.message })
        : formSchemaText('pattern-unproven');
  }
}

/** Every pattern (`pattern`, `patternProperties` keys, inside `propertyNames` too) not proven safe. */
export function unsafePatterns(schema: JsonSchema): FormSchemaNote[] {
  const notes: FormSchemaNote[] = [];
  walkSchemas(schema, '', (node, path) => {
    if (typeof node.pattern === 'string') {
      const reason = unsafePatternReason(node.pattern);
      if (reason) notes.push({ path: `${path}/pattern`, message: reason });
    }
    if (isDict(node.patternProperties)) {
      for (const source of Object.keys(node.patternProperties)) {
        const reason = unsafePatternReason(source);
        if (reason)
          notes.push({ path: `${path}/patternProperties${pointer(source)}`, message: reason });
      }
    }
  });
  return notes;
}

/** `uniqueItems` arrays whose bound makes the quadratic check too costly. */
export function unboundedUniqueItems(schema: JsonSchema, limits: FormLimits): FormSchemaNote[] {
  const notes: FormSchemaNote[] = [];
  walkSchemas(schema, '', (node, path) => {
    if (node.uniqueItems !== true) return;
    const maxItems = typeof node.maxItems === 'number' ? node.maxItems : limits.maxItems;
    if (maxItems > limits.maxUniqueItems) {
      notes.push({
        path: `${path}/maxItems`,
        message: formSchemaText('unique-items-bound', { max: limits.maxUniqueItems }),
      });
    }
  });
  return notes;
}

/**
 * A copy of the schema where every string has a `maxLength` and every array a `maxItems`, with a
 * note for each bound added (the author is told in the validation report).
 */
export function withUpperBounds(
  schema: JsonSchema,
  limits: FormLimits,
): { schema: JsonSchema; added: FormSchemaNote[] } {
  const bounded = structuredClone(schema);
  const added: FormSchemaNote[] = [];
  walkSchemas(bounded, '', (node, path) => {
    if (hasType(node, 'string') && typeof node.maxLength !== 'number') {
      node.maxLength = limits.maxStringLength;
      added.push({
        path: `${path}/maxLength`,
        message: formSchemaText('max-length-added', { max: limits.maxStringLength }),
      });
    }
    if (hasType(node, 'array') && typeof node.maxItems !== 'number') {
      node.maxItems = limits.maxItems;
      added.push({
        path: `${path}/maxItems`,
        message: formSchemaText('max-items-added', { max: limits.maxItems }),
      });
    }
  });
  return { schema: bounded, added };
}

/**
 * The schema ajv compiles: `format` and `pattern` are only tried on a string within its
 * `maxLength`, and `uniqueItems` only on an array within its `maxItems`. ajv evaluates every
 * keyword when reporting all errors, so without this a 300 KB value would still run the `url`
 * format's regular expression after `maxLength` already refused it.
 */
export function guardedForCompilation(schema: JsonSchema, limits: FormLimits): JsonSchema {
  const guarded = withUpperBounds(schema, limits).schema;
  walkSchemas(guarded, '', (node) => {
    const guards: Dict[] = [];
    // The field's titles travel with the moved keywords so their error messages still name it.
    const labels = Object.fromEntries(
      ['title', 'x-title-en']
        .filter((key) => node[key] !== undefined)
        .map((key) => [key, node[key]]),
    );
    const stringChecks: Dict = {};
    for (const keyword of ['format', 'pattern'] as const) {
      if (node[keyword] !== undefined && typeof node.maxLength === 'number') {
        stringChecks[keyword] = node[keyword];
        delete node[keyword];
      }
    }
    if (Object.keys(stringChecks).length > 0) {
      guards.push({ if: { maxLength: node.maxLength }, then: { ...labels, ...stringChecks } });
    }
    if (node.uniqueItems === true && typeof node.maxItems === 'number') {
      delete node.uniqueItems;
      guards.push({ if: { maxItems: node.maxItems }, then: { ...labels, uniqueItems: true } });
    }
    if (guards.length > 0) {
      node.allOf = [...(Array.isArray(node.allOf) ? (node.allOf as unknown[]) : []), ...guards];
    }
  });
  return guarded;
}

let loaded: typeof Recheck | undefined;

/**
 * recheck (~29 MB) loaded at the first pattern checked, synchronously (the check is synchronous
 * and runs while a definition is published or first compiled): a process that never checks a
 * pattern never carries it.
 */
function recheck(): typeof Recheck {
  loaded ??= createRequire(__filename)('recheck') as typeof Recheck;
  return loaded;
}
