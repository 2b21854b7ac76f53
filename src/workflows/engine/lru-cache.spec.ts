import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('creates a value once per key', () => {
    const cache = new LruCache<number>(5);
    const create = jest.fn(() => 1);
    cache.getOrCreate('a', create);
    cache.getOrCreate('a', create);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('evicts the least recently used key, counting hits as use', () => {
    const cache = new LruCache<string>(2);
    cache.getOrCreate('a', () => 'a1');
    cache.getOrCreate('b', () => 'b1');
    cache.getOrCreate('a', () => 'a2');
    cache.getOrCreate('c', () => 'c1');
    expect(cache.getOrCreate('a', () => 'a3')).toBe('a1');
    expect(cache.getOrCreate('b', () => 'b2')).toBe('b2');
  });

  it('caches falsy values too', () => {
    const cache = new LruCache<number>(2);
    cache.getOrCreate('zero', () => 0);
    expect(cache.getOrCreate('zero', () => 1)).toBe(0);
  });
});
