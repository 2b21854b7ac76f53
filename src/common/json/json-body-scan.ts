/**
 * How deeply a JSON body may nest. Far beyond what any form or definition needs, far below what
 * the recursive walks after parsing (validation pipe, class-transformer, Ajv) survive: a body
 * nested ten thousand levels deep would overflow their stack and answer 500.
 */
export const MAX_JSON_DEPTH = 64;

export const NUL_MESSAGE = 'The request contains a NUL character (\\u0000), which cannot be stored';

/** A body refused before parsing; `type` is body-parser's error type, which the answer maps. */
export class JsonBodyError extends Error {
  constructor(
    readonly type: 'entity.too.deep' | 'entity.nul',
    message: string,
  ) {
    super(message);
  }
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const NUL_ESCAPE = Buffer.from('u0000');

// A key can only be one of these if its name is in the raw bytes, or spelt with \u escapes.
const PROTOTYPE_KEY_TRACES = ['__proto__', 'constructor', 'prototype', '\\u'];

/**
 * One pass over a JSON body's raw bytes, before `JSON.parse`: refuses nesting deeper than
 * {@link MAX_JSON_DEPTH} and `\u0000` escapes in strings (a raw NUL byte is already malformed
 * JSON). Returns whether a prototype key can be in the body: when none can, nothing needs to walk
 * a big form document to strip them.
 *
 * @throws JsonBodyError
 */
export function scanJsonBody(bytes: Uint8Array): { mayHavePrototypeKeys: boolean } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A native search of the bytes.
  const mayHavePrototypeKeys = PROTOTYPE_KEY_TRACES.some((trace) => buf.includes(trace));
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const byte = buf[i];
    if (inString) {
      if (byte === BACKSLASH) {
        const end = i + 1 + NUL_ESCAPE.length;
        if (end <= buf.length && buf.compare(NUL_ESCAPE, 0, NUL_ESCAPE.length, i + 1, end) === 0) {
          throw new JsonBodyError('entity.nul', NUL_MESSAGE);
        }
        i += 1;
      } else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) {
        throw new JsonBodyError(
          'entity.too.deep',
          `JSON body nests deeper than ${MAX_JSON_DEPTH} levels`,
        );
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return { mayHavePrototypeKeys };
}
