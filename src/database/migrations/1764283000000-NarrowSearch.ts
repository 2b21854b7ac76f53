import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { foldDiacritics } from '../../common/text/fold-diacritics';

/** Instances folded per round trip while the titles are backfilled. */
const BACKFILL_BATCH = 5000;

/**
 * Searches that stay fast at millions of events, and one diacritic folding.
 *
 * 1. **The folded title, stored.** Audit free text matches an instance's title; it was folded in SQL
 *    by `fold_diacritics(i.title)` (migration AuditSearch) for every instance looked at — ~0.1 ms
 *    each, and a page of a common term looks at ~1,000 instances. The title never changes, so the
 *    instances repository now stores it folded by the TypeScript `foldDiacritics` at creation, as it
 *    does every other `search_text`. Existing rows are folded here by the same TypeScript function,
 *    batch by batch; the SQL function and its expression index go, so one folding remains.
 *
 * 2. **`inbox_search`: one narrow row per open task** — its unit and its instance's folded search
 *    text — with one GIN index over both (`btree_gin` puts the unit into the trigram index). An
 *    inbox `q` matching 1–4 % of titles walked the unit's open tasks in deadline order and read the
 *    wide instance row of each (~10,000 rows for 20 hits: 250 ms at 2 M events); now the index
 *    hands over only this unit's matching tasks. A common term still walks in deadline order (the
 *    planner chooses), each task checked against its narrow row.
 *
 *    Kept by triggers in the writing transaction, not by one repository: open tasks are inserted,
 *    closed and moved between units by the tasks, deadlines (follow-up copies) and admin (unit
 *    handover) modules, and the engine's step writes the instance's text; a trigger keeps every one
 *    of those paths — and any batched path writing the same tables — exact without each having to
 *    remember a second table. The text itself is still folded in TypeScript (it is a copy of
 *    `workflow_instances.search_text`).
 */
export class NarrowSearch1764283000000 implements MigrationInterface {
  name = 'NarrowSearch1764283000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE workflow_instances ADD COLUMN folded_title text NOT NULL DEFAULT ''`,
    );
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = (await queryRunner.query(
        `SELECT id, title FROM workflow_instances WHERE id > $1 ORDER BY id LIMIT ${BACKFILL_BATCH}`,
        [after],
      )) as Array<{ id: string; title: string }>;
      if (rows.length === 0) break;
      await queryRunner.query(
        `UPDATE workflow_instances i SET folded_title = f.folded
           FROM unnest($1::uuid[], $2::text[]) AS f(id, folded) WHERE i.id = f.id`,
        [rows.map((row) => row.id), rows.map((row) => foldDiacritics(row.title))],
      );
      after = rows[rows.length - 1].id;
    }
    await queryRunner.query(
      `CREATE INDEX workflow_instances_folded_title_idx ON workflow_instances USING gin (folded_title gin_trgm_ops)`,
    );
    await queryRunner.query(`DROP INDEX workflow_instances_title_search_idx`);
    await queryRunner.query(`DROP FUNCTION fold_diacritics`);

    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await queryRunner.query(`
      CREATE TABLE inbox_search (
        task_id uuid PRIMARY KEY REFERENCES workflow_tasks (id) ON DELETE CASCADE,
        instance_id uuid NOT NULL,
        assignee_unit_id uuid NOT NULL,
        search_text text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX inbox_search_instance_idx ON inbox_search (instance_id)`);
    await queryRunner.query(
      `CREATE INDEX inbox_search_text_idx ON inbox_search USING gin (assignee_unit_id, search_text gin_trgm_ops)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION inbox_search_follow_task() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.status = 'open' THEN
          IF NEW.status = 'open' THEN
            UPDATE inbox_search SET assignee_unit_id = NEW.assignee_unit_id WHERE task_id = NEW.id;
          ELSE
            DELETE FROM inbox_search WHERE task_id = NEW.id;
          END IF;
        ELSIF NEW.status = 'open' THEN
          INSERT INTO inbox_search (task_id, instance_id, assignee_unit_id, search_text)
          SELECT NEW.id, NEW.instance_id, NEW.assignee_unit_id, i.search_text
            FROM workflow_instances i WHERE i.id = NEW.instance_id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER workflow_tasks_inbox_search_insert AFTER INSERT ON workflow_tasks
      FOR EACH ROW WHEN (NEW.status = 'open') EXECUTE FUNCTION inbox_search_follow_task()`);
    await queryRunner.query(`
      CREATE TRIGGER workflow_tasks_inbox_search_update AFTER UPDATE OF status, assignee_unit_id ON workflow_tasks
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.assignee_unit_id IS DISTINCT FROM NEW.assignee_unit_id)
      EXECUTE FUNCTION inbox_search_follow_task()`);
    await queryRunner.query(`
      CREATE FUNCTION inbox_search_follow_instance() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE inbox_search SET search_text = NEW.search_text WHERE instance_id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER workflow_instances_inbox_search AFTER UPDATE OF search_text ON workflow_instances
      FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text)
      EXECUTE FUNCTION inbox_search_follow_instance()`);
    await queryRunner.query(`
      INSERT INTO inbox_search (task_id, instance_id, assignee_unit_id, search_text)
      SELECT t.id, t.instance_id, t.assignee_unit_id, i.search_text
        FROM workflow_tasks t JOIN workflow_instances i ON i.id = t.instance_id
       WHERE t.status = 'open'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER workflow_instances_inbox_search ON workflow_instances`);
    await queryRunner.query(`DROP TRIGGER workflow_tasks_inbox_search_update ON workflow_tasks`);
    await queryRunner.query(`DROP TRIGGER workflow_tasks_inbox_search_insert ON workflow_tasks`);
    await queryRunner.query(`DROP FUNCTION inbox_search_follow_instance`);
    await queryRunner.query(`DROP FUNCTION inbox_search_follow_task`);
    await queryRunner.query(`DROP TABLE inbox_search`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS btree_gin`);
    // The SQL folding of migration AuditSearch, as it was.
    await queryRunner.query(`
      CREATE FUNCTION fold_diacritics(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
        SELECT lower(translate(regexp_replace(normalize(input, NFD), '[\\u0300-\\u036f]', '', 'g'), 'đĐ', 'dd'))
      $$`);
    await queryRunner.query(
      `CREATE INDEX workflow_instances_title_search_idx ON workflow_instances USING gin (fold_diacritics(title) gin_trgm_ops)`,
    );
    await queryRunner.query(`DROP INDEX workflow_instances_folded_title_idx`);
    await queryRunner.query(`ALTER TABLE workflow_instances DROP COLUMN folded_title`);
  }
}
