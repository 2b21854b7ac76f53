import { createHmac, randomBytes } from 'node:crypto';
import request from 'supertest';
import { createTestApp, type TestApp } from '../utils/test-app';

/** The app's signing secret, so the test can sign an otherwise valid but expired token. */
const JWT_SECRET = randomBytes(32).toString('base64url');

const DEMO_USERS = [
  'admin',
  'auditor',
  'thuongtruc',
  'btv',
  'danvan',
  'mttq.huyen',
  'mttq.an-binh',
  'dangu.an-binh',
  'mttq.phu-hoa',
  'dangu.phu-hoa',
  'mttq.tan-loc',
  'dangu.tan-loc',
];

function expectErrorShape(body: Record<string, unknown>, status: number): void {
  expect(body).toEqual(
    expect.objectContaining({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
    }),
  );
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('platform (HTTP against real PostgreSQL and Redis)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT: '10kb', LOGIN_RATE_LIMIT: '1000', JWT_SECRET });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('sign-in', () => {
    it.each(DEMO_USERS)('signs in %s with the seed password', async (username) => {
      const res = await request(t.http)
        .post('/api/auth/login')
        .send({ username, password: 'demo' })
        .expect(200);
      expect(res.body.accessToken).toEqual(expect.any(String));
      expect(res.body.user).toEqual(
        expect.objectContaining({
          username,
          roles: expect.any(Array),
          orgUnitId: expect.any(String),
        }),
      );
    });

    it('refuses a wrong password and an unknown user alike with 401', async () => {
      const wrong = await request(t.http)
        .post('/api/auth/login')
        .send({ username: 'btv', password: 'nope' })
        .expect(401);
      expectErrorShape(wrong.body, 401);
      const unknown = await request(t.http)
        .post('/api/auth/login')
        .send({ username: 'ghost', password: 'demo' })
        .expect(401);
      expect(unknown.body.message).toBe(wrong.body.message);
    });

    it('gives roles and capabilities per api.md', async () => {
      const res = await request(t.http)
        .post('/api/auth/login')
        .send({ username: 'dangu.an-binh', password: 'demo' });
      expect(res.body.user.roles).toEqual(['official']);
      expect(res.body.user.capabilities).toEqual(['approver']);
    });
  });

  describe('tokens and roles', () => {
    it('answers 401 without a token, with a tampered one, an expired one and alg none', async () => {
      await request(t.http).get('/api/org-units').expect(401);
      const token = await t.login('btv');
      const [header, payload] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
        string,
        unknown
      >;
      const tampered = `${header}.${base64url({ ...claims, roles: ['admin'] })}.${token.split('.')[2]}`;
      await request(t.http)
        .get('/api/org-units')
        .set('Authorization', `Bearer ${tampered}`)
        .expect(401);

      const none = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, roles: ['admin'] })}.`;
      await request(t.http)
        .get('/api/org-units')
        .set('Authorization', `Bearer ${none}`)
        .expect(401);

      const expiredClaims = { ...claims, iat: 1_000_000, exp: 1_000_100 };
      const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(expiredClaims)}`;
      const signature = createHmac('sha256', JWT_SECRET).update(unsigned).digest('base64url');
      const res = await request(t.http)
        .get('/api/org-units')
        .set('Authorization', `Bearer ${unsigned}.${signature}`)
        .expect(401);
      expectErrorShape(res.body, 401);
    });

    it('lets only admins publish definitions (role guard)', async () => {
      for (const username of ['btv', 'auditor', 'mttq.an-binh']) {
        const res = await request(t.http)
          .post('/api/definitions')
          .set('Authorization', `Bearer ${await t.login(username)}`)
          .send({ key: 'x' })
          .expect(403);
        expectErrorShape(res.body, 403);
      }
      await request(t.http)
        .post('/api/definitions')
        .set('Authorization', `Bearer ${await t.login('admin')}`)
        .send({ key: 'x' })
        .expect(422);
    });
  });

  describe('organisation', () => {
    it('lists the district tree with Vietnamese names, kinds and parents', async () => {
      const res = await request(t.http)
        .get('/api/org-units')
        .set('Authorization', `Bearer ${await t.login('btv')}`)
        .expect(200);
      const units = res.body as Array<{
        id: string;
        slug: string;
        name: string;
        kind: string;
        parentId: string | null;
      }>;
      const bySlug = new Map(units.map((u) => [u.slug, u]));
      const district = units.find((u) => u.kind === 'district');
      expect(district?.parentId).toBeNull();
      expect(bySlug.get('ban-dan-van-huyen-uy')?.name).toBe('Ban Dân vận Huyện ủy');
      const communes = units.filter((u) => u.kind === 'commune');
      expect(communes.length).toBeGreaterThanOrEqual(3);
      for (const commune of communes) {
        const kinds = units.filter((u) => u.parentId === commune.id).map((u) => u.kind);
        expect(kinds).toEqual(
          expect.arrayContaining([
            'party-committee',
            'peoples-committee',
            'fatherland-front',
            'mass-organization',
          ]),
        );
      }
      expect(bySlug.get('an-binh.dang-uy')?.name).toBe('Đảng ủy xã An Bình');
    });
  });

  describe('errors', () => {
    it('answers malformed JSON with 400', async () => {
      const res = await request(t.http)
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"username": "btv",')
        .expect(400);
      expectErrorShape(res.body, 400);
    });

    it('answers a validation failure with 400 and details', async () => {
      const res = await request(t.http).post('/api/auth/login').send({ username: 42 }).expect(400);
      expectErrorShape(res.body, 400);
      expect(res.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: '/username' })]),
      );
    });

    it('answers a body over the limit with 413', async () => {
      const res = await request(t.http)
        .post('/api/auth/login')
        .send({ username: 'btv', password: 'x'.repeat(20_000) })
        .expect(413);
      expectErrorShape(res.body, 413);
    });

    it('answers an unknown route with 404', async () => {
      const res = await request(t.http)
        .get('/api/nothing-here')
        .set('Authorization', `Bearer ${await t.login('btv')}`)
        .expect(404);
      expectErrorShape(res.body, 404);
    });
  });

  describe('operations', () => {
    it('reports PostgreSQL and Redis healthy', async () => {
      const res = await request(t.http).get('/health').expect(200);
      expect(res.body.details).toEqual({ postgres: { status: 'up' }, redis: { status: 'up' } });
    });

    it('serves an OpenAPI document generated from the code', async () => {
      const res = await request(t.http).get('/api/docs-json').expect(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/auth/login',
          '/api/org-units',
          '/api/instances/{id}/commands',
          '/api/inbox',
        ]),
      );
    });

    it('echoes a request id and sets security headers', async () => {
      const res = await request(t.http).get('/health').set('X-Request-Id', 'abc-123').expect(200);
      expect(res.headers['x-request-id']).toBe('abc-123');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });
  });
});
