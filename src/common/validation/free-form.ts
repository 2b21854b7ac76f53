import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';

const FREE_FORM_FIELDS = Symbol('free-form-fields');

type Dict = Record<string, unknown>;

const PROTOTYPE_KEYS = ['__proto__', 'prototype', 'constructor'];

/**
 * Marks a DTO property as a free-form JSON object (form data an official typed): the validation
 * pipe checks that it is an object and strips prototype keys, but does not hand it to
 * class-transformer and class-validator. Those copy and walk every nested value one by one, which
 * for a several-megabyte form body (32,000 rows) held the event loop for ~300 ms per request while
 * adding nothing: the value has no class, and its content is checked by the form's JSON Schema.
 */
export function FreeFormObject(): PropertyDecorator {
  return (target, property) => {
    const owner = target.constructor as { [FREE_FORM_FIELDS]?: string[] };
    owner[FREE_FORM_FIELDS] = [...(owner[FREE_FORM_FIELDS] ?? []), String(property)];
  };
}

// Parsed bodies whose raw bytes showed no prototype key (see body-parsing.ts).
const freeOfPrototypeKeys = new WeakSet<object>();

/** Records that a parsed body holds no `__proto__`, `constructor` or `prototype` key. */
export function markFreeOfPrototypeKeys(body: unknown): void {
  if (typeof body === 'object' && body !== null) freeOfPrototypeKeys.add(body);
}

function isPlainObject(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What ValidationPipe's prototype-key stripping does, iteratively (a deep body cannot overflow the
 * stack): a JSON body has no sparse arrays, so that is all the walk the value needs.
 */
function stripPrototypeKeys(root: unknown): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) pending.push(item);
      continue;
    }
    const record = value as Dict;
    for (const key of PROTOTYPE_KEYS) if (Object.hasOwn(record, key)) delete record[key];
    for (const child of Object.values(record)) {
      if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
}

/**
 * The global ValidationPipe, which sets the {@link FreeFormObject} fields aside while the rest of
 * the body is transformed and validated, and puts them back (as parsed) afterwards.
 */
export class FreeFormAwareValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const fields = (metadata.metatype as { [FREE_FORM_FIELDS]?: string[] } | undefined)?.[
      FREE_FORM_FIELDS
    ];
    if (metadata.type !== 'body' || !fields || !isPlainObject(value)) {
      return super.transform(value, metadata);
    }
    const clean = freeOfPrototypeKeys.has(value);
    const setAside: Dict = {};
    const shallow: Dict = { ...value };
    for (const field of fields) {
      const raw = shallow[field];
      // Anything but an object stays for class-validator to refuse with its usual message.
      if (!isPlainObject(raw)) continue;
      if (!clean) stripPrototypeKeys(raw);
      setAside[field] = raw;
      shallow[field] = {};
    }
    const transformed = (await super.transform(shallow, metadata)) as Dict;
    for (const [field, raw] of Object.entries(setAside)) transformed[field] = raw;
    return transformed;
  }
}
