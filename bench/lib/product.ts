import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { pgClient } from './pg';
import Redis from 'ioredis';
import { onCleanup } from './cleanup';
import { HttpClient } from './http-client';
import { ServiceProcess, freePort, runToEnd } from './processes';
import { sleep } from './stats';

export const ROOT = join(__dirname, '..', '..');

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export const SERVER_URL =
  process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Where this run compiles the product: a folder of its own (removed at the end), so it never
 * deletes a `dist/` in use; under node_modules so the compiled code resolves the packages.
 */
export const BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'dwf-bench', uniqueName('build'));

/**
 * Compiles `src` as the production tsconfig (tsconfig.build.json) describes, into the run's own
 * folder, file by file with TypeScript's `transpileModule` — what `ts-node --transpile-only` does,
 * written to disk so the product runs as plain `node` (and a worker's memory is not inflated by a
 * compiler). The tsconfig sets `isolatedModules`, so each file compiles alone to what `tsc` emits;
 * type checking is left to `tsc --noEmit` and CI. JSON assets are copied as `nest build` does.
 */
export function buildProduct(): { ms: number; files: number } {
  const started = Date.now();
  mkdirSync(BUILD_DIR, { recursive: true });
  onCleanup('remove build', async () => rmSync(BUILD_DIR, { recursive: true, force: true }));
  const configPath = join(ROOT, 'tsconfig.build.json');
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, undefined, configPath);
  const rootDir = parsed.options.rootDir ?? join(ROOT, 'src');
  const compilerOptions: ts.CompilerOptions = {
    ...parsed.options,
    sourceMap: false,
    inlineSourceMap: false,
    declaration: false,
  };
  let files = 0;
  for (const file of parsed.fileNames) {
    if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
    const output = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions,
      fileName: file,
      reportDiagnostics: true,
    });
    const errors = (output.diagnostics ?? []).filter(
      (d) => d.category === ts.DiagnosticCategory.Error,
    );
    if (errors.length > 0) {
      throw new Error(
        `${relative(ROOT, file)}: ${ts.flattenDiagnosticMessageText(errors[0].messageText, '\n')}`,
      );
    }
    const target = join(BUILD_DIR, relative(rootDir, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
    files++;
  }
  copyJsonAssets(rootDir, BUILD_DIR);
  if (!existsSync(join(BUILD_DIR, 'main.js'))) throw new Error('build: no main.js');
  return { ms: Date.now() - started, files };
}

function copyJsonAssets(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const source = join(entry.parentPath, entry.name);
    cpSync(source, join(to, relative(from, source)));
  }
}

export interface BenchEnvironment {
  databaseName: string;
  databaseUrl: string;
  queuePrefix: string;
  /** The product's environment, shared by the setup, the API and the workers. */
  env: Record<string, string>;
  logDir: string;
}

export function benchEnvironment(logDir: string, logLevel: string): BenchEnvironment {
  const databaseName = uniqueName('dwf_bench');
  const queuePrefix = uniqueName('dwfb');
  const databaseUrl = `${SERVER_URL}/${databaseName}`;
  return {
    databaseName,
    databaseUrl,
    queuePrefix,
    logDir,
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      JWT_SECRET: randomBytes(24).toString('hex'),
      SEED_PASSWORD: 'demo',
      LOG_LEVEL: logLevel,
      // A handful of bench users sign in from one address; the limit is not what is measured.
      LOGIN_RATE_LIMIT: '10000',
      LOGIN_RATE_LIMIT_PER_ADDRESS: '100000',
    },
  };
}

/** Runs the real `setup()` (migrations, demo organisation, built-in workflows) in a child process. */
export async function setupDatabase(
  environment: BenchEnvironment,
  keepDatabase = false,
): Promise<number> {
  const started = Date.now();
  if (!keepDatabase) {
    onCleanup(`drop database ${environment.databaseName}`, () =>
      dropDatabase(environment.databaseName),
    );
  }
  onCleanup(`delete Redis keys ${environment.queuePrefix}:*`, async () => {
    await deleteKeys(REDIS_URL, `${environment.queuePrefix}:*`);
  });
  await runToEnd(process.execPath, [join(BUILD_DIR, 'cli', 'setup.js')], {
    cwd: ROOT,
    env: environment.env,
    timeoutMs: 120_000,
  });
  return Date.now() - started;
}

export async function dropDatabase(name: string): Promise<void> {
  const client = pgClient({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function deleteKeys(redisUrl: string, pattern: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

export interface RunningProduct {
  baseUrl: string;
  api: ServiceProcess;
  workers: ServiceProcess[];
  stop(): Promise<void>;
}

/**
 * Starts the API (with in-process workers, or with `RUN_WORKERS=false` and `separateWorkers`
 * worker processes) on a spare loopback port and waits until `/health` answers 200.
 */
export async function startProduct(
  environment: BenchEnvironment,
  label: string,
  separateWorkers: number,
  extra: { env?: Record<string, string>; apiNodeArgs?: string[] } = {},
): Promise<RunningProduct> {
  const port = await freePort();
  // Each product process counts its SQL round trips there (see round-trip-counter.cjs).
  const roundTrips = join(environment.logDir, `round-trips-${label}`);
  mkdirSync(roundTrips, { recursive: true });
  const env = {
    ...environment.env,
    ...extra.env,
    PORT: String(port),
    RUN_WORKERS: separateWorkers > 0 ? 'false' : 'true',
    BENCH_ROUND_TRIPS_DIR: roundTrips,
  };
  const counter = ['-r', join(__dirname, 'round-trip-counter.cjs')];
  const workers: ServiceProcess[] = [];
  for (let i = 0; i < separateWorkers; i++) {
    workers.push(
      ServiceProcess.start(
        `${label}-worker-${i + 1}`,
        join(BUILD_DIR, 'worker.js'),
        env,
        environment.logDir,
        ROOT,
        counter,
      ),
    );
  }
  const api = ServiceProcess.start(
    `${label}-api`,
    join(BUILD_DIR, 'main.js'),
    env,
    environment.logDir,
    ROOT,
    [...counter, ...(extra.apiNodeArgs ?? [])],
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitHealthy(baseUrl, api, workers);
  return {
    baseUrl,
    api,
    workers,
    async stop() {
      await Promise.all([api.stop(), ...workers.map((w) => w.stop())]);
    },
  };
}

async function waitHealthy(
  baseUrl: string,
  api: ServiceProcess,
  workers: ServiceProcess[],
): Promise<void> {
  const client = new HttpClient(baseUrl, 1);
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      for (const process of [api, ...workers]) {
        if (!process.running) {
          throw new Error(`${process.name} exited during start-up:\n${process.tail()}`);
        }
      }
      const res = await client.send('GET', '/health', undefined, undefined, 2000);
      if (res.status === 200) {
        // Workers have no HTTP: give them the moment their Nest context takes to connect.
        if (workers.length > 0) await sleep(1500);
        return;
      }
      await sleep(200);
    }
    throw new Error(`${api.name} did not become healthy within 60 s:\n${api.tail()}`);
  } finally {
    client.close();
  }
}
