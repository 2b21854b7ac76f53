import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';

/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, and the C2SP tlog-checkpoint
 * body they carry (https://c2sp.org/tlog-checkpoint). Pure: keys come in as bytes or text.
 */

const ED25519 = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';
// DER prefixes of Ed25519 PKCS#8 private and SPKI public keys: the 32 raw bytes follow.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface NoteSigner {
  name: string;
  /** The raw 32-byte Ed25519 public key. */
  publicKey: Buffer;
  privateKey: KeyObject;
}

export interface NoteVerifier {
  name: string;
  keyHash: number;
  publicKey: KeyObject;
}

/** First four bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key). */
export function keyHash(name: string, publicKey: Buffer): number {
  return createHash('sha256')
    .update(name)
    .update(Buffer.from([0x0a, ED25519]))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);
}

function validName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** A signer from the 32-byte Ed25519 seed. */
export function signerFromSeed(name: string, seed: Buffer): NoteSigner {
  if (!validName(name)) throw new Error(`Invalid key name "${name}"`);
  if (seed.length !== 32) throw new Error('An Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { name, publicKey: spki.subarray(SPKI_PREFIX.length), privateKey };
}

/** `PRIVATE+KEY+<name>+<hash>+<base64(0x01 ‖ seed)>`, the form Go's sumdb/note writes. */
export function encodeSignerKey(name: string, seed: Buffer): string {
  const { publicKey } = signerFromSeed(name, seed);
  return `PRIVATE+KEY+${name}+${hex8(keyHash(name, publicKey))}+${Buffer.concat([
    Buffer.from([ED25519]),
    seed,
  ]).toString('base64')}`;
}

export function parseSignerKey(text: string): NoteSigner {
  const parts = splitKey(text, 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw new Error('Not a signed-note private key (PRIVATE+KEY+name+hash+key)');
  }
  const [, , name, hash, encoded] = parts;
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== 33 || bytes[0] !== ED25519) throw new Error('Not an Ed25519 private key');
  const signer = signerFromSeed(name, bytes.subarray(1));
  if (hash !== hex8(keyHash(name, signer.publicKey))) throw new Error('Private key hash mismatch');
  return signer;
}

/** `<name>+<8 hex key hash>+<base64(0x01 ‖ key)>`. */
export function verifierKey(signer: Pick<NoteSigner, 'name' | 'publicKey'>): string {
  return `${signer.name}+${hex8(keyHash(signer.name, signer.publicKey))}+${Buffer.concat([
    Buffer.from([ED25519]),
    signer.publicKey,
  ]).toString('base64')}`;
}

export function parseVerifierKey(text: string): NoteVerifier {
  const parts = splitKey(text, 3);
  if (!parts) throw new Error('Not a signed-note verifier key (name+hash+key)');
  const [name, hash, encoded] = parts;
  const bytes = Buffer.from(encoded, 'base64');
  if (!validName(name) || !/^[0-9a-f]{8}$/.test(hash)) throw new Error('Malformed verifier key');
  if (bytes.length !== 33 || bytes[0] !== ED25519) throw new Error('Not an Ed25519 verifier key');
  const raw = bytes.subarray(1);
  if (hex8(keyHash(name, raw)) !== hash) throw new Error('Verifier key hash mismatch');
  return {
    name,
    keyHash: keyHash(name, raw),
    publicKey: createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, raw]),
      format: 'der',
      type: 'spki',
    }),
  };
}

/** Signs `text` (which must end in a newline) and returns the note. */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n') || text.includes('\n\n')) throw new Error('Malformed note text');
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  const hash = Buffer.alloc(4);
  hash.writeUInt32BE(keyHash(signer.name, signer.publicKey));
  return `${text}\n${SIGNATURE_PREFIX}${signer.name} ${Buffer.concat([hash, signature]).toString('base64')}\n`;
}

/**
 * Returns the note's text when a signature by `verifier` is on it and verifies; null otherwise.
 * Signatures by other keys are ignored, as the spec asks.
 */
export function openNote(note: string, verifier: NoteVerifier): string | null {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return null;
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return null;
    const [name, encoded, extra] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    if (extra !== undefined || !name || !encoded) return null;
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.length < 5 || name !== verifier.name) continue;
    if (bytes.readUInt32BE(0) !== verifier.keyHash) continue;
    return verify(null, Buffer.from(text, 'utf8'), verifier.publicKey, bytes.subarray(4))
      ? text
      : null;
  }
  return null;
}

export interface Checkpoint {
  origin: string;
  treeSize: number;
  /** Base64, as in the checkpoint body. */
  rootHash: string;
}

export function checkpointText(checkpoint: Checkpoint): string {
  return `${checkpoint.origin}\n${checkpoint.treeSize}\n${checkpoint.rootHash}\n`;
}

/** Reads a checkpoint body (extension lines allowed and ignored); null when malformed. */
export function parseCheckpointText(text: string): Checkpoint | null {
  const [origin, size, root] = text.split('\n');
  if (!origin || !/^(0|[1-9][0-9]{0,15})$/.test(size ?? '')) return null;
  const hash = Buffer.from(root ?? '', 'base64');
  if (hash.length !== 32 || hash.toString('base64') !== root) return null;
  const treeSize = Number(size);
  if (!Number.isSafeInteger(treeSize)) return null;
  return { origin, treeSize, rootHash: root };
}

/** Splits on the first `count - 1` plus signs: the base64 key at the end may contain more. */
function splitKey(text: string, count: number): string[] | null {
  const parts = text.trim().split('+');
  if (parts.length < count) return null;
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join('+')];
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}
