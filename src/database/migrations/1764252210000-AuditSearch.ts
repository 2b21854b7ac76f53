import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Audit search over history events: a folded text column (lower case, no Vietnamese diacritics,
 * as `src/common/text/fold-diacritics.ts` folds) written by `HistoryService.append` in JS, where
 * folding is cheap; and the indexes an audit search and export walk.
 */
export class AuditSearch1764252210000 implements MigrationInterface {
  name = 'AuditSearch1764252210000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The same folding in SQL (NFD, combining marks removed, đ → d, lower case). Too slow for
    // every append (normalize and regexp cost ~0.2 ms per form); used for the backfill below and
    // the instance title index.
    await queryRunner.query(`
      CREATE FUNCTION fold_diacritics(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
        SELECT lower(translate(regexp_replace(normalize(input, NFD), '[\\u0300-\\u036f]', '', 'g'), 'đĐ', 'dd'))
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION history_event_search_text(data jsonb, comment text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT fold_diacritics(concat_ws(' ',
          (SELECT string_agg(value #>> '{}', ' ')
             FROM jsonb_path_query(COALESCE(data, 'null'::jsonb), 'strict $.**') AS value
            WHERE jsonb_typeof(value) IN ('string', 'number')),
          comment))
      $$`);
    // Existing rows are filled by adding the column as a generated one (a table rewrite, which
    // the append-only trigger does not see), then kept as a plain column the application writes.
    await queryRunner.query(`
      ALTER TABLE history_events
        ADD COLUMN search_text text GENERATED ALWAYS AS (history_event_search_text(data, comment)) STORED`);
    await queryRunner.query(`ALTER TABLE history_events ALTER COLUMN search_text DROP EXPRESSION`);
    await queryRunner.query(
      `ALTER TABLE history_events ALTER COLUMN search_text SET DEFAULT '', ALTER COLUMN search_text SET NOT NULL`,
    );
    await queryRunner.query(`DROP FUNCTION history_event_search_text`);

    // Two indexes on the history, both cheap to maintain on append: the keyset order of every
    // search and export, and trigrams for free text (GIN's pending list batches the insert cost).
    await queryRunner.query(`CREATE INDEX history_events_at_idx ON history_events (at, id)`);
    await queryRunner.query(
      `CREATE INDEX history_events_search_idx ON history_events USING gin (search_text gin_trgm_ops)`,
    );
    // Free text also matches the instance's title: folded once per instance, at creation.
    await queryRunner.query(
      `CREATE INDEX workflow_instances_title_search_idx ON workflow_instances USING gin (fold_diacritics(title) gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX workflow_instances_title_search_idx`);
    await queryRunner.query(`DROP INDEX history_events_search_idx`);
    await queryRunner.query(`DROP INDEX history_events_at_idx`);
    await queryRunner.query(`ALTER TABLE history_events DROP COLUMN search_text`);
    await queryRunner.query(`DROP FUNCTION fold_diacritics`);
  }
}
