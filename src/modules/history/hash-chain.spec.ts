import fc from 'fast-check';
import {
  GENESIS_HASH,
  canonicalJson,
  hashEvent,
  verifyChain,
  type ChainedEventFields,
} from './hash-chain';

function chain(n: number): Array<ChainedEventFields & { hash: string }> {
  const events: Array<ChainedEventFields & { hash: string }> = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields: ChainedEventFields = {
      instanceId: 'i-1',
      seq,
      type: seq === 1 ? 'CREATED' : 'APPROVE',
      fromState: seq === 1 ? null : 'a',
      toState: 'b',
      actorId: 'u-1',
      actorUsername: 'danvan',
      actorOrgUnitId: 'o-1',
      onBehalfOfId: null,
      data: { ý_kiến: 'Đồng ý', nested: { z: 1, a: [2, { y: 1, b: 2 }] } },
      comment: null,
      commandId: null,
      at: new Date(Date.UTC(2026, 10, 27, 8, seq)),
      prevHash: prev,
    };
    const hash = hashEvent(fields);
    events.push({ ...fields, hash });
    prev = hash;
  }
  return events;
}

/** The encoding as first written (entries, filter, sort, join): stored hashes were made with it. */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
}

const SEED = 20261201;

describe('hash chain', () => {
  it(`encodes every JSON value as the first encoding did (fast-check seed ${SEED})`, () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.string({ unit: 'binary' }), fc.option(fc.jsonValue(), { nil: undefined })),
    );
    fc.assert(
      fc.property(value, (v) => canonicalJson(v) === referenceCanonicalJson(v)),
      { numRuns: 2000, seed: SEED },
    );
    expect(canonicalJson([undefined, { a: undefined, b: 1 }])).toBe('[null,{"b":1}]');
  });

  it('encodes objects canonically whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(
      canonicalJson({ a: { c: 3, d: 2 }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('verifies an intact chain', () => {
    const events = chain(5);
    expect(verifyChain('i-1', events, { hash: events[4].hash, version: 5 })).toBeNull();
  });

  it('reports the first altered event', () => {
    const events = chain(5);
    events[2] = { ...events[2], comment: 'sửa trái phép' };
    expect(verifyChain('i-1', events, { hash: events[4].hash, version: 5 })).toEqual({
      instanceId: 'i-1',
      seq: 3,
      reason: 'hash-mismatch',
    });
  });

  it('reports a removed middle event and a truncated tail', () => {
    const events = chain(5);
    const head = { hash: events[4].hash, version: 5 };
    expect(verifyChain('i-1', [...events.slice(0, 2), ...events.slice(3)], head)?.reason).toBe(
      'sequence-gap',
    );
    expect(verifyChain('i-1', events.slice(0, 4), head)).toEqual({
      instanceId: 'i-1',
      seq: 4,
      reason: 'head-mismatch',
    });
  });
});
