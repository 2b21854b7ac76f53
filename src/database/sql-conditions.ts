/**
 * Positional parameters and the conditions that use them, built together so numbers never drift.
 * The one WHERE builder of the repositories that filter by optional criteria.
 */
export class SqlConditions {
  readonly params: unknown[] = [];
  readonly where: string[] = [];

  /** Adds a parameter and returns its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  and(condition: string): void {
    this.where.push(condition);
  }

  /** The conditions joined with AND (`true` when there are none). */
  whereSql(): string {
    return this.where.length > 0 ? this.where.join(' AND ') : 'true';
  }

  /** A copy to extend (e.g. with a cursor) while this one stays as it is (e.g. for a count). */
  clone(): SqlConditions {
    const copy = new SqlConditions();
    copy.params.push(...this.params);
    copy.where.push(...this.where);
    return copy;
  }
}
