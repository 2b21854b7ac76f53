import { Client, type ClientConfig, Pool, type PoolConfig } from 'pg';

/**
 * pg clients whose connection may be cut under them (the bench drops its database WITH (FORCE) when
 * it stops, even mid-run): an 'error' event without a listener would crash the process before its
 * clean-up finished, so every client the bench opens has one. Queries in flight still reject.
 */
export function pgClient(config: ClientConfig): Client {
  const client = new Client(config);
  client.on('error', () => undefined);
  return client;
}

export function pgPool(config: PoolConfig): Pool {
  const pool = new Pool(config);
  pool.on('error', () => undefined);
  return pool;
}
