import { type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { base64url } from '../security/security-support';
import { SourceProcess } from '../utils/source-process';
import { createTestApp, type TestApp } from '../utils/test-app';
import { TestSql } from '../utils/test-sql';

const PROBE = '/api/org-units';
const OLD_DEMO_SECRET = 'development-only-secret-change-me';

/** `src/main.ts` started on its own, to see whether it refuses to start. */
class ApiStart extends SourceProcess {
  private constructor(
    child: ChildProcess,
    readonly exitCode: Promise<number | null>,
  ) {
    super(child);
  }

  static launch(env: Record<string, string>): ApiStart {
    const child = SourceProcess.spawnEntry('main.ts', env);
    const exitCode = new Promise<number | null>((resolve) => child.once('exit', resolve));
    return new ApiStart(child, exitCode);
  }
}

function sign(claims: Record<string, unknown>, secret: string): string {
  const input = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('trust: no well-known secret signs a token; old tokens die with a reset', () => {
  let t: TestApp;
  let sql: TestSql;

  beforeAll(async () => {
    // No JWT_SECRET: the server generates one and keeps it with its data.
    t = await createTestApp({ JWT_SECRET: '', LOGIN_RATE_LIMIT: '1000' });
    sql = await TestSql.connect(t.databaseUrl);
  });
  afterAll(async () => {
    await sql.close();
    await t.close();
  });

  async function status(token: string): Promise<number> {
    return (await request(t.http).get(PROBE).set('Authorization', `Bearer ${token}`)).status;
  }

  async function patchUser(username: string, body: object): Promise<void> {
    const admin = await t.login('admin');
    const [{ id }] = await sql.rows<{ id: string }>(`SELECT id FROM users WHERE username = $1`, [
      username,
    ]);
    await request(t.http)
      .patch(`/api/admin/users/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send(body)
      .expect(200);
  }

  async function freshLogin(username: string, password = 'demo'): Promise<string> {
    const res = await request(t.http)
      .post('/api/auth/login')
      .send({ username, password })
      .expect(200);
    return (res.body as { accessToken: string }).accessToken;
  }

  it('refuses a token forged with the old demo secret, and signs with a generated one kept in PostgreSQL', async () => {
    const genuine = await freshLogin('btv');
    const claims = JSON.parse(Buffer.from(genuine.split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(await status(genuine)).toBe(200);
    const asAdmin = { ...claims, roles: ['admin'], username: 'admin' };
    const forged = await request(t.http)
      .get(PROBE)
      .set('Authorization', `Bearer ${sign(asAdmin, OLD_DEMO_SECRET)}`);
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });

    // One generated secret, long and random, and it is the one the server signs with: every other
    // API process (and the next start) reads the same row.
    const rows = await sql.rows<{ value: string }>(`SELECT value FROM app_secrets`);
    expect(rows).toHaveLength(1);
    expect(rows[0].value.length).toBeGreaterThanOrEqual(48);
    expect(await status(sign(claims, rows[0].value))).toBe(200);
  });

  it('refuses a token issued before a password reset', async () => {
    const before = await freshLogin('mttq.phu-hoa');
    expect(await status(before)).toBe(200);
    await patchUser('mttq.phu-hoa', { password: 'a-new-password-1' });
    expect(await status(before)).toBe(401);
    expect(await status(await freshLogin('mttq.phu-hoa', 'a-new-password-1'))).toBe(200);
  });

  it('refuses a token issued before a role change, not before a change of name', async () => {
    const before = await freshLogin('mttq.tan-loc');
    await patchUser('mttq.tan-loc', { fullName: 'Ủy ban MTTQ xã Tân Lộc (đổi tên)' });
    expect(await status(before)).toBe(200);
    await patchUser('mttq.tan-loc', { roles: ['official', 'auditor'] });
    const res = await request(t.http).get(PROBE).set('Authorization', `Bearer ${before}`);
    expect(res.status).toBe(401);
    expect((res.body as { message: string }).message).toMatch(/sign in again/);
    expect(await status(await freshLogin('mttq.tan-loc'))).toBe(200);
  });

  it('refuses a token issued before a deactivation, even once the account is reactivated', async () => {
    const before = await freshLogin('dangu.phu-hoa');
    const admin = await t.login('admin');
    const [{ id }] = await sql.rows<{ id: string }>(
      `SELECT id FROM users WHERE username = 'dangu.phu-hoa'`,
    );
    for (const action of ['deactivate', 'reactivate']) {
      await request(t.http)
        .post(`/api/admin/users/${id}/${action}`)
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
      expect(await status(before)).toBe(401);
    }
    expect(await status(await freshLogin('dangu.phu-hoa'))).toBe(200);
  });

  it('refuses to start with a publicly known or a short JWT_SECRET, naming the variable', async () => {
    const env = { ...t.env, PORT: '0', LOG_LEVEL: 'info' };
    // One after the other: each compiles the app from source, which is slow on a busy machine.
    const known = ApiStart.launch({ ...env, JWT_SECRET: OLD_DEMO_SECRET });
    expect(await known.exitCode).not.toBe(0);
    expect(known.tail()).toMatch(/"JWT_SECRET" is a publicly known demo value/);
    const short = ApiStart.launch({ ...env, JWT_SECRET: 'only-twenty-chars-ok' });
    expect(await short.exitCode).not.toBe(0);
    expect(short.tail()).toMatch(/"JWT_SECRET" must be at least 32 characters/);
  }, 600_000);
});
