import { type Checkpoint } from './signed-note';
import { historyRecordIntact, type LogRecord, recordLeafHash } from './log-leaf';
import { TreeBuilder } from './merkle';

export type BrokenReason =
  /** A leaf whose record is gone (a deleted row, instance or table). */
  | 'missing-record'
  /** A history record whose own hash no longer covers its fields. */
  | 'record-altered'
  /** The record no longer hashes to the leaf the log stored for it. */
  | 'leaf-mismatch'
  /** Leaf positions are not 0, 1, 2… (rows removed or reordered). */
  | 'leaf-out-of-order'
  /** The tree recomputed from the records differs from a signed checkpoint's root. */
  | 'checkpoint-mismatch'
  /** The log is shorter than a signed checkpoint. */
  | 'truncated'
  /** A record exists that the log does not hold and is not about to take in. */
  | 'not-logged'
  /** An attachment's stored bytes no longer have the SHA-256 its history event recorded. */
  | 'attachment-altered'
  | 'attachment-missing';

export interface BrokenLeaf {
  reason: BrokenReason;
  leafIndex?: number;
  treeSize?: number;
  kind?: string;
  id?: string;
  instanceId?: string;
  seq?: number;
  meetingId?: string;
}

export interface LogEntry {
  leafIndex: number;
  /** Null when the leaf's record no longer exists. */
  record: LogRecord | null;
  /** The leaf hash the log stored when it took the record in, when the source keeps one. */
  storedLeafHash?: Buffer;
}

/**
 * Recomputes the tree from the records, in leaf order, in O(log n) memory, and checks it against
 * signed checkpoints as it passes their sizes. Shared by the server's verify and the offline CLI,
 * so both judge an export and the database by the same rules.
 */
export class LogAuditor {
  private readonly tree = new TreeBuilder();
  private readonly pending: Checkpoint[];
  private broken: BrokenLeaf | null = null;

  constructor(checkpoints: readonly Checkpoint[]) {
    this.pending = [...checkpoints].sort((a, b) => a.treeSize - b.treeSize);
    this.passCheckpoints();
  }

  get size(): number {
    return this.tree.size;
  }

  get firstBroken(): BrokenLeaf | null {
    return this.broken;
  }

  /** Takes the next leaf; returns false once something is broken (later leaves prove nothing). */
  add(entry: LogEntry): boolean {
    if (this.broken) return false;
    const { leafIndex, record } = entry;
    if (leafIndex !== this.tree.size) {
      return this.fail({ reason: 'leaf-out-of-order', leafIndex: this.tree.size });
    }
    if (!record) return this.fail({ reason: 'missing-record', leafIndex });
    const where = describe(leafIndex, record);
    if (record.kind === 'history' && !historyRecordIntact(record)) {
      return this.fail({ reason: 'record-altered', ...where });
    }
    const hash = recordLeafHash(record);
    if (entry.storedLeafHash && !entry.storedLeafHash.equals(hash)) {
      return this.fail({ reason: 'leaf-mismatch', ...where });
    }
    this.tree.push(hash);
    return this.passCheckpoints();
  }

  /** Reports anything outside the leaves themselves (a missing file, an unlogged record). */
  fail(broken: BrokenLeaf): false {
    this.broken ??= broken;
    return false;
  }

  /** Ends the walk: a checkpoint beyond the last leaf means the log was cut short. */
  finish(): BrokenLeaf | null {
    const beyond = this.pending[0];
    if (!this.broken && beyond) this.fail({ reason: 'truncated', treeSize: beyond.treeSize });
    return this.broken;
  }

  root(): Buffer {
    return this.tree.root();
  }

  private passCheckpoints(): boolean {
    while (this.pending.length > 0 && this.pending[0].treeSize === this.tree.size) {
      const checkpoint = this.pending.shift() as Checkpoint;
      if (this.tree.root().toString('base64') !== checkpoint.rootHash) {
        return this.fail({ reason: 'checkpoint-mismatch', treeSize: checkpoint.treeSize });
      }
    }
    return true;
  }
}

function describe(leafIndex: number, record: LogRecord): Omit<BrokenLeaf, 'reason'> {
  return {
    leafIndex,
    kind: record.kind,
    id: record.id,
    ...(record.kind === 'history' ? { instanceId: record.instanceId, seq: record.seq } : {}),
    ...(record.kind === 'comment' ? { instanceId: record.instanceId } : {}),
    ...(record.kind === 'meeting' ? { meetingId: record.meetingId } : {}),
  };
}
