/**
 * `npm run bench:cpu -- [--concurrency=4] [--seconds=10]`: Node CPU milliseconds per command, the
 * API and one separate worker process apart, from /proc ticks over a closed-loop window of the
 * engine bench's regulation-review lap, gross and net of what the processes spend idle. Less
 * sensitive to a busy neighbour than throughput is on a shared machine;
 * `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` profiles both processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupAll, installSignalHandlers, onCleanup } from './lib/cleanup';
import { EngineDriver, createLanes } from './lib/engine';
import { HttpClient } from './lib/http-client';
import { UsageMonitor, type WindowUsage } from './lib/monitor';
import { benchEnvironment, buildProduct, setupDatabase, startProduct } from './lib/product';
import { Session } from './lib/session';
import { round, sleep } from './lib/stats';

const IDLE_MS = 5000;

function flag(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.split('=')[1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

async function main(): Promise<void> {
  installSignalHandlers();
  const concurrency = flag('concurrency', 4);
  const seconds = flag('seconds', 10);
  const logDir = mkdtempSync(join(tmpdir(), 'dwf-cpu-'));
  onCleanup('remove logs', async () => rmSync(logDir, { recursive: true, force: true }));
  try {
    buildProduct();
    const environment = benchEnvironment(logDir, 'info');
    await setupDatabase(environment);
    const product = await startProduct(environment, 'cpu', 1);
    const client = new HttpClient(product.baseUrl, 64);
    try {
      const session = await Session.open(product.baseUrl);
      const lanes = await createLanes(session, client, concurrency * 2);
      const driver = new EngineDriver(session, client, lanes);
      const monitor = new UsageMonitor([product.api, ...product.workers]);
      // A first window warms the JIT and the caches; the second is the one reported. The idle
      // window measures what the processes spend with no command (timers, queue polling), which
      // is taken off the loaded window's CPU.
      await driver.closedLoop(concurrency, 1000, 3000, monitor);
      monitor.start();
      await sleep(IDLE_MS);
      const idle = await monitor.stop();
      const level = await driver.closedLoop(concurrency, 1000, seconds * 1000, monitor);
      const s = level.statuses;
      const commands = s.applied200 + s.pending202 + s.conflict409 + s.rejected422;
      const cpuMs = (usage: WindowUsage, name: string): number =>
        ((usage.processes.find((p) => p.name === name)?.cpuPercent ?? NaN) / 100) *
        usage.seconds *
        1000;
      const perCommand = (name: string): { gross: number; net: number; idleCpuPercent: number } => {
        const busy = cpuMs(level.usage, name);
        const idleRate = cpuMs(idle, name) / idle.seconds;
        return {
          gross: round(busy / commands, 2),
          net: round((busy - idleRate * level.usage.seconds) / commands, 2),
          idleCpuPercent: round(idleRate / 10, 1),
        };
      };
      console.log(
        JSON.stringify({
          concurrency,
          seconds,
          commands,
          statuses: s,
          throughput: level.throughput,
          apiCpuMs: perCommand(product.api.name),
          workerCpuMs: perCommand(product.workers[0].name),
          postgresCpuPercent: level.usage.postgresCpuPercent,
          machineBusyPercent: level.usage.machineBusyPercent,
        }),
      );
    } finally {
      client.close();
      await product.stop();
    }
  } finally {
    await cleanupAll();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
