import { boundedCache, getOrCreate } from './lru';

describe('boundedCache / getOrCreate', () => {
  it('creates a value once per key and keeps it', () => {
    const cache = boundedCache<{ n: number }>(4);
    let created = 0;
    const make = () => ({ n: ++created });
    const first = getOrCreate(cache, 'a', make);
    expect(getOrCreate(cache, 'a', make)).toBe(first);
    expect(created).toBe(1);
  });

  it('forgets the least recently used key beyond its capacity', () => {
    const cache = boundedCache<{ key: string }>(2);
    const make = (key: string) => () => ({ key });
    const a = getOrCreate(cache, 'a', make('a'));
    getOrCreate(cache, 'b', make('b'));
    expect(getOrCreate(cache, 'a', make('a'))).toBe(a); // a is now the most recent
    getOrCreate(cache, 'c', make('c')); // evicts b
    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
    expect(cache.size).toBe(2);
  });
});
