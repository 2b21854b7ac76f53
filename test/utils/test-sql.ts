import { Client, type QueryResultRow } from 'pg';

/**
 * A direct connection to a test database, for assertions the HTTP API does not expose (what was
 * recorded, how often) and for holding a row lock to slow the worker down. Never for writes the
 * product would make itself.
 */
export class TestSql {
  private constructor(private readonly client: Client) {}

  static async connect(databaseUrl: string): Promise<TestSql> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    return new TestSql(client);
  }

  async rows<T extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query<T>(sql, params)).rows;
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await this.rows<{ count: string }>(sql, params);
    return Number(row.count);
  }

  /** Commands recorded for an instance, and how many are in each status. */
  async commandCounts(instanceId: string): Promise<Record<string, number>> {
    const rows = await this.rows<{ status: string; count: string }>(
      `SELECT status, count(*) FROM workflow_commands WHERE instance_id = $1 GROUP BY status`,
      [instanceId],
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /**
   * Holds the instance's row lock (as the worker takes it) until `release` is called, so commands
   * on it stay pending for as long as a test needs.
   */
  async lockInstance(instanceId: string): Promise<{ release: () => Promise<void> }> {
    await this.client.query('BEGIN');
    await this.client.query('SELECT id FROM workflow_instances WHERE id = $1 FOR UPDATE', [
      instanceId,
    ]);
    return { release: async () => void (await this.client.query('ROLLBACK')) };
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
