import { request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { ApiProcess } from '../faults/fault-harness';
import { WorkflowFactory } from '../factories/workflow-factory';
import { createTestApp, type TestApp } from '../utils/test-app';

const PER_USERNAME = 3;
const PER_ADDRESS = 20;
const MAX_UPLOAD = 1024 * 1024;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

interface UploadOutcome {
  status: number;
  connection: string | undefined;
  bytesSent: number;
}

/**
 * Sends a multipart upload of `totalBytes` in chunked encoding (no Content-Length), at the pace
 * the connection takes it, and stops sending once the answer arrives.
 */
function chunkedUpload(url: string, token: string, totalBytes: number): Promise<UploadOutcome> {
  const boundary = 'dwf-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n',
  );
  const chunk = Buffer.alloc(256 * 1024, 0x41);
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Transfer-Encoding': 'chunked',
      },
    });
    req.on('response', (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, bytesSent });
      req.destroy();
    });
    // The server closing the connection mid-upload is the point; only a failure before any
    // answer is an error.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const send = (): void => {
      while (!answered && bytesSent < totalBytes) {
        bytesSent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', send);
          return;
        }
      }
      if (!answered) req.end(`\r\n--${boundary}--\r\n`);
    };
    req.write(head);
    send();
  });
}

describe('operability limits: caching, uploads, dates, exports, statement timeout, sign-in limiter', () => {
  let t: TestApp;
  let api: WorkflowFactory;
  let baseUrl: string;
  let db: Client;
  let observer: Client;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({
      LOGIN_RATE_LIMIT: String(PER_USERNAME),
      LOGIN_RATE_LIMIT_PER_ADDRESS: String(PER_ADDRESS),
      LOGIN_RATE_WINDOW_MS: '600000',
      ATTACHMENT_MAX_BYTES: String(MAX_UPLOAD),
      DATABASE_STATEMENT_TIMEOUT_MS: '1000',
    });
    // Listening on 127.0.0.1, so requests here and to the second process below come from the
    // same client address.
    await t.app.listen(0, '127.0.0.1');
    const server = t.app.getHttpServer() as unknown as Server;
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    api = new WorkflowFactory(t);
    // Everyone this file signs in, signed in first: the per-address test spends the rest.
    for (const username of ['admin', 'auditor', 'mttq.tan-loc']) {
      tokens[username] = await t.login(username);
    }
    // Locking a whole table is the owner's right, not the serving role's.
    db = new Client({ connectionString: t.ownerDatabaseUrl });
    observer = new Client({ connectionString: t.databaseUrl });
    await Promise.all([db.connect(), observer.connect()]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([db.end(), observer.end()]);
    await t.close();
  });

  it('marks API answers Cache-Control: no-store, the token and errors included', async () => {
    const inbox = await request(t.http)
      .get('/api/inbox')
      .set('Authorization', `Bearer ${tokens['mttq.tan-loc']}`)
      .expect(200);
    expect(inbox.headers['cache-control']).toBe('no-store');
    const denied = await request(t.http).get('/api/inbox').expect(401);
    expect(denied.headers['cache-control']).toBe('no-store');
  });

  it('refuses week dates and impossible dates with 400 on every date parameter', async () => {
    const cases: Array<[string, string, Record<string, string>]> = [
      ['mttq.tan-loc', '/api/inbox', { dueBefore: '2026-W01' }],
      ['auditor', '/api/audit/events', { since: '2026-W01' }],
      ['auditor', '/api/audit/events', { until: '2026-02-30' }],
      ['auditor', '/api/audit/events/export', { format: 'csv', since: '2026-W01-1' }],
      ['auditor', '/api/audit/admin-events', { since: '2026-032' }],
      ['admin', '/api/monitoring/scorecard', { from: '2026-W01', to: '2026-06-30' }],
    ];
    for (const [username, path, query] of cases) {
      const res = await request(t.http)
        .get(path)
        .query(query)
        .set('Authorization', `Bearer ${tokens[username]}`);
      expect({ path, query, status: res.status }).toEqual({ path, query, status: 400 });
      expect(res.body).toEqual(expect.objectContaining({ statusCode: 400 }));
    }
    await request(t.http)
      .get('/api/audit/events')
      .query({ since: '2026-01-01', until: '2026-06-30T12:00:00+07:00' })
      .set('Authorization', `Bearer ${tokens.auditor}`)
      .expect(200);
  });

  it('refuses a 100 MB chunked upload as soon as it crosses the limit, and closes the connection', async () => {
    const instance = await api.startRegulation('tan-loc', 'Hồ sơ có tệp quá lớn');
    const outcome = await chunkedUpload(
      `${baseUrl}/api/instances/${instance.id}/attachments`,
      tokens['mttq.tan-loc'],
      100 * 1024 * 1024,
    );
    expect(outcome.status).toBe(413);
    expect(outcome.connection).toBe('close');
    // The answer came long before the 100 MB were sent: within the limit plus what sockets buffer.
    expect(outcome.bytesSent).toBeLessThan(20 * 1024 * 1024);
  });

  describe('with history locked by another session', () => {
    beforeEach(async () => {
      await db.query('BEGIN');
      await db.query('LOCK TABLE history_events IN ACCESS EXCLUSIVE MODE');
    });
    afterEach(async () => {
      await db.query('ROLLBACK');
    });

    it('answers a read that outlives DATABASE_STATEMENT_TIMEOUT_MS with 503 and Retry-After', async () => {
      const res = await request(t.http)
        .get('/api/audit/events')
        .set('Authorization', `Bearer ${tokens.auditor}`)
        .expect(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toEqual(
        expect.objectContaining({ statusCode: 503, error: 'Service Unavailable' }),
      );
    });

    it('exempts the streamed export from the timeout, and answers an error when its query fails', async () => {
      const answer = request(t.http)
        .get('/api/audit/events/export')
        .query({ format: 'csv' })
        .set('Authorization', `Bearer ${tokens.auditor}`)
        .then((res) => res);
      // Past the statement timeout the export still waits for its lock; then it is cancelled.
      // Any other statement waiting on the lock is cancelled by the timeout within a second.
      // Watched from a session of its own: the locking one sees one frozen snapshot of activity.
      let waiting: number | undefined;
      await waitFor(async () => {
        const rows = await observer.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND now() - query_start > interval '1500 milliseconds'`,
        );
        waiting = rows.rows[0]?.pid;
        return waiting !== undefined;
      }, 'the export to wait past the statement timeout');
      await observer.query('SELECT pg_cancel_backend($1)', [waiting]);
      const res = await answer;
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toContain('application/json');
    });
  });

  it('counts sign-in attempts in PostgreSQL, so the limit holds across two API processes', async () => {
    const other = await ApiProcess.start(await freePort(), t.env);
    try {
      const attempt = async (url: string): Promise<number> =>
        (
          await fetch(`${url}/api/auth/login`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username: 'btv', password: 'wrong' }),
          })
        ).status;
      expect([await attempt(baseUrl), await attempt(other.url), await attempt(baseUrl)]).toEqual(
        Array(PER_USERNAME).fill(401),
      );
      expect(await attempt(other.url)).toBe(429);
    } finally {
      await other.stop();
    }
  }, 180_000);

  it('limits sign-in per address too: 40 parallel logins with different usernames get 429s', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        request(t.http)
          .post('/api/auth/login')
          .send({ username: `khong-co-${i}`, password: 'wrong' })
          .then((res) => res.status),
      ),
    );
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(
      40 - PER_ADDRESS,
    );
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    // A real user from the same address now waits for the window too.
    const res = await request(t.http)
      .post('/api/auth/login')
      .send({ username: 'danvan', password: 'demo' });
    expect(res.status).toBe(429);
  });

  it('answers liveness without dependencies and readiness with them', async () => {
    expect((await request(t.http).get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    const ready = await request(t.http).get('/health/ready').expect(200);
    expect(ready.body.details.postgres.status).toBe('up');
    await request(t.http).get('/health').expect(200);
  });
});
