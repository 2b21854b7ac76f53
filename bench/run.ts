/**
 * `npm run bench` (full) and `npm run bench -- --quick`: the engine end to end against the physical
 * baseline, reads over a bulk-loaded population, and a worker's memory. Builds the product into its
 * own folder, sets up a database of its own with the real `setup()`, drives the API over loopback,
 * prints a table and writes bench/results/latest.json. Everything it starts is stopped and its
 * database dropped at the end, on failure too.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Baseline, type BaselineLevel } from './lib/baseline';
import { cleanupAll, installSignalHandlers, onCleanup } from './lib/cleanup';
import {
  EngineDriver,
  type Lane,
  type LevelResult,
  type OpenLoopResult,
  createLanes,
} from './lib/engine';
import { HttpClient } from './lib/http-client';
import { machineInfo } from './lib/machine';
import { UsageMonitor, backgroundBusy } from './lib/monitor';
import { type BenchOptions, parseOptions } from './lib/options';
import {
  type BenchEnvironment,
  REDIS_URL,
  ROOT,
  SERVER_URL,
  benchEnvironment,
  buildProduct,
  setupDatabase,
  startProduct,
} from './lib/product';
import { type ReadsResult, runReads } from './lib/reads';
import { type StallsResult, runStalls } from './lib/stalls';
import {
  type BenchResults,
  type EngineConfigurationResult,
  printTable,
  evaluate,
  writeResults,
} from './lib/report';
import { scrapeCommandMetrics } from './lib/metrics-scrape';
import { Session } from './lib/session';
import { round } from './lib/stats';

async function engineConfiguration(
  options: BenchOptions,
  environment: BenchEnvironment,
  label: 'in-process' | 'separate',
  lanesIn: Lane[] | undefined,
): Promise<{ result: EngineConfigurationResult; lanes: Lane[]; session: Session }> {
  const separate = label === 'separate' ? options.workers : 0;
  const background = await backgroundBusy();
  log(
    `engine (${label}${separate ? `, ${separate} worker processes` : ''}): starting; machine ${background}% busy before`,
  );
  const product = await startProduct(environment, label, separate);
  const client = new HttpClient(product.baseUrl, 1024);
  try {
    const session = await Session.open(product.baseUrl);
    const lanes = lanesIn ?? (await createLanes(session, client, options.lanes));
    const driver = new EngineDriver(session, client, lanes);
    const monitor = new UsageMonitor([product.api, ...product.workers], environment.databaseUrl);
    const levels: LevelResult[] = [];
    for (const concurrency of options.levels) {
      const level = await driver.closedLoop(
        concurrency,
        options.warmupMs,
        options.measureMs,
        monitor,
      );
      levels.push(level);
      log(
        `  c=${concurrency}: ${level.throughput}/s applied, p50 ${level.latency.p50} ms, p99 ${level.latency.p99} ms` +
          `${nonApplied(level.statuses)}`,
      );
    }
    const peak = Math.max(...levels.map((l) => l.throughput));
    let halfPeak: OpenLoopResult | undefined;
    if (peak > 0) {
      halfPeak = await driver.openLoop(peak / 2, options.warmupMs, options.measureMs, monitor);
      log(
        `  open loop at ${halfPeak.targetRate}/s (half of peak): p50 ${halfPeak.latency.p50} ms, p99 ${halfPeak.latency.p99} ms` +
          `${nonApplied(halfPeak.statuses)}`,
      );
    }
    // In-process, the API decides the commands and its /metrics holds them all; with separate
    // workers each worker process keeps its own registry, and the API's shows what it decided.
    const metrics = await scrapeCommandMetrics(client, session.token('admin'));
    log(
      metrics
        ? `  /metrics (API process): workflow_command_latency_seconds ${JSON.stringify(metrics.decidedByOutcome)}, mean ${metrics.meanLatencyMs ?? '-'} ms`
        : '  /metrics did not answer 200',
    );
    return {
      result: {
        configuration: label,
        workerProcesses: separate,
        backgroundBusyPercentBefore: background,
        levels,
        peakThroughput: peak,
        halfPeak,
        metrics: metrics ?? undefined,
      },
      lanes,
      session,
    };
  } finally {
    client.close();
    await product.stop();
  }
}

function nonApplied(s: LevelResult['statuses']): string {
  const parts = Object.entries(s)
    .filter(([k, v]) => k !== 'applied200' && v > 0)
    .map(([k, v]) => `${k}=${v}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function log(message: string): void {
  const elapsed = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(6);
  console.log(`[${elapsed}s] ${message}`);
}

const startedAt = Date.now();

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  installSignalHandlers();
  const deadline = setTimeout(() => {
    console.error(`bench: deadline of ${options.deadlineMs / 60000} min passed; stopping`);
    void cleanupAll().finally(() => process.exit(124));
  }, options.deadlineMs);
  deadline.unref();

  const machine = await machineInfo(SERVER_URL, REDIS_URL);
  log(
    `${options.mode} mode on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB; ` +
      `node ${machine.node}, PostgreSQL ${machine.postgres}, Redis ${machine.redis}; load ${machine.loadAverageAtStart.join(' ')}`,
  );
  const logDir = mkdtempSync(join(tmpdir(), 'dwf-bench-'));
  let failed = false;
  onCleanup('remove logs', async () => {
    if (failed) console.error(`bench: process logs kept in ${logDir}`);
    else rmSync(logDir, { recursive: true, force: true });
  });

  try {
    const build = buildProduct();
    log(`built ${build.files} files in ${build.ms} ms`);
    const environment = benchEnvironment(logDir, options.logLevel);
    const setupMs = await setupDatabase(environment, options.keepDatabase);
    log(`database ${environment.databaseName} set up in ${setupMs} ms`);
    if (options.keepDatabase) console.log(`(--keep-db: ${environment.databaseUrl} is kept)`);

    const engine: EngineConfigurationResult[] = [];
    const baseline: BaselineLevel[] = [];
    const baselineNotify: BaselineLevel[] = [];
    let baselineBackground: number | undefined;
    let reads: ReadsResult | undefined;
    let stalls: StallsResult | undefined;
    let lanes: Lane[] | undefined;
    let session: Session | undefined;

    if (options.phases.has('engine') || options.phases.has('baseline')) {
      const first = await engineConfiguration(options, environment, 'in-process', undefined);
      lanes = first.lanes;
      session = first.session;
      if (options.phases.has('engine')) {
        engine.push(first.result);
        engine.push((await engineConfiguration(options, environment, 'separate', lanes)).result);
      }
    }

    if (options.phases.has('baseline') && lanes && session) {
      baselineBackground = await backgroundBusy();
      log(
        `baseline (plain pg, one transaction per command): starting; machine ${baselineBackground}% busy before`,
      );
      const lane = lanes[0];
      const baselineRunner = await Baseline.prepare(
        environment.databaseUrl,
        {
          instanceId: lane.instanceId,
          actorId: session.userIds.get(`mttq.${lane.commune}`) ?? '',
          actorUsername: `mttq.${lane.commune}`,
          actorOrgUnitId: session.unit(`${lane.commune}.mttq`).id,
          assigneeUnitId: session.unit('ban-dan-van-huyen-uy').id,
          submitForm: lane.submitForm,
        },
        options.lanes,
        Math.max(...options.levels),
      );
      const monitor = new UsageMonitor([], environment.databaseUrl);
      const report = (level: BaselineLevel): void =>
        log(
          `  c=${level.concurrency}${level.notify ? ' with pg_notify' : ''}: ${level.throughput}/s committed, ` +
            `p50 ${level.latency.p50} ms, p99 ${level.latency.p99} ms` +
            (level.errors ? ` (${level.errors} errors: ${level.errorSamples[0]})` : ''),
        );
      try {
        for (const concurrency of options.levels) {
          const level = await baselineRunner.run(
            concurrency,
            options.warmupMs,
            options.measureMs,
            false,
            monitor,
          );
          baseline.push(level);
          report(level);
        }
        // Diagnostic (full mode): the same with the engine's NOTIFY, at the top level, where the
        // lock NOTIFY takes at commit serialises the committing transactions.
        if (options.mode === 'full') {
          const top = Math.max(...options.levels);
          const level = await baselineRunner.run(
            top,
            options.warmupMs,
            options.measureMs,
            true,
            monitor,
          );
          baselineNotify.push(level);
          report(level);
        }
      } finally {
        await baselineRunner.close();
      }
    }

    if (options.phases.has('reads')) {
      reads = await runReads(options, environment, log);
    }
    if (options.phases.has('stalls')) {
      log('stalls: /health and the inbox while CPU-heavy requests run');
      stalls = await runStalls(environment, log);
    }

    const results: BenchResults = evaluate({
      mode: options.mode,
      date: new Date().toISOString(),
      durationSeconds: round((Date.now() - startedAt) / 1000, 1),
      machine,
      options: {
        levels: options.levels,
        warmupSeconds: options.warmupMs / 1000,
        measureSeconds: options.measureMs / 1000,
        separateWorkerProcesses: options.workers,
        lanes: options.lanes,
        logLevel: options.logLevel,
        seedInstances: options.seedInstances,
        seedEvents: options.seedEvents,
        readSamples: options.readSamples,
      },
      build: {
        ms: build.ms,
        files: build.files,
        method:
          'tsconfig.build.json, transpiled file by file (isolatedModules), run with plain node',
      },
      engine,
      baseline,
      baselineNotify,
      ...(baselineBackground === undefined
        ? {}
        : { baselineBackgroundBusyPercentBefore: baselineBackground }),
      reads,
      stalls,
    });
    printTable(results);
    const written = writeResults(results, join(ROOT, 'bench', 'results'));
    log(`results written: ${written.join(', ')}`);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await cleanupAll();
    clearTimeout(deadline);
  }
}

mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
