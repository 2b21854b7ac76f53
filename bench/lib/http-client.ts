import { Agent, request } from 'node:http';

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  /** Wall time from sending the request to the last byte of the answer, in milliseconds. */
  ms: number;
}

/**
 * A small keep-alive JSON client for the load generator: one connection per in-flight request,
 * reused across requests, loopback only. Network errors resolve with status 0 so the caller
 * counts them rather than crashing the run.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    maxSockets = 256,
  ) {
    const { hostname } = new URL(baseUrl);
    if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(hostname)) {
      throw new Error(`The bench only talks to loopback, not ${hostname}`);
    }
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  get<T = unknown>(path: string, token?: string): Promise<HttpResult<T>> {
    return this.send<T>('GET', path, undefined, token);
  }

  post<T = unknown>(path: string, body: unknown, token?: string): Promise<HttpResult<T>> {
    return this.send<T>('POST', path, body, token);
  }

  send<T = unknown>(
    method: string,
    path: string,
    body: unknown,
    token?: string,
    timeoutMs = 30_000,
  ): Promise<HttpResult<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    if (token) headers.authorization = `Bearer ${token}`;
    const started = performance.now();
    return new Promise((resolve) => {
      const req = request(
        new URL(path, this.baseUrl),
        { method, headers, agent: this.agent, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const ms = performance.now() - started;
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            if ((res.headers['content-type'] ?? '').includes('json') && text.length > 0) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            resolve({ status: res.statusCode ?? 0, body: parsed as T, ms });
          });
          res.on('error', (error) => resolve({ status: 0, body: error as T, ms: 0 }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      req.on('error', (error) =>
        resolve({ status: 0, body: error as T, ms: performance.now() - started }),
      );
      if (payload) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
