import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Rows of `inbox_search` filled per round trip while the new columns are backfilled. */
const BACKFILL_BATCH = 5000;

/** The trigger function of migration NarrowSearch, restored by `down`. */
const FOLLOW_TASK_BEFORE = `
  CREATE OR REPLACE FUNCTION inbox_search_follow_task() RETURNS trigger LANGUAGE plpgsql AS $$
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
  END $$`;

/**
 * `inbox_search` carries what the inbox filters and orders by, so one table answers a search.
 *
 * Migration NarrowSearch gave each open task a narrow row with its unit and its instance's folded
 * text, under one GIN index over both. The inbox still joined every match to its task row — for the
 * kind and capability filters and the deadline sort — before keeping the first page: at 4 % of
 * titles that was ~500 random task reads for 20 rows (~50 ms at 2 M events). Now the row also holds
 * the task's kind, capability, state, deadline, creation time and claimant, so the page is chosen on
 * `inbox_search` alone and only its 20 tasks are read; and two per-unit btree indexes in the inbox's
 * two orders (deadline, age) let the planner walk a unit's open tasks in page order, testing the
 * text on the narrow row, when the term is common — the GIN index stays for rare terms.
 *
 * The trigger now follows every task column the row carries (a claim, a handover, and — should a
 * path ever change them — the deadline, state, kind or capability). Filters on the instance (its
 * workflow, its unit, which a unit handover moves) still read the instance.
 */
export class InboxSearchCarriesTask1764292000000 implements MigrationInterface {
  name = 'InboxSearchCarriesTask1764292000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE inbox_search
        ADD COLUMN kind text, ADD COLUMN capability text, ADD COLUMN state text,
        ADD COLUMN due_at timestamptz, ADD COLUMN created_at timestamptz, ADD COLUMN claimed_by uuid`);
    // The trigger first: a task written while the rows are backfilled is copied whole.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION inbox_search_follow_task() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.status = 'open' THEN
          IF NEW.status = 'open' THEN
            UPDATE inbox_search
               SET assignee_unit_id = NEW.assignee_unit_id, kind = NEW.kind,
                   capability = NEW.capability, state = NEW.state, due_at = NEW.due_at,
                   created_at = NEW.created_at, claimed_by = NEW.claimed_by
             WHERE task_id = NEW.id;
          ELSE
            DELETE FROM inbox_search WHERE task_id = NEW.id;
          END IF;
        ELSIF NEW.status = 'open' THEN
          INSERT INTO inbox_search (task_id, instance_id, assignee_unit_id, search_text, kind,
                                    capability, state, due_at, created_at, claimed_by)
          SELECT NEW.id, NEW.instance_id, NEW.assignee_unit_id, i.search_text, NEW.kind,
                 NEW.capability, NEW.state, NEW.due_at, NEW.created_at, NEW.claimed_by
            FROM workflow_instances i WHERE i.id = NEW.instance_id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`DROP TRIGGER workflow_tasks_inbox_search_update ON workflow_tasks`);
    await queryRunner.query(`
      CREATE TRIGGER workflow_tasks_inbox_search_update
      AFTER UPDATE OF status, assignee_unit_id, kind, capability, state, due_at, created_at, claimed_by
      ON workflow_tasks FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status
            OR (NEW.status = 'open' AND (OLD.assignee_unit_id, OLD.kind, OLD.capability, OLD.state,
                OLD.due_at, OLD.created_at, OLD.claimed_by) IS DISTINCT FROM (NEW.assignee_unit_id,
                NEW.kind, NEW.capability, NEW.state, NEW.due_at, NEW.created_at, NEW.claimed_by)))
      EXECUTE FUNCTION inbox_search_follow_task()`);

    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = (await queryRunner.query(
        `UPDATE inbox_search s
            SET kind = t.kind, capability = t.capability, state = t.state, due_at = t.due_at,
                created_at = t.created_at, claimed_by = t.claimed_by
           FROM workflow_tasks t
          WHERE t.id = s.task_id
            AND s.task_id IN (SELECT task_id FROM inbox_search WHERE task_id > $1
                               ORDER BY task_id LIMIT ${BACKFILL_BATCH})
          RETURNING s.task_id`,
        [after],
      )) as [Array<{ task_id: string }>, number];
      const updated = rows[0];
      if (updated.length === 0) break;
      after = updated.reduce((max, row) => (row.task_id > max ? row.task_id : max), after);
    }
    await queryRunner.query(`
      ALTER TABLE inbox_search
        ALTER COLUMN kind SET NOT NULL, ALTER COLUMN state SET NOT NULL,
        ALTER COLUMN created_at SET NOT NULL`);
    // The inbox's two orders, written exactly as its queries sort (see the inbox repository).
    await queryRunner.query(
      `CREATE INDEX inbox_search_due_idx ON inbox_search (assignee_unit_id, (COALESCE(due_at, 'infinity'::timestamptz)), task_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX inbox_search_age_idx ON inbox_search (assignee_unit_id, created_at, task_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX inbox_search_age_idx`);
    await queryRunner.query(`DROP INDEX inbox_search_due_idx`);
    await queryRunner.query(`DROP TRIGGER workflow_tasks_inbox_search_update ON workflow_tasks`);
    await queryRunner.query(FOLLOW_TASK_BEFORE);
    await queryRunner.query(`
      CREATE TRIGGER workflow_tasks_inbox_search_update AFTER UPDATE OF status, assignee_unit_id ON workflow_tasks
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.assignee_unit_id IS DISTINCT FROM NEW.assignee_unit_id)
      EXECUTE FUNCTION inbox_search_follow_task()`);
    await queryRunner.query(`
      ALTER TABLE inbox_search
        DROP COLUMN kind, DROP COLUMN capability, DROP COLUMN state, DROP COLUMN due_at,
        DROP COLUMN created_at, DROP COLUMN claimed_by`);
  }
}
