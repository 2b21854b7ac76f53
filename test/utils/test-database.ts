import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server tests run against; each test file gets its own database on it. */
export const TEST_SERVER_URL =
  process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** The role the app serves as in tests: setup creates it and limits what it may do. */
export const TEST_SERVING_ROLE = 'dwf_serving';

/** DATABASE_URL of the serving role on the test server, for one database. */
export function servingUrl(databaseName: string): string {
  const url = new URL(`${TEST_SERVER_URL}/${databaseName}`);
  url.username = TEST_SERVING_ROLE;
  url.password = TEST_SERVING_ROLE;
  return url.toString();
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export async function dropDatabase(name: string): Promise<void> {
  const client = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
