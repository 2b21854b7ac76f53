import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The inbox's second sort, claims on tasks, saved inbox views, and the indexes the monitoring
 * scorecard needs.
 *
 * Index notes (a district with a million instances; the inbox only ever reads open tasks):
 * - sort `due` walks `workflow_tasks_inbox_idx` (unit, COALESCE(due_at, 'infinity'), id), partial on
 *   open tasks; `overdue` is written as a range on that same expression so it is an index bound.
 * - sort `age` needs the same shape on created_at: `workflow_tasks_inbox_age_idx`.
 * - the other filters (workflow, state, instance unit, text) are checked row by row while the index
 *   is walked in order; the partial index holds only a unit's open tasks, so the walk is bounded by
 *   the unit's open work, not by the size of the history.
 * - the inbox counts read the same partial indexes (a unit's open tasks), grouped in memory.
 * - the scorecard selects instances by creation time (`workflow_instances_created_idx`), then asks
 *   of each whether a step is open past its deadline (the existing open-task index) or was done
 *   after it (`workflow_tasks_late_idx`, partial: only late steps, so it stays small).
 */
export class InboxClaimsAndViews1764252300000 implements MigrationInterface {
  name = 'InboxClaimsAndViews1764252300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE workflow_tasks
        ADD COLUMN claimed_by uuid REFERENCES users(id),
        ADD COLUMN claimed_at timestamptz,
        ADD CONSTRAINT workflow_tasks_claim_check CHECK ((claimed_by IS NULL) = (claimed_at IS NULL))`);
    await queryRunner.query(
      `CREATE INDEX workflow_tasks_inbox_age_idx ON workflow_tasks (assignee_unit_id, created_at, id) WHERE status = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX workflow_tasks_late_idx ON workflow_tasks (instance_id)
         WHERE status = 'done' AND closed_at > due_at`,
    );
    await queryRunner.query(
      `CREATE INDEX workflow_instances_created_idx ON workflow_instances (created_at)`,
    );

    await queryRunner.query(`
      CREATE TABLE inbox_views (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        filters jsonb NOT NULL DEFAULT '{}',
        -- Private when both are null; otherwise visible to users of that unit and/or that role.
        shared_with_unit_id uuid REFERENCES org_units(id),
        shared_with_role text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (owner_id, name)
      )`);
    await queryRunner.query(
      `CREATE INDEX inbox_views_shared_idx ON inbox_views (shared_with_unit_id, shared_with_role)
         WHERE shared_with_unit_id IS NOT NULL OR shared_with_role IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inbox_views`);
    await queryRunner.query(`DROP INDEX workflow_instances_created_idx`);
    await queryRunner.query(`DROP INDEX workflow_tasks_late_idx`);
    await queryRunner.query(`DROP INDEX workflow_tasks_inbox_age_idx`);
    await queryRunner.query(`
      ALTER TABLE workflow_tasks DROP CONSTRAINT workflow_tasks_claim_check,
        DROP COLUMN claimed_at, DROP COLUMN claimed_by`);
  }
}
