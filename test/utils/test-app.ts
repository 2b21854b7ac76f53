import { type INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import request from 'supertest';
import { type App } from 'supertest/types';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_SERVER_URL, dropDatabase, servingUrl, uniqueName } from './test-database';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * `QUEUE_BACKEND=postgres` re-runs a test file with the queues in BullMQ's PostgreSQL backend
 * (REDIS_URL unset), as the `queue-postgres` jest project does; a test that brings a Redis of its
 * own (faults, Redis loss) still passes its REDIS_URL explicitly.
 */
export const QUEUE_BACKEND: 'redis' | 'postgres' =
  process.env.QUEUE_BACKEND === 'postgres' ? 'postgres' : 'redis';

export interface TestEnvironment {
  databaseName: string;
  /** The serving role's URL (what the app uses): no UPDATE, DELETE or TRUNCATE of history. */
  databaseUrl: string;
  /** The owner's: for tests that act as whoever controls the database (a superuser here). */
  ownerDatabaseUrl: string;
  /** DATA_DIR: the log's signing key and checkpoint files. */
  dataDir: string;
  queuePrefix: string;
  env: Record<string, string>;
}

/**
 * A fresh database (migrated and seeded by the real `setup`, as the owner, which limits the
 * serving role the app then connects as) and a queue prefix of its own, so test files never
 * share state. Environment variables are set before any app module is imported,
 * because configuration is validated when its module loads.
 */
export async function prepareEnvironment(
  overrides: Record<string, string> = {},
): Promise<TestEnvironment> {
  const databaseName = uniqueName('dwf_test');
  const queuePrefix = uniqueName('dwft');
  const dataDir = mkdtempSync(join(tmpdir(), 'dwf-data-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_OWNER_URL: `${TEST_SERVER_URL}/${databaseName}`,
    DATABASE_URL: servingUrl(databaseName),
    DATA_DIR: dataDir,
    REDIS_URL: QUEUE_BACKEND === 'postgres' ? '' : TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'warn',
    SEED_PASSWORD: 'demo',
    COMMAND_WAIT_MS: '5000',
    SWEEP_INTERVAL_MS: '500',
    SWEEP_GRACE_MS: '1000',
    // Every test signs its users in from one address; the per-address limit has its own test.
    LOGIN_RATE_LIMIT_PER_ADDRESS: '100000',
    ...overrides,
  };
  Object.assign(process.env, env);
  const { setup } = await import('../../src/cli/setup');
  await silently(setup);
  return {
    databaseName,
    databaseUrl: env.DATABASE_URL,
    ownerDatabaseUrl: env.DATABASE_OWNER_URL,
    dataDir: env.DATA_DIR,
    queuePrefix,
    env,
  };
}

export interface TestApp extends TestEnvironment {
  app: INestApplication<App>;
  http: App;
  login(username: string, password?: string): Promise<string>;
  unitId(slug: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Replaces the app's clock (see `ControlledClock`): the one way to move time, tests only. */
  clock?: { now(): Date };
}

let appsBooted = 0;

/**
 * Boots the real AppModule (API and in-process worker) over a fresh environment.
 *
 * Configuration is validated once, when its module first loads; so a second app in the same test
 * file is booted in a module registry of its own (`jest.isolateModulesAsync`), or it would run on
 * the first app's database and settings. Classes imported by the test file are then not the ones
 * that app uses: talk to it over HTTP.
 */
export async function createTestApp(
  overrides: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  let booted: { environment: TestEnvironment; app: INestApplication<App> } | undefined;
  const boot = async (): Promise<void> => {
    const environment = await prepareEnvironment(overrides);
    const { AppModule } = await import('../../src/app.module');
    const { configureApp } = await import('../../src/common/http/configure-app');
    const { Clock } = await import('../../src/common/clock/clock');
    // From the same registry as AppModule: Nest matches its own classes (ModuleRef...) by identity.
    const { Test } = await import('@nestjs/testing');
    let builder = Test.createTestingModule({ imports: [AppModule] });
    if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
    const moduleRef = await builder.compile();
    const app = moduleRef.createNestApplication<INestApplication<App>>({ bodyParser: false });
    configureApp(app);
    await app.init();
    booted = { environment, app };
  };
  if (appsBooted > 0 && typeof jest !== 'undefined') await jest.isolateModulesAsync(boot);
  else await boot();
  appsBooted += 1;
  if (!booted) throw new Error('The test app did not boot');
  const { environment, app } = booted;
  const http = app.getHttpServer();

  const tokens = new Map<string, string>();
  const units = new Map<string, string>();
  const login = async (username: string, password = 'demo'): Promise<string> => {
    const cached = tokens.get(username);
    if (cached && password === 'demo') return cached;
    const res = await request(http)
      .post('/api/auth/login')
      .send({ username, password })
      .expect(200);
    const token = (res.body as { accessToken: string }).accessToken;
    tokens.set(username, token);
    return token;
  };
  return {
    ...environment,
    app,
    http,
    login,
    async unitId(slug) {
      if (units.size === 0) {
        const token = await login('admin');
        const res = await request(http)
          .get('/api/org-units')
          .set('Authorization', `Bearer ${token}`)
          .expect(200);
        for (const unit of res.body as Array<{ id: string; slug: string }>)
          units.set(unit.slug, unit.id);
      }
      const id = units.get(slug);
      if (!id) throw new Error(`No unit ${slug}`);
      return id;
    },
    async close() {
      await app.close();
      await cleanUp(environment);
    },
  };
}

/** Drops the test database, its data directory and the test's queue keys. */
export async function cleanUp(environment: TestEnvironment): Promise<void> {
  await dropDatabase(environment.databaseName);
  rmSync(environment.dataDir, { recursive: true, force: true });
  await deleteKeys(TEST_REDIS_URL, `${environment.queuePrefix}:*`);
}

export async function deleteKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function silently(fn: () => Promise<void>): Promise<void> {
  const log = console.log;
  console.log = () => undefined;
  try {
    await fn();
  } finally {
    console.log = log;
  }
}
