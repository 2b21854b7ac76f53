import { createHash } from 'node:crypto';

/**
 * Merkle tree hashing of RFC 6962 §2.1 (RFC 9162 §2.1): SHA-256, leaves prefixed 0x00, interior
 * nodes 0x01. Pure: no I/O beyond the node reader a caller hands in.
 */

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function leafHash(data: Buffer): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH({}) — the hash of an empty string. */
export const EMPTY_ROOT = createHash('sha256').digest();

/** The largest power of two strictly smaller than `n` (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * A tree being grown leaf by leaf in O(log n) memory: it keeps only the roots of the perfect
 * subtrees the size decomposes into (its "frontier"). Verifying a million events therefore holds
 * about twenty hashes, whatever the log's length.
 */
export class TreeBuilder {
  /** frontier[i] is the root of a perfect subtree; sizes strictly decrease left to right. */
  private readonly frontier: Array<{ level: number; hash: Buffer }> = [];
  private count = 0;

  /** Resumes from the perfect-subtree roots of an existing tree of `size` leaves (left first). */
  static resume(size: number, roots: readonly Buffer[]): TreeBuilder {
    const levels = perfectSubtreeLevels(size);
    if (levels.length !== roots.length) throw new Error('Frontier does not match the tree size');
    const builder = new TreeBuilder();
    levels.forEach((level, i) => builder.frontier.push({ level, hash: roots[i] }));
    builder.count = size;
    return builder;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds a leaf hash; calls `onNode` for every perfect subtree root this completes (the leaf
   * itself at level 0 included), so a store can keep them for proofs.
   */
  push(hash: Buffer, onNode?: (level: number, index: number, hash: Buffer) => void): void {
    let node = { level: 0, hash };
    let index = this.count;
    onNode?.(0, index, hash);
    for (;;) {
      const last = this.frontier[this.frontier.length - 1];
      if (!last || last.level !== node.level) break;
      this.frontier.pop();
      node = { level: node.level + 1, hash: nodeHash(last.hash, node.hash) };
      index = Math.floor(index / 2);
      onNode?.(node.level, index, node.hash);
    }
    this.frontier.push(node);
    this.count += 1;
  }

  root(): Buffer {
    if (this.frontier.length === 0) return EMPTY_ROOT;
    let hash = this.frontier[this.frontier.length - 1].hash;
    for (let i = this.frontier.length - 2; i >= 0; i--)
      hash = nodeHash(this.frontier[i].hash, hash);
    return hash;
  }
}

/** Levels of the perfect subtrees a tree of `size` leaves splits into, largest (leftmost) first. */
export function perfectSubtreeLevels(size: number): number[] {
  const levels: number[] = [];
  for (let level = 52; level >= 0; level--) {
    if (Math.floor(size / 2 ** level) % 2 === 1) levels.push(level);
  }
  return levels;
}

/** Position (level, index) of the perfect subtrees of a tree of `size` leaves, left first. */
export function perfectSubtrees(size: number): Array<{ level: number; index: number }> {
  let start = 0;
  return perfectSubtreeLevels(size).map((level) => {
    const node = { level, index: start / 2 ** level };
    start += 2 ** level;
    return node;
  });
}

/** Reads the root of the perfect subtree at (level, index): leaves are level 0. */
export type NodeReader = (level: number, index: number) => Promise<Buffer>;

/** MTH(D[start:end]) for a range that is a subtree of the RFC 6962 tree shape. */
async function subtreeHash(read: NodeReader, start: number, end: number): Promise<Buffer> {
  const size = end - start;
  if ((size & (size - 1)) === 0 && start % size === 0) {
    return read(Math.log2(size), start / size);
  }
  const k = splitPoint(size);
  return nodeHash(
    await subtreeHash(read, start, start + k),
    await subtreeHash(read, start + k, end),
  );
}

/** PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of leaf `index` in a tree of `size` leaves. */
export async function inclusionProof(
  read: NodeReader,
  index: number,
  size: number,
): Promise<Buffer[]> {
  if (index < 0 || index >= size) throw new RangeError('Leaf index outside the tree');
  const path = async (m: number, start: number, end: number): Promise<Buffer[]> => {
    if (end - start === 1) return [];
    const k = splitPoint(end - start);
    return m < k
      ? [...(await path(m, start, start + k)), await subtreeHash(read, start + k, end)]
      : [...(await path(m - k, start + k, end)), await subtreeHash(read, start, start + k)];
  };
  return path(index, 0, size);
}

/** PROOF(m, D[n]) of RFC 6962 §2.1.2: that the tree of `first` leaves is a prefix of `second`. */
export async function consistencyProof(
  read: NodeReader,
  first: number,
  second: number,
): Promise<Buffer[]> {
  if (first < 0 || first > second) throw new RangeError('Tree sizes out of order');
  if (first === 0 || first === second) return [];
  const subproof = async (
    m: number,
    start: number,
    end: number,
    whole: boolean,
  ): Promise<Buffer[]> => {
    const n = end - start;
    if (m === n) return whole ? [] : [await subtreeHash(read, start, end)];
    const k = splitPoint(n);
    return m <= k
      ? [...(await subproof(m, start, start + k, whole)), await subtreeHash(read, start + k, end)]
      : [
          ...(await subproof(m - k, start + k, end, false)),
          await subtreeHash(read, start, start + k),
        ];
  };
  return subproof(first, 0, second, true);
}

/** MTH(D[size]) from stored perfect subtrees. */
export async function rootFromNodes(read: NodeReader, size: number): Promise<Buffer> {
  return size === 0 ? EMPTY_ROOT : subtreeHash(read, 0, size);
}
