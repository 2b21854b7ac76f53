import { LRUCache } from 'lru-cache';

/**
 * A bounded least-recently-used cache for compiled artefacts (machines, form validators, diagrams).
 * They are keyed by an immutable version, so entries never go stale; the bound only caps memory.
 */
export function boundedCache<V extends object>(capacity: number): LRUCache<string, V> {
  // lru-cache treats max 0 as "unbounded unless another bound is set"; a cache here is always bounded.
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError('A cache capacity must be a positive integer');
  }
  return new LRUCache<string, V>({ max: capacity });
}

/** The cached value for `key`, created (and kept) on a miss. */
export function getOrCreate<V extends object>(
  cache: LRUCache<string, V>,
  key: string,
  create: () => V,
): V {
  const hit = cache.get(key);
  if (hit !== undefined) {
    return hit;
  }
  const value = create();
  cache.set(key, value);
  return value;
}
