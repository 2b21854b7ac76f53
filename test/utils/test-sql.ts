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
   * Holds a lock on the instance's row until `release` is called, so the worker (which locks the
   * row to apply a command) waits and commands stay pending for as long as a test needs. `NO KEY
   * UPDATE` rather than `UPDATE`: recording a command takes a key-share lock on the row for its
   * foreign key, and the API must still be able to record commands meanwhile.
   */
  async lockInstance(instanceId: string): Promise<{ release: () => Promise<void> }> {
    await this.client.query('BEGIN');
    await this.client.query('SELECT id FROM workflow_instances WHERE id = $1 FOR NO KEY UPDATE', [
      instanceId,
    ]);
    let held = true;
    return {
      release: async () => {
        if (!held) return;
        held = false;
        await this.client.query('ROLLBACK');
      },
    };
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
