import { createHash } from 'node:crypto';

/** The `prevHash` of an instance's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a history event's hash covers: everything but its own hash and storage id. */
export interface ChainedEventFields {
  instanceId: string;
  seq: number;
  type: string;
  fromState: string | null;
  toState: string;
  actorId: string;
  actorUsername: string;
  actorOrgUnitId: string;
  onBehalfOfId: string | null;
  data: unknown;
  comment: string | null;
  commandId: string | null;
  at: Date;
  prevHash: string;
}

/**
 * SHA-256 over a canonical encoding (object keys sorted at every depth, times as ISO strings),
 * so the hash survives the round trip through PostgreSQL `jsonb`, which reorders keys.
 */
export function hashEvent(fields: ChainedEventFields): string {
  // Picked one by one: rows carry more columns (id, hash) that must not enter the hash.
  const covered: Record<keyof ChainedEventFields, unknown> = {
    instanceId: fields.instanceId,
    seq: fields.seq,
    type: fields.type,
    fromState: fields.fromState,
    toState: fields.toState,
    actorId: fields.actorId,
    actorUsername: fields.actorUsername,
    actorOrgUnitId: fields.actorOrgUnitId,
    onBehalfOfId: fields.onBehalfOfId,
    data: fields.data,
    comment: fields.comment,
    commandId: fields.commandId,
    at: fields.at.toISOString(),
    prevHash: fields.prevHash,
  };
  return createHash('sha256').update(canonicalJson(covered)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  // Built by hand rather than with entries/filter/map/join: this runs on every command's request
  // and history event, and the intermediate arrays were most of its cost. The default sort orders
  // by UTF-16 code units, as the explicit comparison did.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const child = record[key];
    if (child === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(child)}`;
  }
  return `${out}}`;
}

/** SHA-256 (hex) of the value's {@link canonicalJson}. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export interface BrokenLink {
  instanceId: string;
  seq: number;
  reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'sequence-gap' | 'head-mismatch';
}

/**
 * Walks one instance's events (oldest first) and returns the first broken link, or null.
 * `head` and `version` come from the instance row: a truncated tail shows up there.
 */
export function verifyChain(
  instanceId: string,
  events: readonly (ChainedEventFields & { hash: string })[],
  head: { hash: string; version: number },
): BrokenLink | null {
  let prev = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    if (event.seq !== index + 1) return { instanceId, seq: index + 1, reason: 'sequence-gap' };
    if (event.prevHash !== prev)
      return { instanceId, seq: event.seq, reason: 'prev-hash-mismatch' };
    if (hashEvent(event) !== event.hash)
      return { instanceId, seq: event.seq, reason: 'hash-mismatch' };
    prev = event.hash;
  }
  if (prev !== head.hash || events.length !== head.version) {
    return { instanceId, seq: events.length, reason: 'head-mismatch' };
  }
  return null;
}
