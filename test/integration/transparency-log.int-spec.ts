import { execFile } from 'node:child_process';
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { minimalPdf } from '../../src/modules/attachments/testing/sample-files';
import { canonicalJson, hashEvent } from '../../src/modules/history/hash-chain';
import { WorkflowFactory, ok } from '../factories/workflow-factory';
import { type InstanceBody } from '../utils/api-types';
import { rfcLeafHash, verifyConsistency, verifyInclusion } from '../utils/rfc9162-verifier';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';

const run = promisify(execFile);

interface CheckpointBody {
  origin: string;
  treeSize: number;
  rootHash: string;
  note: string;
}

interface LogReport {
  ok: boolean;
  treeSize: number;
  checked: number;
  attachments: number;
  firstBroken?: { reason: string; leafIndex?: number; treeSize?: number; id?: string };
}

interface VerifyAllBody {
  ok: boolean;
  checked: number;
  instances: number;
  firstBroken?: { reason: string };
  log: LogReport;
}

interface HistoryRow {
  id: string;
  instance_id: string;
  seq: number;
  type: string;
  from_state: string | null;
  to_state: string;
  actor_id: string;
  actor_username: string;
  actor_org_unit_id: string;
  on_behalf_of_id: string | null;
  data: Record<string, unknown> | null;
  comment: string | null;
  command_id: string | null;
  at: Date;
  prev_hash: string;
  hash: string;
}

/** The tables an attack may touch, copied before and put back after each attack. */
const RESTORED_TABLES = [
  'workflow_instances',
  'workflow_tasks',
  'workflow_commands',
  'history_events',
  'instance_comments',
  'attachments',
  'attachment_contents',
  'tlog_pending',
  'tlog_leaves',
  'tlog_nodes',
  'tlog_checkpoints',
];

/** Ed25519 check of a signed note written from the C2SP text, independent of the server. */
function noteVerifies(note: string, vkey: string): boolean {
  const [name, , key] = [
    vkey.split('+')[0],
    vkey.split('+')[1],
    vkey.split('+').slice(2).join('+'),
  ];
  const raw = Buffer.from(key, 'base64').subarray(1);
  const publicKey = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]),
    format: 'der',
    type: 'spki',
  });
  const [text, signatures] = [
    note.slice(0, note.lastIndexOf('\n\n') + 1),
    note.slice(note.lastIndexOf('\n\n') + 2),
  ];
  const line = signatures.split('\n').find((l) => l.startsWith(`\u2014 ${name} `));
  if (!line) return false;
  const signature = Buffer.from(line.split(' ')[2], 'base64').subarray(4);
  return verifySignature(null, Buffer.from(text), publicKey, signature);
}

describe('transparency log over all history (real PostgreSQL, serving role)', () => {
  let t: TestApp;
  let api: WorkflowFactory;
  let owner: TestSql;
  let serving: TestSql;
  let approved: InstanceBody;
  let submitted: InstanceBody;
  let attachmentId: string;
  let kept: CheckpointBody;
  let checkpointFiles: string[];
  const checkpointDir = (): string => join(t.dataDir, 'checkpoints');

  const get = async <T>(path: string, query: Record<string, unknown> = {}): Promise<T> =>
    ok<T>(await api.get('auditor', path, query), 200, `GET ${path}`);
  const verifyAgainst = async (checkpoint: unknown): Promise<LogReport> =>
    ok<LogReport>(
      await api.post('auditor', '/api/audit/verify', { checkpoint }),
      200,
      'POST verify',
    );

  /** Every table an attack touches, and the checkpoint files, as they are now. */
  async function snapshot(): Promise<void> {
    for (const table of RESTORED_TABLES) {
      await owner.rows(`DROP TABLE IF EXISTS kept_${table}`);
      await owner.rows(`CREATE TABLE kept_${table} AS SELECT * FROM ${table}`);
    }
    checkpointFiles = readdirSync(checkpointDir());
  }

  /** Undoes an attack, so each is judged on its own, and proves the restored record verifies. */
  async function restore(): Promise<void> {
    await owner.rows(`SET session_replication_role = replica`);
    for (const table of [...RESTORED_TABLES].reverse()) await owner.rows(`DELETE FROM ${table}`);
    for (const table of RESTORED_TABLES) {
      await owner.rows(`INSERT INTO ${table} SELECT * FROM kept_${table}`);
    }
    await owner.rows(`SET session_replication_role = DEFAULT`);
    for (const name of readdirSync(checkpointDir())) {
      if (!checkpointFiles.includes(name)) unlinkSync(join(checkpointDir(), name));
    }
    expect((await get<VerifyAllBody>('/api/audit/verify')).ok).toBe(true);
    expect((await verifyAgainst(kept)).ok).toBe(true);
  }

  /** As a database superuser would: triggers off for the statements in `attack`. */
  async function asSuperuser(attack: () => Promise<void>): Promise<void> {
    await owner.rows(`SET session_replication_role = replica`);
    try {
      await attack();
    } finally {
      await owner.rows(`SET session_replication_role = DEFAULT`);
    }
  }

  async function expectCaught(reasons: string[]): Promise<void> {
    const againstKept = await verifyAgainst(kept);
    expect(againstKept.ok).toBe(false);
    expect(reasons).toContain(againstKept.firstBroken?.reason);
    const whole = await get<VerifyAllBody>('/api/audit/verify');
    expect(whole.ok).toBe(false);
    expect(whole.log.ok).toBe(false);
  }

  async function historyOf(instanceId: string): Promise<HistoryRow[]> {
    return owner.rows<HistoryRow>(
      `SELECT * FROM history_events WHERE instance_id = $1 ORDER BY seq`,
      [instanceId],
    );
  }

  /** Rewrites an instance's events from `seq` on with fresh hashes, and its head: a re-chain. */
  async function rechain(instanceId: string, events: HistoryRow[]): Promise<void> {
    let prev = events[0].prev_hash;
    for (const event of events) {
      const hash = hashEvent({
        instanceId,
        seq: event.seq,
        type: event.type,
        fromState: event.from_state,
        toState: event.to_state,
        actorId: event.actor_id,
        actorUsername: event.actor_username,
        actorOrgUnitId: event.actor_org_unit_id,
        onBehalfOfId: event.on_behalf_of_id,
        data: event.data,
        comment: event.comment,
        commandId: event.command_id,
        at: event.at,
        prevHash: prev,
      });
      await owner.rows(
        `UPDATE history_events SET data = $2, comment = $3, prev_hash = $4, hash = $5 WHERE id = $1`,
        [event.id, event.data, event.comment, prev, hash],
      );
      prev = hash;
    }
    await owner.rows(`UPDATE workflow_instances SET history_head = $2 WHERE id = $1`, [
      instanceId,
      prev,
    ]);
  }

  beforeAll(async () => {
    // The sequencer runs on demand only, so no checkpoint is signed in the middle of an attack.
    t = await createTestApp({ TLOG_INTERVAL_MS: '3600000', ATTACHMENT_STORAGE: 'postgres' });
    api = new WorkflowFactory(t);
    owner = await TestSql.connect(t.ownerDatabaseUrl);
    serving = await TestSql.connect(t.databaseUrl);

    approved = await api.startRegulation('an-binh', 'Quy chế phối hợp giữa MTTQ và chính quyền xã');
    approved = await api.submit('mttq.an-binh', approved);
    approved = await api.act('dangu.an-binh', approved.id, 'APPROVE', {
      opinion: 'Đồng ý, trình Ban Dân vận',
    });
    ok(
      await api.post('mttq.an-binh', `/api/instances/${approved.id}/comments`, {
        body: 'Đề nghị bổ sung điều khoản thi hành',
      }),
      201,
      'comment',
    );
    const uploaded = await request(t.http)
      .post(`/api/instances/${approved.id}/attachments`)
      .set(await api.auth('mttq.an-binh'))
      .attach('file', minimalPdf(), { filename: 'Biên bản.pdf', contentType: 'application/pdf' });
    attachmentId = ok<{ id: string }>(uploaded, 201, 'upload').id;
    submitted = await api.startRegulation('phu-hoa', 'Quy chế giám sát đầu tư cộng đồng');
    submitted = await api.submit('mttq.phu-hoa', submitted);
    // An admin change enters the log too.
    const [drafter] = await owner.rows<{ id: string }>(
      `SELECT id FROM users WHERE username = 'mttq.phu-hoa'`,
    );
    ok(
      await request(t.http)
        .patch(`/api/admin/users/${drafter.id}`)
        .set(await api.auth('admin'))
        .send({ fullName: 'Nguyễn Thị Hòa' }),
      200,
      'admin change',
    );

    kept = await get<CheckpointBody>('/api/audit/checkpoint');
  }, 300_000);

  afterAll(async () => {
    await owner?.close();
    await serving?.close();
    await t?.close();
  });

  it('signs a C2SP checkpoint that verifies under the published key, and keeps it outside the database', async () => {
    const { vkey } = await get<{ vkey: string }>('/api/audit/public-key');
    expect(vkey).toMatch(/^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    const [name, hash, key] = [
      vkey.split('+')[0],
      vkey.split('+')[1],
      vkey.split('+').slice(2).join('+'),
    ];
    const raw = Buffer.from(key, 'base64');
    expect(raw[0]).toBe(0x01);
    expect(
      createHash('sha256')
        .update(Buffer.concat([Buffer.from(`${name}\n`), raw]))
        .digest()
        .subarray(0, 4)
        .toString('hex'),
    ).toBe(hash);
    expect(
      kept.note.startsWith(`${kept.origin}\n${kept.treeSize}\n${kept.rootHash}\n\n\u2014 ${name} `),
    ).toBe(true);
    expect(noteVerifies(kept.note, vkey)).toBe(true);
    // Every history event (2 instances: 1+1+1+1 attachment, 1+1), the comment, the admin change.
    expect(kept.treeSize).toBeGreaterThanOrEqual(8);
    const kinds = await owner.rows<{ kind: string }>(
      `SELECT DISTINCT CASE WHEN history_event_id IS NOT NULL THEN 'history'
                            WHEN comment_id IS NOT NULL THEN 'comment' ELSE 'admin' END AS kind
         FROM tlog_leaves`,
    );
    expect(kinds.map((k) => k.kind).sort()).toEqual(['admin', 'comment', 'history']);
    expect(
      readdirSync(checkpointDir()).map((n) => readFileSync(join(checkpointDir(), n), 'utf8')),
    ).toContain(kept.note);
    // Other roles may not take checkpoints.
    expect((await api.get('mttq.an-binh', '/api/audit/checkpoint')).status).toBe(403);
  });

  it('verifies today’s log against the kept checkpoint, as object or note, and as it grows', async () => {
    expect(await verifyAgainst(kept)).toMatchObject({
      ok: true,
      checked: kept.treeSize,
      attachments: 1,
    });
    expect((await verifyAgainst(kept.note)).ok).toBe(true);
    await api.act('dangu.phu-hoa', submitted.id, 'APPROVE', { opinion: 'Thống nhất' });
    const grown = await verifyAgainst(kept);
    expect(grown.ok).toBe(true);
    expect(grown.treeSize).toBeGreaterThan(kept.treeSize);
    const whole = await get<VerifyAllBody>('/api/audit/verify');
    expect(whole).toMatchObject({ ok: true, log: { ok: true } });
    expect(whole.checked).toBeGreaterThan(0);
    // A checkpoint not signed by this log is refused as input, not judged.
    const forged = kept.note.replace(`\n${kept.treeSize}\n`, `\n${kept.treeSize - 1}\n`);
    expect((await api.post('auditor', '/api/audit/verify', { checkpoint: forged })).status).toBe(
      422,
    );
    expect(
      (await api.post('auditor', '/api/audit/verify', { checkpoint: { ...kept, treeSize: 1 } }))
        .status,
    ).toBe(422);
    expect((await api.post('auditor', '/api/audit/verify', { checkpoint: 42 })).status).toBe(422);
    expect((await api.post('auditor', '/api/audit/verify', {})).status).toBe(400);
  });

  it('gives inclusion and consistency proofs that an independent RFC 9162 verifier accepts', async () => {
    const now = await get<CheckpointBody>('/api/audit/checkpoint');
    const exported = (await api.get('auditor', '/api/audit/events/export', { format: 'tlog' })).text
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            leafIndex: number;
            leafHash: string;
            record: { kind: string; id: string };
          },
      );
    expect(exported).toHaveLength(now.treeSize);
    const approval = exported.find(
      (l) => l.record.kind === 'history' && (l.record as { type?: string }).type === 'APPROVE',
    );
    if (!approval) throw new Error('no APPROVE leaf');
    const leaf = rfcLeafHash(Buffer.from(canonicalJson(approval.record)));
    expect(leaf.toString('base64')).toBe(approval.leafHash);

    const inclusion = await get<{
      leafIndex: number;
      treeSize: number;
      leafHash: string;
      proof: string[];
    }>('/api/audit/log/inclusion-proof', { eventId: approval.record.id, treeSize: now.treeSize });
    expect(inclusion.leafIndex).toBe(approval.leafIndex);
    const root = Buffer.from(now.rootHash, 'base64');
    const proof = inclusion.proof.map((p) => Buffer.from(p, 'base64'));
    expect(verifyInclusion(inclusion.leafIndex, now.treeSize, leaf, proof, root)).toBe(true);
    expect(
      verifyInclusion(
        inclusion.leafIndex,
        now.treeSize,
        rfcLeafHash(Buffer.from('forged')),
        proof,
        root,
      ),
    ).toBe(false);

    const consistency = await get<{ first: number; second: number; proof: string[] }>(
      '/api/audit/log/consistency-proof',
      { first: kept.treeSize, second: now.treeSize },
    );
    expect(
      verifyConsistency(
        kept.treeSize,
        now.treeSize,
        consistency.proof.map((p) => Buffer.from(p, 'base64')),
        Buffer.from(kept.rootHash, 'base64'),
        root,
      ),
    ).toBe(true);
    expect(
      (await api.get('auditor', '/api/audit/log/consistency-proof', { first: now.treeSize + 1 }))
        .status,
    ).toBe(422);
    expect(
      (await api.get('auditor', '/api/audit/log/inclusion-proof', { leafIndex: 'x' })).status,
    ).toBe(400);
  });

  it('verifies an export offline with the CLI, and fails it once the file is tampered with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwf-offline-'));
    try {
      const exportPath = join(dir, 'history.jsonl');
      const text = (await api.get('auditor', '/api/audit/events/export', { format: 'tlog' })).text;
      writeFileSync(exportPath, text);
      writeFileSync(join(dir, 'cp.note'), kept.note);
      writeFileSync(
        join(dir, 'key.txt'),
        (await get<{ vkey: string }>('/api/audit/public-key')).vkey,
      );
      const cli = (): Promise<{ stdout: string }> =>
        run(
          process.execPath,
          [
            '-r',
            'ts-node/register/transpile-only',
            'src/audit-verify.ts',
            '--export',
            exportPath,
            '--checkpoint',
            join(dir, 'cp.note'),
            '--vkey',
            join(dir, 'key.txt'),
          ],
          { cwd: join(__dirname, '..', '..') },
        );
      const good = JSON.parse((await cli()).stdout) as LogReport;
      expect(good).toMatchObject({ ok: true, checkpointTreeSize: kept.treeSize });

      writeFileSync(exportPath, text.replace('Đồng ý, trình Ban Dân vận', 'Không đồng ý'));
      const failure = (await cli().catch((error: { code: number; stdout: string }) => error)) as {
        code?: number;
        stdout: string;
      };
      expect(failure.code).toBe(1);
      expect((JSON.parse(failure.stdout) as LogReport).ok).toBe(false);

      // Dropping a line is caught as well.
      writeFileSync(exportPath, text.split('\n').slice(1).join('\n'));
      await expect(cli()).rejects.toMatchObject({ code: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  describe('the serving role', () => {
    it.each([
      'history_events',
      'tlog_leaves',
      'tlog_checkpoints',
      'attachment_contents',
      'instance_comments',
    ])('may not UPDATE, DELETE or TRUNCATE %s', async (table) => {
      const column = {
        history_events: 'comment',
        tlog_leaves: 'leaf_hash',
        tlog_checkpoints: 'note',
        attachment_contents: 'content',
        instance_comments: 'body',
      }[table];
      await expect(
        serving.rows(`UPDATE ${table} SET ${column} = NULL WHERE false`),
      ).rejects.toThrow(/permission denied/);
      await expect(serving.rows(`DELETE FROM ${table} WHERE false`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(serving.rows(`TRUNCATE ${table}`)).rejects.toThrow(/permission denied/);
    });

    it('is what the app connects as, and not a superuser', async () => {
      const [role] = await serving.rows<{ rolsuper: boolean; user: string }>(
        `SELECT rolsuper, current_user AS user FROM pg_roles WHERE rolname = current_user`,
      );
      expect(role).toEqual({ rolsuper: false, user: new URL(t.databaseUrl).username });
      expect(t.env.DATABASE_URL).toBe(t.databaseUrl);
    });
  });

  describe('attacks by whoever controls the database', () => {
    beforeAll(async () => {
      kept = await get<CheckpointBody>('/api/audit/checkpoint');
      await snapshot();
    });

    afterEach(async () => {
      await restore();
    });

    it('catches re-chaining an instance’s events', async () => {
      const events = await historyOf(approved.id);
      const approval = events.find((e) => e.type === 'APPROVE') as HistoryRow;
      approval.data = { opinion: 'Không đồng ý' };
      await asSuperuser(() =>
        rechain(
          approved.id,
          events.filter((e) => e.seq >= approval.seq),
        ),
      );
      // The per-instance chains alone are fooled; the log is not.
      const whole = await get<VerifyAllBody>('/api/audit/verify');
      expect(whole.log.firstBroken?.reason).toBe('leaf-mismatch');
      await expectCaught(['leaf-mismatch']);
    });

    it('catches re-chaining and rebuilding the whole log (a new signed checkpoint of the same size)', async () => {
      const events = await historyOf(approved.id);
      const approval = events.find((e) => e.type === 'APPROVE') as HistoryRow;
      approval.data = { opinion: 'Không đồng ý' };
      await asSuperuser(async () => {
        await rechain(
          approved.id,
          events.filter((e) => e.seq >= approval.seq),
        );
        const leaves = await owner.rows<{
          history_event_id: string | null;
          comment_id: string | null;
          admin_event_id: string | null;
        }>(
          `SELECT history_event_id, comment_id, admin_event_id FROM tlog_leaves ORDER BY leaf_index`,
        );
        await owner.rows(`DELETE FROM tlog_leaves`);
        await owner.rows(`DELETE FROM tlog_nodes`);
        await owner.rows(`DELETE FROM tlog_checkpoints`);
        for (const leaf of leaves) {
          await owner.rows(
            `INSERT INTO tlog_pending (history_event_id, comment_id, admin_event_id) VALUES ($1, $2, $3)`,
            [leaf.history_event_id, leaf.comment_id, leaf.admin_event_id],
          );
        }
      });
      // The server takes the rewritten records in again and signs what it is shown...
      const resigned = await get<CheckpointBody>('/api/audit/checkpoint');
      expect(resigned.treeSize).toBe(kept.treeSize);
      expect(resigned.rootHash).not.toBe(kept.rootHash);
      // ...but the auditor's checkpoint and the checkpoint files outside the database disagree.
      // (The first checkpoint at or past the altered leaf disagrees: the kept one, or an earlier file.)
      const againstKept = await verifyAgainst(kept);
      expect(againstKept).toMatchObject({
        ok: false,
        firstBroken: { reason: 'checkpoint-mismatch' },
      });
      expect(againstKept.firstBroken?.treeSize).toBeLessThanOrEqual(kept.treeSize);
      expect((await get<VerifyAllBody>('/api/audit/verify')).log.firstBroken?.reason).toBe(
        'checkpoint-mismatch',
      );
    });

    it('catches a forged APPROVE inserted behind the application’s back', async () => {
      const [last] = (await historyOf(submitted.id)).slice(-1);
      const [approver] = await owner.rows<{ id: string; org_unit_id: string }>(
        `SELECT id, org_unit_id FROM users WHERE username = 'dangu.phu-hoa'`,
      );
      const forged = {
        instanceId: submitted.id,
        seq: last.seq + 1,
        type: 'APPROVE',
        fromState: last.to_state,
        toState: 'frontReview',
        actorId: approver.id,
        actorUsername: 'dangu.phu-hoa',
        actorOrgUnitId: approver.org_unit_id,
        onBehalfOfId: null,
        data: { opinion: 'Đồng ý' },
        comment: null,
        commandId: null,
        at: new Date(),
        prevHash: last.hash,
      };
      const hash = hashEvent(forged);
      await asSuperuser(async () => {
        await owner.rows(
          `INSERT INTO history_events (instance_id, seq, type, from_state, to_state, actor_id, actor_username,
             actor_org_unit_id, data, at, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            forged.instanceId,
            forged.seq,
            forged.type,
            forged.fromState,
            forged.toState,
            forged.actorId,
            forged.actorUsername,
            forged.actorOrgUnitId,
            forged.data,
            forged.at,
            forged.prevHash,
            hash,
          ],
        );
        await owner.rows(
          `UPDATE workflow_instances SET version = $2, history_head = $3, state = $4 WHERE id = $1`,
          [submitted.id, forged.seq, hash, JSON.stringify(forged.toState)],
        );
      });
      // Every chain is consistent again...
      const whole = await get<VerifyAllBody>('/api/audit/verify');
      expect(whole.firstBroken?.reason).toBe('not-logged');
      await expectCaught(['not-logged']);
    });

    it('catches deleting an instance with all its events', async () => {
      await asSuperuser(async () => {
        for (const table of [
          'history_events',
          'instance_comments',
          'attachments',
          'workflow_tasks',
          'workflow_commands',
        ]) {
          await owner.rows(`DELETE FROM ${table} WHERE instance_id = $1`, [approved.id]);
        }
        await owner.rows(`DELETE FROM workflow_instances WHERE id = $1`, [approved.id]);
      });
      await expectCaught(['missing-record']);
    });

    it('catches deleting an instance and its leaves, the log rebuilt without them', async () => {
      await asSuperuser(async () => {
        for (const table of [
          'history_events',
          'instance_comments',
          'attachments',
          'workflow_tasks',
          'workflow_commands',
        ]) {
          await owner.rows(`DELETE FROM ${table} WHERE instance_id = $1`, [approved.id]);
        }
        await owner.rows(`DELETE FROM workflow_instances WHERE id = $1`, [approved.id]);
        const leaves = await owner.rows<{
          history_event_id: string | null;
          comment_id: string | null;
          admin_event_id: string | null;
        }>(
          `SELECT l.history_event_id, l.comment_id, l.admin_event_id FROM tlog_leaves l
            WHERE (l.history_event_id IS NULL OR EXISTS (SELECT 1 FROM history_events h WHERE h.id = l.history_event_id))
              AND (l.comment_id IS NULL OR EXISTS (SELECT 1 FROM instance_comments c WHERE c.id = l.comment_id))
            ORDER BY leaf_index`,
        );
        await owner.rows(`DELETE FROM tlog_leaves`);
        await owner.rows(`DELETE FROM tlog_nodes`);
        await owner.rows(`DELETE FROM tlog_checkpoints`);
        for (const leaf of leaves) {
          await owner.rows(
            `INSERT INTO tlog_pending (history_event_id, comment_id, admin_event_id) VALUES ($1, $2, $3)`,
            [leaf.history_event_id, leaf.comment_id, leaf.admin_event_id],
          );
        }
      });
      await expectCaught(['checkpoint-mismatch', 'truncated']);
    });

    it('catches truncating the history and the log', async () => {
      await asSuperuser(async () => {
        await owner.rows(
          `TRUNCATE history_events, instance_comments, tlog_pending, tlog_leaves, tlog_nodes, tlog_checkpoints`,
        );
      });
      await expectCaught(['truncated']);
    });

    it('refuses to serve attachment bytes changed in place, and verify names the file', async () => {
      await owner.rows(
        `UPDATE attachment_contents SET content = content || '\\x00'::bytea
          WHERE sha256 = (SELECT sha256 FROM attachments WHERE id = $1)`,
        [attachmentId],
      );
      const res = await api.get(
        'mttq.an-binh',
        `/api/instances/${approved.id}/attachments/${attachmentId}`,
      );
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({
        statusCode: 500,
        code: 'integrity-violation',
        message: expect.stringContaining(attachmentId),
      });
      const againstKept = await verifyAgainst(kept);
      expect(againstKept).toMatchObject({
        ok: false,
        firstBroken: { reason: 'attachment-altered', id: attachmentId },
      });
      expect((await get<VerifyAllBody>('/api/audit/verify')).ok).toBe(false);
    });
  });
});
