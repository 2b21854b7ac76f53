import { pointer } from '../../../forms/json-pointer';
import { type JsonValue } from '../../../common/json/json.types';

export type JsonChange =
  | { op: 'added'; path: string; newValue: JsonValue }
  | { op: 'removed'; path: string; oldValue: JsonValue }
  | { op: 'changed'; path: string; oldValue: JsonValue; newValue: JsonValue };

/**
 * Leaf-level differences between two JSON documents, as RFC 6901 pointers. Objects are compared
 * key by key and arrays index by index, so an edited line of a list shows as that line's fields;
 * a value that changes type (object to string, say) is one change at its own path.
 */
export function diffJson(before: JsonValue, after: JsonValue): JsonChange[] {
  const changes: JsonChange[] = [];
  walk(before, after, [], changes);
  return changes;
}

function walk(
  before: JsonValue,
  after: JsonValue,
  path: Array<string | number>,
  changes: JsonChange[],
): void {
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let index = 0; index < length; index++) {
      compareMember(
        index < before.length,
        before[index],
        index < after.length,
        after[index],
        [...path, index],
        changes,
      );
    }
    return;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) {
      compareMember(key in before, before[key], key in after, after[key], [...path, key], changes);
    }
    return;
  }
  // Containers of the same shape were walked above, so what is left compares by identity.
  if (before !== after) {
    changes.push({ op: 'changed', path: pointer(...path), oldValue: before, newValue: after });
  }
}

function compareMember(
  hadBefore: boolean,
  before: JsonValue,
  hasAfter: boolean,
  after: JsonValue,
  path: Array<string | number>,
  changes: JsonChange[],
): void {
  if (hadBefore && hasAfter) walk(before, after, path, changes);
  else if (hasAfter) changes.push({ op: 'added', path: pointer(...path), newValue: after });
  else if (hadBefore) changes.push({ op: 'removed', path: pointer(...path), oldValue: before });
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
