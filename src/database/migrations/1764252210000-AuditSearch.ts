import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Audit search over history events. The folded text is a generated column, so every writer (the
 * engine, migrations of instances, bulk loads) fills it without knowing it exists, and the
 * append-only trigger never has to allow an UPDATE to backfill it. The folding mirrors
 * `src/common/text/fold-diacritics.ts`: NFD, combining marks removed, đ → d, lower case.
 */
export class AuditSearch1764252210000 implements MigrationInterface {
  name = 'AuditSearch1764252210000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION fold_diacritics(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
        SELECT lower(translate(regexp_replace(normalize(input, NFD), '[\\u0300-\\u036f]', '', 'g'), 'đĐ', 'dd'))
      $$`);
    // Strings and numbers anywhere in the form data, then the comment: what free text looks through.
    await queryRunner.query(`
      CREATE FUNCTION history_event_search_text(comment text, data jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT fold_diacritics(concat_ws(' ',
          (SELECT string_agg(value #>> '{}', ' ')
             FROM jsonb_path_query(COALESCE(data, 'null'::jsonb), 'strict $.**') AS value
            WHERE jsonb_typeof(value) IN ('string', 'number')),
          comment))
      $$`);
    await queryRunner.query(`
      ALTER TABLE history_events
        ADD COLUMN search_text text GENERATED ALWAYS AS (history_event_search_text(comment, data)) STORED`);
    // Two indexes on the history, both cheap to maintain on append: the keyset order of every
    // search and export, and trigrams for free text (GIN's pending list batches the insert cost).
    await queryRunner.query(`CREATE INDEX history_events_at_idx ON history_events (at, id)`);
    await queryRunner.query(
      `CREATE INDEX history_events_search_idx ON history_events USING gin (search_text gin_trgm_ops)`,
    );
    // Free text also matches the instance's title; written once per instance, rarely changed.
    await queryRunner.query(
      `CREATE INDEX workflow_instances_title_search_idx ON workflow_instances USING gin (fold_diacritics(title) gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX workflow_instances_title_search_idx`);
    await queryRunner.query(`DROP INDEX history_events_search_idx`);
    await queryRunner.query(`DROP INDEX history_events_at_idx`);
    await queryRunner.query(`ALTER TABLE history_events DROP COLUMN search_text`);
    await queryRunner.query(`DROP FUNCTION history_event_search_text`);
    await queryRunner.query(`DROP FUNCTION fold_diacritics`);
  }
}
