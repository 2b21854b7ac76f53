import { type EntityManager } from 'typeorm';

/**
 * Runs an UPDATE or DELETE and answers how many rows it touched: through TypeORM's postgres driver
 * such a statement answers `[rows, affected count]`, not the rows alone.
 */
export async function affectedRows(
  manager: EntityManager,
  sql: string,
  params: readonly unknown[],
): Promise<number> {
  const [, affected] = await manager.query<[unknown, number]>(sql, [...params]);
  return affected;
}
