import request from 'supertest';
import { OwnRedisServer } from '../utils/redis-server';
import { createTestApp, type TestApp } from '../utils/test-app';

describe('health with Redis unreachable, and the sign-in rate limit', () => {
  let redis: OwnRedisServer;
  let t: TestApp;

  beforeAll(async () => {
    redis = await OwnRedisServer.start();
    t = await createTestApp({
      REDIS_URL: redis.url,
      LOGIN_RATE_LIMIT: '3',
      LOGIN_RATE_WINDOW_MS: '60000',
    });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('limits sign-in attempts per client', async () => {
    for (let i = 0; i < 3; i++) {
      await request(t.http)
        .post('/api/auth/login')
        .send({ username: 'btv', password: 'wrong' })
        .expect(401);
    }
    const res = await request(t.http)
      .post('/api/auth/login')
      .send({ username: 'btv', password: 'demo' })
      .expect(429);
    expect(res.body).toEqual(
      expect.objectContaining({ statusCode: 429, error: 'Too Many Requests' }),
    );
  });

  it('answers 503 naming Redis once Redis is gone', async () => {
    await request(t.http).get('/health').expect(200);
    await redis.stop();
    const res = await request(t.http).get('/health').expect(503);
    expect(res.body.statusCode).toBe(503);
    expect(JSON.stringify(res.body)).toContain('redis');
    expect(res.body.checks.details.postgres.status).toBe('up');
    expect(res.body.checks.details.redis.status).toBe('down');
  });

  it('recovers once Redis is back', async () => {
    await redis.start();
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await request(t.http).get('/health')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
  });
});
