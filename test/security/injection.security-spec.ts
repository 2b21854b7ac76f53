import { Client } from 'pg';
import request from 'supertest';
import { WorkflowFactory } from '../factories/workflow-factory';
import { type HistoryEventBody } from '../utils/api-types';
import { createTestApp, type TestApp } from '../utils/test-app';
import { ROLE_USERS, call, describeResponse, expectErrorShape } from './security-support';

/**
 * SQL-injection and script strings are data: stored as given, returned verbatim, harmless in
 * free-text filters, and every table is still there afterwards.
 */

const PAYLOADS = [
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '" OR 1=1 --',
  "Robert'); DELETE FROM workflow_instances; --",
  "1' UNION SELECT password_hash FROM users --",
  '<img src=x onerror="alert(document.cookie)">',
  '%_\\%',
  "Quy chế ' OR ''=' phối hợp",
];

function padded(payload: string): string {
  return `${payload} — nội dung kiểm thử đủ độ dài tối thiểu`;
}

describe('security: injection and script strings', () => {
  let t: TestApp;
  let f: WorkflowFactory;
  let db: Client;
  let tablesBefore: string[];
  let usersBefore: number;

  async function tables(): Promise<string[]> {
    const res = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    return res.rows.map((r) => r.table_name);
  }
  async function userCount(): Promise<number> {
    const res = await db.query<{ n: string }>('SELECT count(*) AS n FROM users');
    return Number(res.rows[0].n);
  }

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' });
    f = new WorkflowFactory(t);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    tablesBefore = await tables();
    usersBefore = await userCount();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('stores titles, form data, comments and command comments verbatim', async () => {
    const drafter = await t.login(ROLE_USERS.drafterA);
    for (const payload of PAYLOADS) {
      const form = await f.sample('regulation-review.SUBMIT');
      // Padded to the forms' minimum lengths; the payload itself is kept intact inside.
      form.regulationTitle = padded(payload);
      form.scope = padded(`${payload} ${payload}`);
      form.reviewFindings = padded(payload);
      const created = await f.create(ROLE_USERS.drafterA, 'regulation-review', 'an-binh.mttq', {
        title: payload,
        data: form,
      });
      expect(created.title).toBe(payload);

      const read = await f.read(ROLE_USERS.drafterA, created.id);
      expect(read.title).toBe(payload);
      expect(read.data.regulationTitle).toBe(padded(payload));
      expect(read.data.scope).toBe(padded(`${payload} ${payload}`));

      const comment = await call(t.http, 'post', `/api/instances/${created.id}/comments`, drafter, {
        body: payload,
      });
      if (comment.status !== 201) throw new Error(`comment: ${describeResponse(comment)}`);
      const comments = await call(t.http, 'get', `/api/instances/${created.id}/comments`, drafter);
      expect(comments.status).toBe(200);
      expect(JSON.stringify(comments.body)).toContain(JSON.stringify(payload).slice(1, -1));

      const submitted = await f.act(ROLE_USERS.drafterA, created.id, 'SUBMIT', form, payload);
      expect(submitted.data.reviewFindings).toBe(padded(payload));
      const history = await f.history('auditor', created.id);
      const submit = history.find((e: HistoryEventBody) => e.type === 'SUBMIT');
      expect(submit?.comment).toBe(payload);
      expect(submit?.data?.regulationTitle).toBe(padded(payload));
    }
    // JSON answers are never sniffed as HTML.
    const res = await call(t.http, 'get', '/api/inbox', drafter);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('uses them in the q filters of the inbox, the audit search and the user list without error', async () => {
    const approver = await t.login(ROLE_USERS.approverA);
    const auditor = await t.login(ROLE_USERS.auditor);
    const admin = await t.login(ROLE_USERS.admin);
    for (const payload of PAYLOADS) {
      const q = encodeURIComponent(payload);
      const inbox = await request(t.http)
        .get(`/api/inbox?q=${q}`)
        .set('Authorization', `Bearer ${approver}`);
      expect(inbox.status).toBe(200);
      const titles = (inbox.body as { items: Array<{ title: string }> }).items.map((i) => i.title);
      // The filter matches the text literally: the injected title and nothing else.
      expect(titles).toContain(payload);
      expect(titles.every((title) => title.toLowerCase().includes(payload.toLowerCase()))).toBe(
        true,
      );

      for (const [path, token] of [
        [`/api/audit/events?q=${q}`, auditor],
        [`/api/admin/users?q=${q}`, admin],
        [`/api/drafts?q=${q}`, approver],
      ] as const) {
        const res = await request(t.http).get(path).set('Authorization', `Bearer ${token}`);
        if (res.status >= 500 || (res.status >= 400 && res.status !== 400)) {
          throw new Error(`${path}: ${describeResponse(res)}`);
        }
        if (res.status === 400) expectErrorShape(res, path);
      }
    }
    const wildcard = await request(t.http)
      .get(`/api/inbox?q=${encodeURIComponent('%')}`)
      .set('Authorization', `Bearer ${approver}`)
      .expect(200);
    const items = (wildcard.body as { items: Array<{ title: string }> }).items;
    expect(items.every((i) => i.title.includes('%'))).toBe(true);
  });

  it('refuses NUL characters in bodies and query strings with 400 (found by fuzzing)', async () => {
    const drafter = await t.login(ROLE_USERS.drafterA);
    const auditor = await t.login(ROLE_USERS.auditor);
    const body = {
      definitionKey: 'regulation-review',
      orgUnitId: await t.unitId('an-binh.mttq'),
      title: 'a\u0000b',
    };
    const created = await call(t.http, 'post', '/api/instances', drafter, body);
    expect(created.status).toBe(400);
    expectErrorShape(created, 'NUL in a body');
    // An escaped backslash before "u0000" is no NUL: accepted.
    const literal = await call(t.http, 'post', '/api/instances', drafter, {
      ...body,
      title: 'a\\u0000b',
    });
    expect(literal.status).toBe(201);
    expect((literal.body as { title: string }).title).toBe('a\\u0000b');
    for (const path of [
      '/api/inbox?q=%00',
      '/api/audit/events?q=a%00b',
      '/api/audit/admin-events?targetId=%00',
    ]) {
      const res = await request(t.http)
        .get(path)
        .set('Authorization', `Bearer ${path.includes('audit') ? auditor : drafter}`);
      expect(res.status).toBe(400);
      expectErrorShape(res, path);
    }
  });

  it('still has every table and every user', async () => {
    expect(await tables()).toEqual(tablesBefore);
    expect(await userCount()).toBe(usersBefore);
    expect(tablesBefore).toEqual(expect.arrayContaining(['users', 'workflow_instances']));
    await request(t.http)
      .post('/api/auth/login')
      .send({ username: "admin' --", password: 'demo' })
      .expect(401);
    await request(t.http)
      .post('/api/auth/login')
      .send({ username: "' OR 1=1 --", password: "' OR 1=1 --" })
      .expect(401);
  });
});
