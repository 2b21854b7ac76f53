import { readFileSync } from 'node:fs';
import { type ServiceProcess } from './processes';
import { round } from './stats';

const CLOCK_TICKS = 100; // USER_HZ on Linux

export interface ProcessUsage {
  name: string;
  /** RSS samples in MB taken during the window. */
  rssMb: number[];
  rssMedianMb: number;
  rssMaxMb: number;
  /** Share of one core used during the window, in percent. */
  cpuPercent: number;
}

export interface WindowUsage {
  seconds: number;
  processes: ProcessUsage[];
  /** The bench's own process (load generator), share of one core in percent. */
  benchCpuPercent: number;
  /** Whole machine, share of all cores busy, in percent. */
  machineBusyPercent: number;
}

/**
 * Samples RSS of the product's processes and CPU of everything during a measurement window.
 * `start()` at the beginning of the window, `stop()` at its end.
 */
export class UsageMonitor {
  private timer?: NodeJS.Timeout;
  private readonly rss = new Map<string, number[]>();
  private cpuStart = new Map<string, number>();
  private benchStart = process.cpuUsage();
  private machineStart = machineTicks();
  private startedAt = 0;

  constructor(
    private readonly processes: readonly ServiceProcess[],
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.startedAt = performance.now();
    this.benchStart = process.cpuUsage();
    this.machineStart = machineTicks();
    this.cpuStart = new Map(this.processes.map((p) => [p.name, processTicks(p.pid)]));
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

  stop(): WindowUsage {
    clearInterval(this.timer);
    const seconds = (performance.now() - this.startedAt) / 1000;
    const bench = process.cpuUsage(this.benchStart);
    const machine = machineTicks();
    const busy = machine.busy - this.machineStart.busy;
    const total = machine.total - this.machineStart.total;
    return {
      seconds: round(seconds),
      processes: this.processes.map((p) => {
        const samples = this.rss.get(p.name) ?? [];
        const sorted = [...samples].sort((a, b) => a - b);
        const ticks = processTicks(p.pid) - (this.cpuStart.get(p.name) ?? 0);
        return {
          name: p.name,
          rssMb: samples.map((s) => round(s, 1)),
          rssMedianMb: round(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, 1),
          rssMaxMb: round(sorted.at(-1) ?? Number.NaN, 1),
          cpuPercent: round((ticks / CLOCK_TICKS / seconds) * 100, 1),
        };
      }),
      benchCpuPercent: round(((bench.user + bench.system) / 1e6 / seconds) * 100, 1),
      machineBusyPercent: round(total > 0 ? (busy / total) * 100 : Number.NaN, 1),
    };
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
    const total = values.reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}
