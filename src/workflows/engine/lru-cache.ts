/**
 * A small least-recently-used cache. Compiled artefacts (machines, form validators) are keyed by an
 * immutable version, so entries never go stale; the bound only caps memory across many versions.
 */
export class LruCache<V> {
  // A Map iterates in insertion order; re-inserting on a hit keeps the least recent key first.
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError('LruCache capacity must be a positive integer');
    }
  }

  getOrCreate(key: string, create: () => V): V {
    if (this.entries.has(key)) {
      const hit = this.entries.get(key) as V;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = create();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) {
        this.entries.delete(oldest.value);
      }
    }
    return value;
  }

  /** Forgets a key (e.g. a value that turned out to be a failure). */
  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
