/**
 * Preloaded into the API process of the read benchmark (`node -r ts-node/register/transpile-only
 * -r bench/lib/query-capture.ts`) when BENCH_CAPTURE_FILE is set: records every SQL statement the
 * product sends through `pg` — text, parameters, start time and duration — so the bench can tell
 * how many queries a page costs and EXPLAIN exactly the SQL the product ran. Records are kept in
 * memory and appended to the file in batches, so a query costs microseconds more, not a write.
 */
import { appendFileSync } from 'node:fs';
import { Client } from 'pg';

export interface CapturedQuery {
  /** Epoch milliseconds when the query was sent. */
  at: number;
  ms: number;
  text: string;
  values: unknown[];
}

const file = process.env.BENCH_CAPTURE_FILE;

type QueryFn = (...args: unknown[]) => unknown;

if (file) {
  let buffer: string[] = [];
  const flush = (): void => {
    if (buffer.length === 0) return;
    appendFileSync(file, buffer.join(''));
    buffer = [];
  };
  setInterval(flush, 200).unref();
  process.on('exit', flush);

  const prototype = Client.prototype as unknown as { query: QueryFn };
  const original = prototype.query;
  prototype.query = function capture(this: unknown, ...args: unknown[]): unknown {
    const first = args[0];
    const text =
      typeof first === 'string'
        ? first
        : first && typeof first === 'object' && 'text' in first
          ? String(first.text)
          : undefined;
    const values = Array.isArray(args[1])
      ? (args[1] as unknown[])
      : first && typeof first === 'object' && 'values' in first
        ? ((first as { values?: unknown[] }).values ?? [])
        : [];
    if (text === undefined) return original.apply(this, args);
    const at = Date.now();
    const started = performance.now();
    const record = (): void => {
      const entry: CapturedQuery = { at, ms: performance.now() - started, text, values };
      buffer.push(`${JSON.stringify(entry)}\n`);
    };
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (...results: unknown[]): unknown => {
        record();
        return (callback as QueryFn)(...results);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(record, record);
    }
    return result;
  };
}
