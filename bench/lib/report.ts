import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BaselineLevel } from './baseline';
import { type LevelResult, type OpenLoopResult } from './engine';
import { type MachineInfo } from './machine';
import { type ScrapedCommandMetrics } from './metrics-scrape';
import { type ReadsResult } from './reads';
import { round } from './stats';
import { type StallsResult } from './stalls';
import { type Target } from './target';

export interface EngineConfigurationResult {
  configuration: 'in-process' | 'separate';
  workerProcesses: number;
  /** How busy the machine was (all cores, %) just before, with nothing of the bench running. */
  backgroundBusyPercentBefore: number;
  levels: LevelResult[];
  peakThroughput: number;
  halfPeak?: OpenLoopResult;
  /** What the API process's own `/metrics` said at the end of the run. */
  metrics?: ScrapedCommandMetrics;
}

export interface RatioRow {
  concurrency: number;
  baseline: number | null;
  inProcess: number | null;
  separate: number | null;
  ratioInProcess: number | null;
  ratioSeparate: number | null;
  /**
   * CPU milliseconds (all cores) per applied command / committed transaction: the product's
   * processes and their PostgreSQL backends for the engine; the bench (the client) and its
   * backends for the baseline. Redis (shared) is not counted.
   */
  cpuMsBaseline: number | null;
  cpuMsInProcess: number | null;
  cpuMsSeparate: number | null;
  /**
   * baseline CPU per transaction / engine CPU per command: what the ratio would be where CPU is
   * the limit and nothing else runs — an estimate that busy neighbours skew far less than the
   * throughput ratio.
   */
  cpuRatioInProcess: number | null;
  cpuRatioSeparate: number | null;
}

export interface BenchResults {
  mode: 'quick' | 'full';
  date: string;
  durationSeconds: number;
  machine: MachineInfo;
  options: Record<string, unknown>;
  build: { ms: number; files: number; method: string };
  engine: EngineConfigurationResult[];
  baseline: BaselineLevel[];
  /** The baseline with `pg_notify` in each transaction, at the top level: the NOTIFY lock's cost. */
  baselineNotify: BaselineLevel[];
  baselineBackgroundBusyPercentBefore?: number;
  ratios?: RatioRow[];
  /**
   * Transactions committed per applied command, from pg_stat_database (approximate): every
   * statement outside an explicit transaction counts as one, so this tracks round trips too.
   */
  commitsPerCommand?: Record<string, Record<string, number | null>>;
  /**
   * Per applied command, by process: SQL round trips (statements sent through `pg`, counted in
   * the processes), explicit transactions among them, and CPU ms. By configuration, then level;
   * in-process, the API process does the workers' share too and `worker` is null.
   */
  perCommand?: Record<string, Record<string, PerCommandRow>>;
  memory?: {
    workerRssMaxMb: number | null;
    workerRssMedianMb: number | null;
    apiRssMaxMb: Record<string, number | null>;
    note: string;
  };
  reads?: ReadsResult;
  stalls?: StallsResult;
  targets?: Target[];
}

export interface PerCommandRow {
  api: ProcessShare;
  worker: ProcessShare | null;
}

interface ProcessShare {
  sqlRoundTrips: number | null;
  transactions: number | null;
  cpuMs: number | null;
}

type Input = Omit<
  BenchResults,
  'ratios' | 'targets' | 'memory' | 'commitsPerCommand' | 'perCommand'
>;

/** The API's or the workers' share of a level's round trips, transactions and CPU, per command. */
function shareOf(level: LevelResult, worker: boolean): ProcessShare | null {
  const processes = level.usage.processes.filter((p) => p.name.includes('worker') === worker);
  if (processes.length === 0 || level.applied <= 0) return null;
  const sum = (values: Array<number | null>): number | null =>
    values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0);
  const per = (total: number | null, digits: number): number | null =>
    total === null ? null : round(total / level.applied, digits);
  return {
    sqlRoundTrips: per(sum(processes.map((p) => p.sqlStatements)), 2),
    transactions: per(sum(processes.map((p) => p.sqlTransactions)), 2),
    // Share of one core in percent over the window: percent × 10 ms per second.
    cpuMs: round(
      (processes.reduce((a, p) => a + p.cpuPercent, 0) * 10 * level.usage.seconds) / level.applied,
      2,
    ),
  };
}

// Issue 11's targets: ratio >= 0.6 at the engine's best level, p99 <= 25 ms at half of peak,
// worker RSS <= 200 MB.
const RATIO_TARGET = 0.6;
const HALF_PEAK_P99_TARGET_MS = 25;
const MEMORY_TARGET_MB = 200;

/** Adds the ratios, the memory figures and every target with met / not met. */
export function evaluate(input: Input): BenchResults {
  const results: BenchResults = { ...input };
  const targets: Target[] = [];
  const byConcurrency = new Map(input.baseline.map((b) => [b.concurrency, b.throughput]));
  const inProcess = input.engine.find((e) => e.configuration === 'in-process');
  const separate = input.engine.find((e) => e.configuration === 'separate');
  const levels = [
    ...new Set([
      ...input.baseline.map((b) => b.concurrency),
      ...input.engine.flatMap((e) => e.levels.map((l) => l.concurrency)),
    ]),
  ].sort((a, b) => a - b);
  const tput = (e: EngineConfigurationResult | undefined, c: number): number | null =>
    e?.levels.find((l) => l.concurrency === c)?.throughput ?? null;
  const ratio = (engine: number | null, base: number | null): number | null =>
    engine !== null && base ? round(engine / base, 3) : null;
  const engineCpuMs = (e: EngineConfigurationResult | undefined, c: number): number | null => {
    const level = e?.levels.find((l) => l.concurrency === c);
    if (!level || level.throughput <= 0) return null;
    const percent =
      level.usage.processes.reduce((a, p) => a + p.cpuPercent, 0) + level.usage.postgresCpuPercent;
    return round((percent * 10) / level.throughput, 2);
  };
  const baselineCpuMs = (c: number): number | null => {
    const level = input.baseline.find((b) => b.concurrency === c);
    if (!level?.usage || level.throughput <= 0) return null;
    return round(
      ((level.usage.postgresCpuPercent + level.usage.benchCpuPercent) * 10) / level.throughput,
      2,
    );
  };
  const cpuRatio = (engine: number | null, base: number | null): number | null =>
    engine && base ? round(base / engine, 3) : null;
  results.ratios = levels.map((c) => {
    const base = byConcurrency.get(c) ?? null;
    const cpuBase = baselineCpuMs(c);
    const cpuIn = engineCpuMs(inProcess, c);
    const cpuSep = engineCpuMs(separate, c);
    return {
      concurrency: c,
      baseline: base,
      inProcess: tput(inProcess, c),
      separate: tput(separate, c),
      ratioInProcess: ratio(tput(inProcess, c), base),
      ratioSeparate: ratio(tput(separate, c), base),
      cpuMsBaseline: cpuBase,
      cpuMsInProcess: cpuIn,
      cpuMsSeparate: cpuSep,
      cpuRatioInProcess: cpuRatio(cpuIn, cpuBase),
      cpuRatioSeparate: cpuRatio(cpuSep, cpuBase),
    };
  });

  results.commitsPerCommand = Object.fromEntries(
    input.engine.map((e) => [
      e.configuration,
      Object.fromEntries(
        e.levels.map((l) => [
          `c=${l.concurrency}`,
          l.usage.commits !== null && l.applied > 0 ? round(l.usage.commits / l.applied, 2) : null,
        ]),
      ),
    ]),
  );

  results.perCommand = Object.fromEntries(
    input.engine.map((e) => [
      e.configuration,
      Object.fromEntries(
        e.levels.flatMap((l) => {
          const api = shareOf(l, false);
          return api ? [[`c=${l.concurrency}`, { api, worker: shareOf(l, true) }]] : [];
        }),
      ),
    ]),
  );

  for (const engine of input.engine) {
    const name =
      engine.configuration === 'in-process'
        ? 'in-process workers'
        : `${engine.workerProcesses} worker processes`;
    const best = engine.levels.reduce<LevelResult | undefined>(
      (a, b) => (!a || b.throughput > a.throughput ? b : a),
      undefined,
    );
    const base = best ? (byConcurrency.get(best.concurrency) ?? null) : null;
    const atBest = best ? ratio(best.throughput, base) : null;
    targets.push({
      name: `ratio engine/baseline at the engine's best level (${name})`,
      target: `>= ${RATIO_TARGET}`,
      measured: atBest,
      met: atBest === null ? null : atBest >= RATIO_TARGET,
      note: best
        ? `best level c=${best.concurrency}: ${best.throughput}/s vs baseline ${base ?? '?'}/s at the same concurrency; ` +
          `engine peak / baseline peak = ${ratio(engine.peakThroughput, Math.max(0, ...input.baseline.map((b) => b.throughput))) ?? '?'}; ` +
          `CPU-normalised estimate at that level ${
            results.ratios?.find((r) => r.concurrency === best.concurrency)?.[
              engine.configuration === 'in-process' ? 'cpuRatioInProcess' : 'cpuRatioSeparate'
            ] ?? '?'
          }`
        : undefined,
    });
    const p99 = engine.halfPeak?.latency.p99 ?? null;
    targets.push({
      name: `p99 latency at half of peak throughput (${name})`,
      target: `<= ${HALF_PEAK_P99_TARGET_MS} ms`,
      measured: p99,
      met: p99 === null || Number.isNaN(p99) ? null : p99 <= HALF_PEAK_P99_TARGET_MS,
      note: engine.halfPeak
        ? `open loop at ${engine.halfPeak.targetRate}/s (peak ${engine.peakThroughput}/s), achieved ${engine.halfPeak.achievedRate}/s`
        : undefined,
    });
  }

  if (separate) {
    const samples = separate.levels.flatMap((l) =>
      l.usage.processes.filter((p) => p.name.includes('worker')).flatMap((p) => p.rssMb),
    );
    const sorted = [...samples].sort((a, b) => a - b);
    const apiRss: Record<string, number | null> = {};
    for (const e of input.engine) {
      const values = e.levels.flatMap((l) =>
        l.usage.processes.filter((p) => p.name.endsWith('-api')).map((p) => p.rssMaxMb),
      );
      apiRss[e.configuration] = values.length ? Math.max(...values) : null;
    }
    results.memory = {
      workerRssMaxMb: sorted.length ? (sorted.at(-1) ?? null) : null,
      workerRssMedianMb: sorted.length ? sorted[Math.floor(sorted.length / 2)] : null,
      apiRssMaxMb: apiRss,
      note: 'RSS sampled every 250 ms during the measurement windows (after warm-up) of every concurrency level, all worker processes',
    };
    targets.push({
      name: 'worker RSS under load (max of steady-state samples)',
      target: `<= ${MEMORY_TARGET_MB} MB`,
      measured: results.memory.workerRssMaxMb,
      met:
        results.memory.workerRssMaxMb === null
          ? null
          : results.memory.workerRssMaxMb <= MEMORY_TARGET_MB,
    });
  }

  if (input.reads) targets.push(...input.reads.targets);
  results.targets = targets;
  return results;
}

export function writeResults(results: BenchResults, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const latest = join(dir, 'latest.json');
  const tmp = `${latest}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(tmp, latest);
  // Also by mode, so a quick run does not hide the last full run's figures.
  const byMode = join(dir, `${results.mode}.json`);
  copyFileSync(latest, byMode);
  return [latest, byMode];
}

function pad(value: string | number | null | undefined, width: number): string {
  const text = value === null || value === undefined ? '—' : String(value);
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

function left(value: string, width: number): string {
  return value.length >= width ? value : value + ' '.repeat(width - value.length);
}

export function printTable(results: BenchResults): void {
  const m = results.machine;
  const lines: string[] = [];
  lines.push('');
  lines.push(
    `Directive workflow bench — ${results.mode} mode, ${results.date}, ${results.durationSeconds} s`,
  );
  lines.push(
    `${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB; node ${m.node}; PostgreSQL ${m.postgres}; Redis ${m.redis}`,
  );
  const inProcess = results.engine.find((e) => e.configuration === 'in-process');
  const separate = results.engine.find((e) => e.configuration === 'separate');
  if (results.ratios?.length) {
    lines.push('');
    lines.push('1-3. Commands applied per second, end to end (200 answers), vs plain pg baseline');
    lines.push(
      `${left('conc', 5)}| ${left('in-process API+worker', 29)}| ${left(`API + ${separate?.workerProcesses ?? '?'} worker processes`, 29)}| ${left('baseline (plain pg)', 23)}| ratio`,
    );
    lines.push(
      `${left('', 5)}| ${pad('cmd/s', 7)} ${pad('p50', 6)} ${pad('p95', 6)} ${pad('p99', 6)} | ${pad('cmd/s', 7)} ${pad('p50', 6)} ${pad('p95', 6)} ${pad('p99', 6)} | ${pad('tx/s', 7)} ${pad('p50', 6)} ${pad('p99', 6)} | ${pad('in-p', 5)} ${pad('sep', 5)}`,
    );
    for (const row of results.ratios) {
      const a = inProcess?.levels.find((l) => l.concurrency === row.concurrency);
      const b = separate?.levels.find((l) => l.concurrency === row.concurrency);
      const base = results.baseline.find((l) => l.concurrency === row.concurrency);
      lines.push(
        `${pad(row.concurrency, 4)} | ${pad(a?.throughput, 7)} ${pad(a?.latency.p50, 6)} ${pad(a?.latency.p95, 6)} ${pad(a?.latency.p99, 6)} | ` +
          `${pad(b?.throughput, 7)} ${pad(b?.latency.p50, 6)} ${pad(b?.latency.p95, 6)} ${pad(b?.latency.p99, 6)} | ` +
          `${pad(base?.throughput, 7)} ${pad(base?.latency.p50, 6)} ${pad(base?.latency.p99, 6)} | ${pad(row.ratioInProcess, 5)} ${pad(row.ratioSeparate, 5)}`,
      );
    }
    lines.push(
      `   CPU ms per command (product + its PostgreSQL backends) vs per baseline transaction, and their ratio: ${results.ratios
        .map(
          (r) =>
            `c=${r.concurrency}: ${r.cpuMsInProcess ?? '—'} / ${r.cpuMsSeparate ?? '—'} vs ${r.cpuMsBaseline ?? '—'} → ${r.cpuRatioInProcess ?? '—'} / ${r.cpuRatioSeparate ?? '—'}`,
        )
        .join('; ')}`,
    );
    const others = results.engine.flatMap((e) =>
      e.levels
        .filter(
          (l) =>
            l.applied !== l.statuses.applied200 ||
            Object.entries(l.statuses).some(([k, v]) => k !== 'applied200' && v > 0),
        )
        .map((l) => `${e.configuration} c=${l.concurrency}: ${JSON.stringify(l.statuses)}`),
    );
    if (others.length) lines.push(`   non-200 answers: ${others.join('; ')}`);
    for (const e of results.engine) {
      if (!e.halfPeak) continue;
      const h = e.halfPeak;
      lines.push(
        `   half of peak (${e.configuration}): open loop ${h.targetRate}/s → ${h.achievedRate}/s applied, latency p50 ${h.latency.p50} / p95 ${h.latency.p95} / p99 ${h.latency.p99} ms`,
      );
    }
    for (const e of results.engine) {
      if (!e.metrics) continue;
      lines.push(
        `   /metrics scraped (${e.configuration}, API process): command latency histogram count ${JSON.stringify(e.metrics.decidedByOutcome)}, mean ${e.metrics.meanLatencyMs ?? '-'} ms`,
      );
    }
    for (const n of results.baselineNotify) {
      lines.push(
        `   baseline with pg_notify in each transaction (as the worker does), c=${n.concurrency}: ${n.throughput} tx/s, p50 ${n.latency.p50} / p99 ${n.latency.p99} ms`,
      );
    }
    lines.push('   (latencies in ms; cmd/s and tx/s over the measurement window after warm-up)');
    const noisy = [
      ...results.engine.flatMap((e) =>
        e.levels.map((l) => ({
          what: `${e.configuration} c=${l.concurrency}`,
          other: l.usage.otherCpuPercent,
        })),
      ),
      ...results.baseline.map((b) => ({
        what: `baseline c=${b.concurrency}`,
        other: b.usage?.otherCpuPercent ?? 0,
      })),
    ].filter((x) => x.other > 20);
    if (noisy.length) {
      lines.push(
        `   CAUTION: other processes on the machine used CPU during the windows (% of one core): ${noisy
          .map((x) => `${x.what} ${x.other}%`)
          .join(', ')}`,
      );
    }
  }
  if (results.memory) {
    lines.push('');
    lines.push(
      `5. Memory: worker RSS under load median ${results.memory.workerRssMedianMb} MB, max ${results.memory.workerRssMaxMb} MB; ` +
        `API RSS max ${Object.entries(results.memory.apiRssMaxMb)
          .map(([k, v]) => `${k} ${v} MB`)
          .join(', ')}`,
    );
  }
  const cpu = results.engine.flatMap((e) => {
    const top = e.levels.at(-1);
    if (!top) return [];
    const procs = top.usage.processes.map((p) => `${p.name} ${p.cpuPercent}%`).join(', ');
    return [
      `   CPU at c=${top.concurrency} (${e.configuration}, % of one core): ${procs}, PostgreSQL ${top.usage.postgresCpuPercent}%, ` +
        `load generator ${top.usage.benchCpuPercent}%, others ${top.usage.otherCpuPercent}%; machine ${top.usage.machineBusyPercent}% busy`,
    ];
  });
  lines.push(...cpu);
  if (results.commitsPerCommand && results.engine.length > 0) {
    lines.push(
      `   PostgreSQL transactions per applied command, single-statement reads included (pg_stat_database, approximate): ${Object.entries(
        results.commitsPerCommand,
      )
        .map(
          ([k, v]) =>
            `${k} ${Object.values(v)
              .filter((x) => x !== null)
              .join('/')}`,
        )
        .join('; ')}`,
    );
  }
  for (const [configuration, levels] of Object.entries(results.perCommand ?? {})) {
    const show = (x: ProcessShare | null): string =>
      x
        ? `${x.sqlRoundTrips ?? '—'} SQL, ${x.transactions ?? '—'} tx, ${x.cpuMs ?? '—'} ms CPU`
        : '—';
    lines.push(
      `   Per applied command (${configuration}; SQL round trips, explicit transactions, CPU ms): ${Object.entries(
        levels,
      )
        .map(([level, row]) =>
          row.worker
            ? `${level} API ${show(row.api)} | workers ${show(row.worker)}`
            : `${level} API with in-process workers ${show(row.api)}`,
        )
        .join('; ')}`,
    );
  }
  if (results.reads) {
    const r = results.reads;
    lines.push('');
    lines.push(
      `4. Reads over ${r.seed.instances.toLocaleString('en')} instances / ${r.seed.events.toLocaleString('en')} history events / ` +
        `${r.seed.tasks.toLocaleString('en')} tasks (bulk-loaded in ${r.seed.seconds} s), one request at a time`,
    );
    lines.push(
      `${left('scenario', 66)} ${pad('n', 4)} ${pad('p50', 7)} ${pad('p95', 7)} ${pad('p99', 7)} ${pad('SQL/req', 8)} ${pad('db ms', 6)} ${pad('plan ms', 8)}`,
    );
    for (const s of r.scenarios) {
      lines.push(
        `${left(s.name.slice(0, 66), 66)} ${pad(s.latency.count, 4)} ${pad(s.latency.p50, 7)} ${pad(s.latency.p95, 7)} ${pad(s.latency.p99, 7)} ` +
          `${pad(s.queries?.perRequest, 8)} ${pad(s.queries?.dbMsPerRequest, 6)} ${pad(s.plan?.executionMs, 8)}` +
          (s.non200
            ? `  (${s.non200} failed${s.failure ? `: ${s.failure.slice(0, 80)}` : ''})`
            : ''),
      );
    }
    lines.push(
      '   (ms; SQL/req and db ms: statements the API sent per request and their time, as the API saw it; ' +
        'plan ms: EXPLAIN ANALYZE of the costliest one, in bench/results/plans/)',
    );
  }
  if (results.targets?.length) {
    lines.push('');
    lines.push('Targets');
    for (const t of results.targets) {
      const verdict = t.met === null ? 'n/a' : t.met ? 'MET' : 'NOT MET';
      lines.push(
        `  ${left(verdict, 8)} ${t.name}: ${t.measured ?? '—'} (target ${t.target})${t.note ? ` — ${t.note}` : ''}`,
      );
    }
  }
  console.log(lines.join('\n'));
}
