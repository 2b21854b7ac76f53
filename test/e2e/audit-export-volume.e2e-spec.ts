import { get, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';

/**
 * An export of 100,000 events streams: the test process (server and client both) grows by far
 * less than the export's size, and every event arrives exactly once.
 */

const INSTANCES = 100;
const EVENTS_PER_INSTANCE = 1000;
const TOTAL = INSTANCES * EVENTS_PER_INSTANCE;
const MAX_GROWTH_BYTES = 150 * 1024 * 1024;
const SAMPLE_EVERY_BYTES = 8 * 1024 * 1024;
const PAUSE_AFTER_BYTES = 20 * 1024 * 1024;
const PAUSE_MS = 1500;
// About 1.5 kB of Vietnamese per event: the whole export (over 200 MB) could not fit in the bound.
const FILLER = 'Phối hợp tuyên truyền, vận động nhân dân thực hiện “Dân vận khéo”. '.repeat(20);

// Jest runs without --expose-gc; this exposes V8's collector to the test at run time.
setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe('audit export of 100,000 events', () => {
  let t: TestApp;
  let sql: TestSql;
  let unitId: string;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    sql = await TestSql.connect(t.databaseUrl);
    const server = t.http as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    unitId = await t.unitId('an-binh.mttq');
    const [drafter] = await sql.rows<{ id: string }>(
      `SELECT id FROM users WHERE username = 'mttq.an-binh'`,
    );
    // Bulk rows straight into PostgreSQL: inserting is what the append-only trigger allows. The
    // hashes are placeholders (this file never verifies the chain) and free text is not searched.
    await sql.rows(
      `INSERT INTO workflow_instances (definition_id, definition_key, definition_version, org_unit_id,
         title, state, status, version, snapshot, data, history_head, created_by)
       SELECT d.id, d.key, d.version, $1, 'Rà soát quy chế, bản khối lượng số ' || g, 'communeReview',
              'active', $3, '{}'::jsonb, '{}'::jsonb, 'bulk', $2
         FROM generate_series(1, $4::int) AS g,
              (SELECT id, key, version FROM workflow_definitions WHERE key = 'regulation-review'
                ORDER BY version DESC LIMIT 1) AS d`,
      [unitId, drafter.id, EVENTS_PER_INSTANCE, INSTANCES],
    );
    // Every instance's n-th event shares its time with the others', so keyset batches must break
    // ties by id to lose or repeat nothing.
    await sql.rows(
      `INSERT INTO history_events (instance_id, seq, type, from_state, to_state, actor_id,
         actor_username, actor_org_unit_id, data, comment, at, prev_hash, hash)
       SELECT i.id, s, 'SUBMIT', 'draft', 'communeReview', $2, 'mttq.an-binh', $1,
              jsonb_build_object('regulationTitle', 'Quy chế phối hợp số ' || s, 'scope', $3::text),
              'Ý kiến số ' || s || ', có dấu phẩy và "ngoặc kép"',
              timestamptz '2026-01-01 00:00:00+00' + s * interval '1 second', 'bulk', 'bulk'
         FROM workflow_instances i, generate_series(1, $4::int) AS s
        WHERE i.history_head = 'bulk'`,
      [unitId, drafter.id, FILLER, EVENTS_PER_INSTANCE],
    );
    expect(await sql.count(`SELECT count(*) FROM history_events`)).toBe(TOTAL);
  }, 180_000);

  afterAll(async () => {
    await sql.close();
    await t.close();
  });

  it('streams the CSV in bounded memory, respecting backpressure, with every event once', async () => {
    const token = await t.login('auditor');
    collectGarbage();
    const base = process.memoryUsage();
    const peak = { rss: base.rss, heapUsed: base.heapUsed };
    // Retained memory: sampled right after a full collection, so garbage awaiting a lazy GC
    // (the export makes ~1 GB of short-lived strings) does not count as growth.
    const sample = (): void => {
      collectGarbage();
      const now = process.memoryUsage();
      peak.rss = Math.max(peak.rss, now.rss);
      peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
    };

    let bytes = 0;
    let chunks = 0;
    let records = 0;
    let seqSum = 0;
    let pending = '';
    let nextSample = SAMPLE_EVERY_BYTES;
    let paused = false;
    const countRecords = (text: string): void => {
      const lines = (pending + text).split('\r\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        records += 1;
        // `at` and `instanceId` are never quoted, so `seq` is the third field.
        if (records > 1) seqSum += Number(line.split(',')[2]);
      }
    };
    const started = Date.now();
    // Plain node:http, reading as the bytes arrive: nothing on the client side holds the body.
    const status = await new Promise<number>((resolve, reject) => {
      const req = get(
        `${baseUrl}/api/audit/events/export?format=csv&unitId=${unitId}&order=asc`,
        { headers: { Authorization: `Bearer ${token}` } },
        (res) => {
          res.setEncoding('utf8');
          res.on('data', (text: string) => {
            chunks += 1;
            bytes += Buffer.byteLength(text);
            countRecords(text);
            if (bytes >= nextSample) {
              nextSample += SAMPLE_EVERY_BYTES;
              sample();
            }
            // A slow reader: had the server ignored backpressure, the rest of the export would
            // pile up in its socket buffer while this one waits.
            if (!paused && bytes > PAUSE_AFTER_BYTES) {
              paused = true;
              res.pause();
              setTimeout(() => {
                sample();
                res.resume();
              }, PAUSE_MS);
            }
          });
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
    });
    const seconds = (Date.now() - started) / 1000;

    expect(status).toBe(200);
    expect(pending).toBe('');
    expect(records).toBe(TOTAL + 1);
    expect(seqSum).toBe((INSTANCES * EVENTS_PER_INSTANCE * (EVENTS_PER_INSTANCE + 1)) / 2);
    expect(chunks).toBeGreaterThan(100);
    const growth = { rss: peak.rss - base.rss, heapUsed: peak.heapUsed - base.heapUsed };
    console.info(
      `exported ${records - 1} events, ${(bytes / 2 ** 20).toFixed(0)} MB in ${chunks} chunks ` +
        `in ${seconds.toFixed(1)} s; growth: rss ${(growth.rss / 2 ** 20).toFixed(1)} MB, ` +
        `retained heap ${(growth.heapUsed / 2 ** 20).toFixed(1)} MB`,
    );
    expect(bytes).toBeGreaterThan(MAX_GROWTH_BYTES);
    expect(growth.rss).toBeLessThan(MAX_GROWTH_BYTES);
    expect(growth.heapUsed).toBeLessThan(MAX_GROWTH_BYTES);
  }, 300_000);
});
