/**
 * A big value inside a request body, kept as its JSON text: the body was parsed on a heavy-work
 * thread, and bringing a 32,000-row array back to the event loop as objects (structured clone)
 * costs as much as parsing it there. Whatever only checks or hashes the value sends the text on
 * to another thread ({@link toWire}); whatever serialises it (PostgreSQL, an answer, a log) gets
 * the value itself through `toJSON`, so nothing can store or send the wrapper by mistake.
 */
export class LargeJson {
  constructor(readonly json: string) {}

  toJSON(): unknown {
    return JSON.parse(this.json) as unknown;
  }
}

/**
 * A value as a worker thread receives it: each {@link LargeJson} replaced by its text, and the
 * paths of those texts (only the listed paths are parsed back, so a string a user sent is never
 * taken for one).
 */
export interface WireJson {
  value: unknown;
  large: string[][];
}

// LargeJson values sit at a known shallow depth (a command's `data.<field>`): no deeper walk.
const MAX_DEPTH = 3;

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Whether the value holds a {@link LargeJson} within the depth they are put at. */
export function containsLargeJson(value: unknown, depth = 0): boolean {
  if (value instanceof LargeJson) return true;
  if (depth >= MAX_DEPTH || !isPlainRecord(value)) return false;
  for (const child of Object.values(value)) if (containsLargeJson(child, depth + 1)) return true;
  return false;
}

/**
 * The value with each {@link LargeJson} as its text, copying only the objects on the way to one;
 * shallow, so it costs microseconds whatever the document's size.
 */
export function toWire(value: unknown): WireJson {
  const large: string[][] = [];
  const visit = (node: unknown, path: string[]): unknown => {
    if (node instanceof LargeJson) {
      large.push(path);
      return node.json;
    }
    if (path.length >= MAX_DEPTH || !isPlainRecord(node) || !containsLargeJson(node, path.length))
      return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, child]) => [key, visit(child, [...path, key])]),
    );
  };
  return { value: visit(value, []), large };
}

/** The value {@link toWire} was given, parsed back in full (on the receiving thread). */
export function fromWire(wire: WireJson): unknown {
  let root = wire.value;
  for (const path of wire.large) {
    if (path.length === 0) {
      root = JSON.parse(root as string) as unknown;
      continue;
    }
    let parent = root as Record<string, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    const last = path[path.length - 1];
    parent[last] = JSON.parse(parent[last] as string) as unknown;
  }
  return root;
}

/** Marks the texts at `large` (paths a heavy-work thread reported) as {@link LargeJson}. */
export function wrapLargeJson(value: unknown, large: readonly string[][]): void {
  for (const path of large) {
    if (path.length === 0) continue;
    let parent = value as Record<string, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    const last = path[path.length - 1];
    parent[last] = new LargeJson(parent[last] as string);
  }
}
