/**
 * `record[key]` when the record itself holds the key. State names and event types are chosen by
 * authors, and a plain `record[key]` would answer `constructor` or `toString` with
 * `Object.prototype`'s members.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
