import type { ParsedOffThread } from '../../common/http/body-parsing';
import { JsonBodyError, scanJsonBody } from '../../common/json/json-body-scan';
import { isLargeDocument } from '../../forms/form-validator';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MALFORMED = { type: 'entity.parse.failed', message: 'Malformed JSON body' } as const;

/**
 * What `express.json` (with our byte scan) does to a body, on a heavy-work thread: the same
 * refusals, the same value — except that each big object or array directly inside the form data
 * (`body[formField]`) stays JSON text, listed in `large`, so it is not copied back to the event
 * loop as objects. A body that may hold prototype keys comes back whole, for the validation pipe
 * to strip them as usual.
 */
export function parseJsonBody(
  bytes: Uint8Array,
  formField: string,
  largeMinNodes: number,
): ParsedOffThread {
  let mayHavePrototypeKeys: boolean;
  try {
    ({ mayHavePrototypeKeys } = scanJsonBody(bytes));
  } catch (error) {
    if (error instanceof JsonBodyError)
      return { refused: { type: error.type, message: error.message } };
    throw error;
  }
  // UTF-8 with a leading BOM dropped, as body-parser decodes; strict: an object or an array.
  const text = new TextDecoder().decode(bytes);
  const first = /^[ \t\n\r]*(.)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') return { refused: MALFORMED };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { refused: MALFORMED };
  }
  const large: string[][] = [];
  const form = isRecord(body) ? body[formField] : undefined;
  if (!mayHavePrototypeKeys && isRecord(form)) {
    for (const [key, value] of Object.entries(form)) {
      if (typeof value === 'object' && value !== null && isLargeDocument(value, largeMinNodes)) {
        form[key] = JSON.stringify(value);
        large.push([formField, key]);
      }
    }
  }
  return { body, large, mayHavePrototypeKeys };
}
