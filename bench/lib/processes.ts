import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { onCleanup } from './cleanup';

const live = new Set<ChildProcess>();

// Last resort: whatever way the bench ends, no child outlives it.
process.on('exit', () => {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

export interface RoundTrips {
  statements: number;
  transactions: number;
}

/** A Node process of the product (API or worker) started by the bench, with its output in a log file. */
export class ServiceProcess {
  private exited = false;
  private readonly exitPromise: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
    /** Where round-trip-counter.cjs keeps this process's totals, when it is preloaded. */
    private readonly roundTripsDir?: string,
  ) {
    this.exitPromise = new Promise((resolve) => {
      child.once('exit', () => {
        this.exited = true;
        live.delete(child);
        resolve();
      });
    });
  }

  static start(
    name: string,
    script: string,
    env: Record<string, string>,
    logDir: string,
    cwd: string,
    extraNodeArgs: readonly string[] = [],
  ): ServiceProcess {
    const logFile = join(logDir, `${name}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the product under load.
    const nodeArgs = [
      ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      ...extraNodeArgs,
    ];
    const child = spawn(process.execPath, [...nodeArgs, script], {
      cwd,
      env: { ...minimalEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    live.add(child);
    const service = new ServiceProcess(name, child, logFile, env.BENCH_ROUND_TRIPS_DIR);
    onCleanup(`stop ${name}`, () => service.stop());
    return service;
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} has no pid`);
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Resident set size in bytes, from /proc (Linux), or undefined once the process is gone. */
  rss(): number | undefined {
    if (this.exited) return undefined;
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
      return match ? Number(match[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** SQL statements and explicit transactions the process has sent so far, when counted. */
  roundTrips(): RoundTrips | undefined {
    if (!this.roundTripsDir || this.child.pid === undefined) return undefined;
    try {
      return JSON.parse(
        readFileSync(join(this.roundTripsDir, `${this.child.pid}.json`), 'utf8'),
      ) as RoundTrips;
    } catch {
      return undefined;
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  async stop(graceMs = 8000): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exitPromise;
    clearTimeout(timer);
  }

  /** The last lines of the log, for error messages. */
  tail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

/** The variables a child needs from the bench's own environment; the product's come explicitly. */
function minimalEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR'];
  const env: Record<string, string> = {};
  for (const key of keep) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object'
          ? resolve(address.port)
          : reject(new Error('no free port')),
      );
    });
  });
}

/** Runs a command to completion; rejects with its output's tail when it fails. */
export function runToEnd(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      live.delete(child);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      if (code === 0) resolve(output);
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code ?? signal}:\n${output.slice(-4000)}`,
          ),
        );
    });
  });
}
