import { type ChildProcess } from 'node:child_process';
import { SourceProcess } from '../utils/source-process';

const READY_TIMEOUT_MS = 90_000;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The API as `npm start` runs it (`src/main.ts` from source through ts-node), in a process of its
 * own so a test may stop it with SIGTERM or SIGKILL and start another on the same port.
 */
export class ApiProcess extends SourceProcess {
  private constructor(
    readonly port: number,
    child: ChildProcess,
  ) {
    super(child);
  }

  /** Starts the API and waits until it answers `/health`. */
  static async start(
    port: number,
    env: Record<string, string | undefined>,
    readyTimeoutMs = READY_TIMEOUT_MS,
  ): Promise<ApiProcess> {
    const child = SourceProcess.spawnEntry('main.ts', {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    const api = new ApiProcess(port, child);
    await api.waitUntilReady(readyTimeoutMs);
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.alive) throw new Error(`API exited:\n${this.tail()}`);
      try {
        const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    await this.kill();
    throw new Error(`API did not start:\n${this.tail()}`);
  }
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/**
 * A client that behaves as a patient user agent: on a connection error, a timeout or a 5xx it
 * sends the very same request again (same Idempotency-Key, so a retried command is the same
 * command) until it gets an answer or `giveUpMs` runs out.
 */
export class RetryingClient {
  retries = 0;

  constructor(
    private readonly baseUrl: () => string,
    private readonly giveUpMs = 120_000,
  ) {}

  async call(
    method: 'GET' | 'POST',
    path: string,
    token: string | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> {
    const deadline = Date.now() + this.giveUpMs;
    for (;;) {
      let failure: string;
      try {
        const res = await fetch(`${this.baseUrl()}${path}`, {
          method,
          headers: {
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...headers,
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        if (res.status < 500) return { status: res.status, body: parseJson(text) };
        failure = `HTTP ${res.status} ${text.slice(0, 300)}`;
      } catch (error) {
        failure = (error as Error).message;
      }
      if (Date.now() > deadline) throw new Error(`${method} ${path} kept failing: ${failure}`);
      this.retries += 1;
      await sleep(250);
    }
  }
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
