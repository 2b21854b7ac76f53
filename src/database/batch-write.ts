import { type EntityManager } from 'typeorm';

/** What each part of a {@link BatchWrite} returned, by part name. */
export type BatchWriteResult = ReadonlyMap<string, readonly Record<string, unknown>[]>;

const PART_NAME = /^[a-z][a-z_]*$/;

/**
 * Many rows of several tables written in ONE statement (one round trip): each owning repository
 * adds its part — a data-modifying statement over `jsonb_to_recordset` of its rows, with a
 * RETURNING list — and the parts run as the common table expressions of one `WITH`. The SQL of each
 * table stays in its repository; this class only joins the parts and numbers the parameters.
 *
 * All parts see the same snapshot, so no part may depend on another's effect on a table (the
 * worker's batch never writes one row twice); a part may read another part's RETURNING rows by its
 * name, which must then be added first.
 */
export class BatchWrite {
  private readonly parts: Array<{ name: string; sql: string; returns?: readonly string[] }> = [];
  private readonly values: unknown[] = [];

  /** The placeholder of a new parameter. */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** A parameter carrying the rows as one jsonb array, for `jsonb_to_recordset`. */
  rows(rows: readonly object[]): string {
    return `${this.param(JSON.stringify(rows))}::jsonb`;
  }

  /**
   * Adds a part; its RETURNING rows come back under `name` — only the columns `returns` names when
   * given (a part may return more for a later part to read than its caller needs to receive).
   */
  add(name: string, sql: string, returns?: readonly string[]): void {
    if (!PART_NAME.test(name) || this.has(name)) {
      throw new Error(`Batch write part name ${name} is invalid or taken`);
    }
    if (returns?.some((column) => !PART_NAME.test(column))) {
      throw new Error(`Batch write part ${name} returns an invalid column name`);
    }
    this.parts.push({ name, sql, returns });
  }

  /** Whether a part of that name was added. */
  has(name: string): boolean {
    return this.parts.some((part) => part.name === name);
  }

  get isEmpty(): boolean {
    return this.parts.length === 0;
  }

  async run(manager: EntityManager): Promise<BatchWriteResult> {
    if (this.isEmpty) return new Map();
    const ctes = this.parts.map((part) => `${part.name} AS (${part.sql})`).join(',\n');
    // Every part is read by the final SELECT: a plain SELECT part (a notification) runs only then.
    const fields = this.parts
      .map((part) => {
        const rows = part.returns
          ? `(SELECT ${part.returns.join(', ')} FROM ${part.name})`
          : part.name;
        return `'${part.name}', (SELECT coalesce(json_agg(to_json(r)), '[]'::json) FROM ${rows} r)`;
      })
      .join(', ');
    const [row] = await manager.query<Array<{ result: Record<string, Record<string, unknown>[]> }>>(
      `WITH ${ctes}\nSELECT json_build_object(${fields}) AS result`,
      this.values,
    );
    return new Map(Object.entries(row.result));
  }
}
