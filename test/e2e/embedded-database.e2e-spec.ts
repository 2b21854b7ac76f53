import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess } from '../faults/fault-harness';
import { uniqueName } from '../utils/test-database';
import { deleteKeys, QUEUE_BACKEND, TEST_REDIS_URL } from '../utils/test-app';

/** First boot creates a cluster, migrates and seeds, all from source through ts-node. */
const BOOT_TIMEOUT_MS = 240_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function json<T>(res: Response, status: number): Promise<T> {
  const body = (await res.json()) as T;
  expect({ status: res.status, body }).toEqual({ status, body });
  return body;
}

/**
 * `npm start` with no DATABASE_URL: an embedded PostgreSQL under DATA_DIR, migrated and seeded,
 * serving; SIGKILLed (which leaves its PostgreSQL orphaned) and started again, with data kept.
 */
describe('embedded PostgreSQL when DATABASE_URL is not set', () => {
  let dataDir: string;
  let api: ApiProcess | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dwf-embedded-'));
    // PostgreSQL runs as its own user when the tests run as root: it must reach the directory.
    await chmod(dataDir, 0o755);
    env = {
      DATABASE_URL: undefined,
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      REDIS_URL: QUEUE_BACKEND === 'postgres' ? '' : TEST_REDIS_URL,
      QUEUE_PREFIX: uniqueName('dwfe'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
    };
  });
  afterAll(async () => {
    await api?.stop();
    // Whatever the outcome, no PostgreSQL of this test outlives it.
    const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
    await deleteKeys(TEST_REDIS_URL, `${env.QUEUE_PREFIX}:*`);
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'serves the demo from DATA_DIR and keeps everything over a SIGKILL and restart',
    async () => {
      const port = await freePort();
      api = await ApiProcess.start(port, env, BOOT_TIMEOUT_MS);
      expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

      const login = async (username: string): Promise<string> =>
        (
          await json<{ accessToken: string }>(
            await fetch(`${api?.url}/api/auth/login`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ username, password: 'demo' }),
            }),
            200,
          )
        ).accessToken;
      const token = await login('mttq.an-binh');
      const units = await json<Array<{ id: string; slug: string }>>(
        await fetch(`${api.url}/api/org-units`, { headers: { Authorization: `Bearer ${token}` } }),
        200,
      );
      const unit = units.find((u) => u.slug === 'an-binh.mttq');
      const created = await json<{ id: string; version: number }>(
        await fetch(`${api.url}/api/instances`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            definitionKey: 'regulation-review',
            orgUnitId: unit?.id,
            title: 'Hồ sơ giữ qua lần dừng đột ngột',
          }),
        }),
        201,
      );

      await api.kill();
      api = await ApiProcess.start(port, env, BOOT_TIMEOUT_MS);

      const again = await login('mttq.an-binh');
      const answer = await fetch(`${api.url}/api/instances/${created.id}`, {
        headers: { Authorization: `Bearer ${again}` },
      }).catch((error: unknown) => {
        throw new Error(`${String(error)}; the API wrote:\n${api?.tail() ?? ''}`);
      });
      const kept = await json<{ id: string; title: string }>(answer, 200);
      expect(kept.title).toBe('Hồ sơ giữ qua lần dừng đột ngột');
      // The demo was seeded once: the restart found users and seeded nothing again.
      const unitsAfter = await json<unknown[]>(
        await fetch(`${api.url}/api/org-units`, { headers: { Authorization: `Bearer ${again}` } }),
        200,
      );
      expect(unitsAfter).toHaveLength(units.length);
    },
    2 * BOOT_TIMEOUT_MS + 60_000,
  );
});
