import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { pgClient } from './pg';
import { type RoundTrips, type ServiceProcess } from './processes';
import { round, sleep } from './stats';

const CLOCK_TICKS = 100; // USER_HZ on Linux

export interface ProcessUsage {
  name: string;
  /** RSS samples in MB taken during the window. */
  rssMb: number[];
  rssMedianMb: number;
  rssMaxMb: number;
  /** Share of one core used during the window, in percent. */
  cpuPercent: number;
  /** SQL statements (round trips) the process sent during the window; null when not counted. */
  sqlStatements: number | null;
  /** Explicit transactions (START TRANSACTION / BEGIN) among them. */
  sqlTransactions: number | null;
}

export interface WindowUsage {
  seconds: number;
  processes: ProcessUsage[];
  /** The bench's own process (load generator), share of one core in percent. */
  benchCpuPercent: number;
  /** The PostgreSQL backends serving the bench database, share of one core in percent. */
  postgresCpuPercent: number;
  /** Whole machine, share of all cores busy, in percent. */
  machineBusyPercent: number;
  /**
   * CPU used by everything else on the machine (other users' processes, Redis, the kernel's
   * share not charged to ours), share of one core in percent: a busy neighbour skews the figures.
   */
  otherCpuPercent: number;
  /** Transactions committed in the bench database during the window (pg_stat_database, approximate). */
  commits: number | null;
}

/**
 * Samples RSS of the product's processes and CPU of everything during a measurement window.
 * `start()` at the beginning of the window, `stop()` at its end.
 */
export class UsageMonitor {
  private timer?: NodeJS.Timeout;
  private readonly rss = new Map<string, number[]>();
  private cpuStart = new Map<string, number>();
  private roundTripsStart = new Map<string, RoundTrips | undefined>();
  private pgStart = new Map<number, number>();
  private benchStart = process.cpuUsage();
  private machineStart = machineTicks();
  private startedAt = 0;
  private pgLookup?: Promise<void>;
  private commitsStart?: Promise<number | null>;

  constructor(
    private readonly processes: readonly ServiceProcess[],
    private readonly databaseUrl?: string,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.startedAt = performance.now();
    this.benchStart = process.cpuUsage();
    this.machineStart = machineTicks();
    this.cpuStart = new Map(this.processes.map((p) => [p.name, processTicks(p.pid)]));
    this.roundTripsStart = new Map(this.processes.map((p) => [p.name, p.roundTrips()]));
    this.pgStart = new Map();
    if (this.databaseUrl) {
      this.commitsStart = commitCount(this.databaseUrl).catch(() => null);
      this.pgLookup = backendPids(this.databaseUrl).then(
        (pids) => {
          for (const pid of pids) this.pgStart.set(pid, processTicks(pid));
        },
        () => undefined,
      );
    }
    for (const p of this.processes) this.rss.set(p.name, []);
    const sample = (): void => {
      for (const p of this.processes) {
        const bytes = p.rss();
        if (bytes !== undefined) this.rss.get(p.name)?.push(bytes / 1024 / 1024);
      }
    };
    sample();
    this.timer = setInterval(sample, this.intervalMs);
  }

  async stop(): Promise<WindowUsage> {
    clearInterval(this.timer);
    const seconds = (performance.now() - this.startedAt) / 1000;
    const bench = process.cpuUsage(this.benchStart);
    const machine = machineTicks();
    const processTicksUsed = new Map(
      this.processes.map((p) => [p.name, processTicks(p.pid) - (this.cpuStart.get(p.name) ?? 0)]),
    );
    await this.pgLookup;
    const [commitsBefore, commitsAfter] = this.databaseUrl
      ? await Promise.all([this.commitsStart, commitCount(this.databaseUrl).catch(() => null)])
      : [null, null];
    let pgTicks = 0;
    for (const [pid, start] of this.pgStart) pgTicks += Math.max(0, processTicks(pid) - start);
    const busy = machine.busy - this.machineStart.busy;
    const total = machine.total - this.machineStart.total;
    const cores = cpus().length;
    const percentOfCore = (ticks: number): number => (ticks / CLOCK_TICKS / seconds) * 100;
    const benchPercent = ((bench.user + bench.system) / 1e6 / seconds) * 100;
    const ours =
      [...processTicksUsed.values()].reduce((a, b) => a + percentOfCore(b), 0) +
      benchPercent +
      percentOfCore(pgTicks);
    const machineBusy = total > 0 ? (busy / total) * 100 : Number.NaN;
    return {
      seconds: round(seconds),
      processes: this.processes.map((p) => {
        const samples = this.rss.get(p.name) ?? [];
        const tripsBefore = this.roundTripsStart.get(p.name);
        const tripsAfter = p.roundTrips();
        const sorted = [...samples].sort((a, b) => a - b);
        return {
          name: p.name,
          rssMb: samples.map((s) => round(s, 1)),
          rssMedianMb: round(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, 1),
          rssMaxMb: round(sorted.at(-1) ?? Number.NaN, 1),
          cpuPercent: round(percentOfCore(processTicksUsed.get(p.name) ?? 0), 1),
          sqlStatements:
            tripsBefore && tripsAfter ? tripsAfter.statements - tripsBefore.statements : null,
          sqlTransactions:
            tripsBefore && tripsAfter ? tripsAfter.transactions - tripsBefore.transactions : null,
        };
      }),
      benchCpuPercent: round(benchPercent, 1),
      postgresCpuPercent: round(percentOfCore(pgTicks), 1),
      machineBusyPercent: round(machineBusy, 1),
      otherCpuPercent: round(Math.max(0, machineBusy * cores - ours), 1),
      commits:
        commitsBefore !== null && commitsBefore !== undefined && commitsAfter !== null
          ? commitsAfter - commitsBefore
          : null,
    };
  }
}

/** How busy the machine is with nothing of the bench running: a share of all cores, in percent. */
export async function backgroundBusy(ms = 1500): Promise<number> {
  const start = machineTicks();
  await sleep(ms);
  const end = machineTicks();
  const total = end.total - start.total;
  return round(total > 0 ? ((end.busy - start.busy) / total) * 100 : Number.NaN, 1);
}

async function backendPids(databaseUrl: string): Promise<number[]> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const client = pgClient({
    connectionString: databaseUrl,
    application_name: 'dwf-bench-monitor',
  });
  await client.connect();
  try {
    const rows = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [name],
    );
    return rows.rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

async function commitCount(databaseUrl: string): Promise<number> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const client = pgClient({
    connectionString: databaseUrl,
    application_name: 'dwf-bench-monitor',
  });
  await client.connect();
  try {
    // Counters other backends have flushed; this backend's own queries are not counted yet.
    const rows = await client.query<{ n: string }>(
      `SELECT xact_commit AS n FROM pg_stat_database WHERE datname = $1`,
      [name],
    );
    return Number(rows.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

function machineTicks(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}
