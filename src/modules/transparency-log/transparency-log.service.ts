import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, NotFoundError } from '../../common/errors/domain-error';
import { RepeatingTask } from '../../common/scheduling/repeating-task';
import { AppConfigService } from '../../config/app-config.service';
import { AttachmentStorages } from '../attachments/storage/attachment-storages';
import { type StorageKind } from '../attachments/storage/attachment-storage';
import { type BrokenLeaf, LogAuditor } from './log-auditor';
import { DigestsService } from '../heavy-work/digests.service';
import { attachmentClaim, type LogRecord } from './log-leaf';
import { LOG_SIGNER } from './log-signer.provider';
import {
  consistencyProof,
  inclusionProof,
  type NodeReader,
  perfectSubtrees,
  rootFromNodes,
  TreeBuilder,
} from './merkle';
import {
  type Checkpoint,
  checkpointText,
  type NoteSigner,
  type NoteVerifier,
  openNote,
  parseCheckpointText,
  parseVerifierKey,
  signNote,
  verifierKey,
} from './signed-note';
import { type LogSources, TransparencyLogRepository } from './transparency-log.repository';

/** Records taken into the log per transaction, and leaves read per query while verifying. */
const BATCH = 2000;
/** Attachments whose bytes are re-hashed together while verifying. */
const ATTACHMENT_BATCH = 50;

export interface SignedCheckpoint extends Checkpoint {
  note: string;
}

export interface LogVerifyReport {
  ok: boolean;
  /** Leaves in the log now. */
  treeSize: number;
  /** Leaves (records) checked, and the attachments re-hashed on the way. */
  checked: number;
  attachments: number;
  firstBroken?: BrokenLeaf;
}

export interface ExportedLeaf {
  leafIndex: number;
  leafHash: string;
  record: LogRecord | null;
}

/**
 * The transparency log over all history. A sequencer takes committed records into the log in
 * order under a database lock (so the API and any number of workers can all run it), keeps the
 * tree's perfect subtrees for proofs, and signs a checkpoint whenever the tree grew: into the
 * database and, outside it, into the checkpoint directory.
 */
@Injectable()
export class TransparencyLogService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TransparencyLogService.name);
  private readonly sequencer: RepeatingTask;
  private readonly verifier: NoteVerifier;
  private readonly checkpointDir: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: TransparencyLogRepository,
    private readonly storages: AttachmentStorages,
    private readonly config: AppConfigService,
    @Inject(LOG_SIGNER) private readonly signer: NoteSigner,
    private readonly digests: DigestsService,
  ) {
    this.verifier = parseVerifierKey(verifierKey(signer));
    this.checkpointDir = resolve(
      config.get('TLOG_CHECKPOINT_DIR') ?? join(config.get('DATA_DIR'), 'checkpoints'),
    );
    this.sequencer = new RepeatingTask(
      'Transparency log sequencer',
      config.get('TLOG_INTERVAL_MS'),
      () => this.integrateAll(),
      this.logger,
    );
  }

  onApplicationBootstrap(): void {
    this.sequencer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sequencer.stop();
  }

  get origin(): string {
    return this.config.get('TLOG_ORIGIN');
  }

  publicKey(): string {
    return verifierKey(this.signer);
  }

  /** Takes every committed record into the log now (also what the periodic run does). */
  async integrate(): Promise<void> {
    await this.integrateAll();
  }

  /** The latest signed checkpoint, after taking in everything committed so far. */
  async checkpoint(): Promise<SignedCheckpoint> {
    await this.integrateAll();
    const stored = await this.repository.latestCheckpoint(this.dataSource.manager);
    if (!stored) throw new Error('The log has no checkpoint after integration');
    return this.describe(stored.note);
  }

  async inclusion(query: {
    leafIndex?: number;
    eventId?: string;
    treeSize?: number;
  }): Promise<{ leafIndex: number; treeSize: number; leafHash: string; proof: string[] }> {
    await this.integrateAll();
    const manager = this.dataSource.manager;
    const size = await this.proofSize(manager, query.treeSize);
    let leafIndex = query.leafIndex;
    if (query.eventId !== undefined) {
      const found = await this.repository.leafIndexOfHistoryEvent(manager, query.eventId);
      if (found === null) throw new NotFoundError('Logged history event', query.eventId);
      leafIndex = found;
    }
    if (leafIndex === undefined) {
      throw new DomainError('validation-failed', 'Give leafIndex or eventId', [
        { path: '/leafIndex', message: 'Give leafIndex or eventId' },
      ]);
    }
    if (leafIndex >= size) {
      throw new DomainError('validation-failed', `Leaf ${leafIndex} is not in a tree of ${size}`, [
        { path: '/leafIndex', message: `Must be below the tree size ${size}` },
      ]);
    }
    const read = this.reader(manager);
    return {
      leafIndex,
      treeSize: size,
      leafHash: (await read(0, leafIndex)).toString('base64'),
      proof: (await inclusionProof(read, leafIndex, size)).map((h) => h.toString('base64')),
    };
  }

  async consistency(
    first: number,
    second?: number,
  ): Promise<{ first: number; second: number; proof: string[] }> {
    await this.integrateAll();
    const manager = this.dataSource.manager;
    const size = await this.proofSize(manager, second);
    if (first > size) {
      throw new DomainError('validation-failed', `The first size exceeds ${size}`, [
        { path: '/first', message: `Must be at most ${size}` },
      ]);
    }
    const proof = await consistencyProof(this.reader(manager), first, size);
    return { first, second: size, proof: proof.map((h) => h.toString('base64')) };
  }

  /**
   * Reads a checkpoint an auditor kept: a signed note by this log's key, or the object
   * `checkpoint()` returned (whose fields must agree with its note).
   */
  openCheckpoint(input: string | Partial<SignedCheckpoint>): Checkpoint {
    const note = typeof input === 'string' ? input : input.note;
    const text = typeof note === 'string' ? openNote(note, this.verifier) : null;
    const checkpoint = text === null ? null : parseCheckpointText(text);
    if (!checkpoint) {
      throw new DomainError('validation-failed', 'Not a checkpoint signed by this log’s key', [
        {
          path: '/checkpoint',
          message: 'The note does not verify under GET /api/audit/public-key',
        },
      ]);
    }
    if (checkpoint.origin !== this.origin) {
      throw new DomainError('validation-failed', 'The checkpoint is of another log', [
        { path: '/checkpoint', message: `Origin must be ${this.origin}` },
      ]);
    }
    if (typeof input !== 'string') {
      for (const field of ['origin', 'treeSize', 'rootHash'] as const) {
        if (input[field] !== undefined && input[field] !== checkpoint[field]) {
          throw new DomainError(
            'validation-failed',
            `The checkpoint's ${field} is not its note's`,
            [{ path: `/checkpoint/${field}`, message: 'Differs from the signed note' }],
          );
        }
      }
    }
    return checkpoint;
  }

  /**
   * Recomputes the whole tree from the records (and re-hashes every attachment), checking it
   * against `checkpoints`, the latest checkpoint in the database and the latest in the
   * checkpoint directory. Reads in batches: memory stays bounded however long the log.
   */
  async verify(checkpoints: readonly Checkpoint[] = []): Promise<LogVerifyReport> {
    await this.integrateAll();
    const manager = this.dataSource.manager;
    const auditor = new LogAuditor([...checkpoints, ...(await this.kept(manager))]);
    const claims: Array<{ attachmentId: string; sha256: string; leafIndex: number }> = [];
    let attachments = 0;
    const checkClaims = async (): Promise<boolean> => {
      attachments += claims.length;
      const broken = await this.checkAttachments(manager, claims.splice(0));
      return broken ? auditor.fail(broken) : true;
    };
    let next = 0;
    for (;;) {
      const rows = await this.repository.leaves(manager, next, BATCH);
      for (const row of rows) {
        const { leafIndex } = row;
        if (!auditor.add({ leafIndex, record: row.record, storedLeafHash: row.leafHash })) break;
        const claim = row.record ? attachmentClaim(row.record) : null;
        if (claim) claims.push({ ...claim, leafIndex });
        if (claims.length >= ATTACHMENT_BATCH && !(await checkClaims())) break;
      }
      if (auditor.firstBroken || rows.length < BATCH) break;
      next = rows[rows.length - 1].leafIndex + 1;
    }
    if (!auditor.firstBroken) await checkClaims();
    // A log cut short says more than the records it left behind.
    if (!auditor.finish()) {
      const unlogged = await this.repository.unlogged(manager);
      if (unlogged) auditor.fail({ reason: 'not-logged', ...unlogged });
    }
    const firstBroken = auditor.firstBroken;
    return {
      ok: firstBroken === null,
      treeSize: await this.repository.treeSize(manager),
      checked: auditor.size,
      attachments,
      ...(firstBroken ? { firstBroken } : {}),
    };
  }

  /** Every leaf in order with its record, for the export the offline verifier reads. */
  async *exportLeaves(): AsyncGenerator<ExportedLeaf[]> {
    await this.integrateAll();
    let next = 0;
    for (;;) {
      const rows = await this.repository.leaves(this.dataSource.manager, next, BATCH);
      if (rows.length === 0) return;
      yield rows.map((row) => ({
        leafIndex: row.leafIndex,
        leafHash: row.leafHash.toString('base64'),
        record: row.record,
      }));
      if (rows.length < BATCH) return;
      next = rows[rows.length - 1].leafIndex + 1;
    }
  }

  private async integrateAll(): Promise<void> {
    for (;;) {
      const { taken, signed } = await this.dataSource.transaction(async (manager) => {
        await this.repository.lockSequencer(manager);
        const taken = await this.integrateBatch(manager);
        // A backlog is signed once, when it is all in.
        return { taken, signed: taken < BATCH ? await this.signIfGrown(manager) : null };
      });
      if (signed) await this.writeCheckpointFile(signed);
      if (taken < BATCH) return;
    }
  }

  private async integrateBatch(manager: EntityManager): Promise<number> {
    const pending = await this.repository.pending(manager, BATCH);
    if (pending.length === 0) return 0;
    const size = await this.repository.treeSize(manager);
    // One after another: the queries share the transaction's connection.
    const frontier: Buffer[] = [];
    for (const { level, index } of perfectSubtrees(size)) {
      frontier.push(await this.repository.node(manager, level, index));
    }
    const tree = TreeBuilder.resume(size, frontier);
    const leaves: Array<{ index: number; hash: Buffer; sources: LogSources }> = [];
    const nodes: Array<{ level: number; index: number; hash: Buffer }> = [];
    for (const row of pending) {
      // The trigger queues a row in the transaction that writes it: a missing record was
      // deleted since, which verification reports; there is nothing to log for it.
      if (!row.record) {
        this.logger.error(
          `A queued record is gone before entering the log: ${JSON.stringify(row.sources)}`,
        );
        continue;
      }
      // A big record (a large form document) is hashed off the event loop.
      const hash = await this.digests.leafHash(row.record);
      leaves.push({ index: tree.size, hash, sources: row.sources });
      tree.push(hash, (level, index, node) => {
        if (level > 0) nodes.push({ level, index, hash: node });
      });
    }
    await this.repository.appendLeaves(
      manager,
      leaves,
      nodes,
      pending.map((row) => row.pendingId),
    );
    return pending.length;
  }

  private async signIfGrown(manager: EntityManager): Promise<SignedCheckpoint | null> {
    const size = await this.repository.treeSize(manager);
    const latest = await this.repository.latestCheckpoint(manager);
    if (latest && latest.treeSize >= size) return null;
    const root = await rootFromNodes(this.reader(manager), size);
    const note = signNote(
      checkpointText({ origin: this.origin, treeSize: size, rootHash: root.toString('base64') }),
      this.signer,
    );
    await this.repository.addCheckpoint(manager, { treeSize: size, rootHash: root, note });
    return this.describe(note);
  }

  /**
   * Outside the database, so whoever rewrites the database cannot take back what was signed. A
   * file is never replaced: a second, different checkpoint of the same size means the log was
   * rebuilt from altered records, and the first one stays to prove it.
   */
  private async writeCheckpointFile(checkpoint: SignedCheckpoint): Promise<void> {
    const path = join(this.checkpointDir, `${String(checkpoint.treeSize).padStart(12, '0')}.note`);
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      await mkdir(this.checkpointDir, { recursive: true });
      await writeFile(temporary, checkpoint.note);
      // A hard link appears whole or not at all, and fails rather than replace an existing file.
      await link(temporary, path).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
        if ((await readFile(path, 'utf8')) !== checkpoint.note) {
          this.logger.error(
            `A different checkpoint of size ${checkpoint.treeSize} is already in ${path}: the log was rebuilt`,
          );
        }
      });
    } catch (error) {
      this.logger.error(
        `Could not write checkpoint ${checkpoint.treeSize} to ${this.checkpointDir}: ${(error as Error).message}`,
      );
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }

  /**
   * The latest checkpoint in the database and every one in the checkpoint directory (a few
   * hundred bytes each), when signed by this log's key.
   */
  private async kept(manager: EntityManager): Promise<Checkpoint[]> {
    const notes: string[] = [];
    const stored = await this.repository.latestCheckpoint(manager);
    if (stored) notes.push(stored.note);
    const names = await readdir(this.checkpointDir).catch(() => [] as string[]);
    for (const name of names.filter((n) => /^\d{12}\.note$/.test(n))) {
      notes.push(await readFile(join(this.checkpointDir, name), 'utf8'));
    }
    return notes.map((note) => this.tryOpen(note)).filter((c): c is Checkpoint => c !== null);
  }

  private tryOpen(note: string): Checkpoint | null {
    const text = openNote(note, this.verifier);
    const checkpoint = text === null ? null : parseCheckpointText(text);
    if (!checkpoint) this.logger.error('A stored checkpoint does not verify under the log key');
    return checkpoint;
  }

  private describe(note: string): SignedCheckpoint {
    const checkpoint = this.tryOpen(note);
    if (!checkpoint) throw new Error('A checkpoint signed here does not verify');
    return { ...checkpoint, note };
  }

  private async proofSize(manager: EntityManager, requested?: number): Promise<number> {
    const size = await this.repository.treeSize(manager);
    if (requested === undefined) return size;
    if (requested > size) {
      throw new DomainError('validation-failed', `The log has ${size} leaves`, [
        { path: '/treeSize', message: `Must be at most ${size}` },
      ]);
    }
    return requested;
  }

  private reader(manager: EntityManager): NodeReader {
    const cache = new Map<string, Promise<Buffer>>();
    return (level, index) => {
      const key = `${level}/${index}`;
      let hash = cache.get(key);
      if (!hash) {
        hash = this.repository.node(manager, level, index);
        cache.set(key, hash);
      }
      return hash;
    };
  }

  private async checkAttachments(
    manager: EntityManager,
    claims: ReadonlyArray<{ attachmentId: string; sha256: string; leafIndex: number }>,
  ): Promise<BrokenLeaf | null> {
    if (claims.length === 0) return null;
    const locations = await this.repository.attachmentLocations(
      manager,
      claims.map((c) => c.attachmentId),
    );
    for (const claim of claims) {
      const location = locations.get(claim.attachmentId);
      const actual = location
        ? await this.storages.sha256(location.storage as StorageKind, manager, location.storageKey)
        : null;
      if (actual !== claim.sha256) {
        return {
          reason: actual === null ? 'attachment-missing' : 'attachment-altered',
          leafIndex: claim.leafIndex,
          kind: 'attachment',
          id: claim.attachmentId,
        };
      }
    }
    return null;
  }
}
