import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Time as part of every workflow: reminder and escalation state on tasks (the timers themselves
 * live in Redis and are rebuilt from these columns), escalation tasks for the unit above, in-app
 * notifications, and the periodic reporting cycle's record of which periods were opened.
 */
export class DeadlinesNotificationsPeriodicReports1764252400000 implements MigrationInterface {
  name = 'DeadlinesNotificationsPeriodicReports1764252400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE workflow_tasks
        ADD COLUMN kind text NOT NULL DEFAULT 'step' CHECK (kind IN ('step', 'escalation')),
        ADD COLUMN remind_at timestamptz,
        ADD COLUMN reminded_at timestamptz,
        ADD COLUMN overdue_at timestamptz,
        ADD COLUMN escalated_from_id uuid REFERENCES workflow_tasks(id)`);
    // The timer sweeper's two questions — which reminders and escalations are due and not yet
    // done — each read a small partial index of open steps.
    await queryRunner.query(
      `CREATE INDEX workflow_tasks_remind_due_idx ON workflow_tasks (remind_at)
         WHERE status = 'open' AND kind = 'step' AND reminded_at IS NULL AND remind_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX workflow_tasks_escalation_due_idx ON workflow_tasks (due_at)
         WHERE status = 'open' AND kind = 'step' AND overdue_at IS NULL AND due_at IS NOT NULL`,
    );
    // One escalation per overdue step, whatever runs the escalation twice.
    await queryRunner.query(
      `CREATE UNIQUE INDEX workflow_tasks_escalated_from_idx ON workflow_tasks (escalated_from_id)
         WHERE escalated_from_id IS NOT NULL`,
    );

    // Where the email channel sends; null means in-app only.
    await queryRunner.query(`ALTER TABLE users ADD COLUMN email text`);

    await queryRunner.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL CHECK (kind IN ('new-task', 'returned', 'reminder', 'overdue', 'escalated')),
        instance_id uuid REFERENCES workflow_instances(id),
        task_id uuid REFERENCES workflow_tasks(id),
        title text NOT NULL,
        body text,
        -- What made it (e.g. 'reminder:<task id>'): a handler that runs twice notifies once.
        dedupe_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        UNIQUE (user_id, dedupe_key)
      )`);
    await queryRunner.query(
      `CREATE INDEX notifications_user_idx ON notifications (user_id, (read_at IS NULL) DESC, created_at DESC, id)`,
    );

    await queryRunner.query(`
      CREATE TABLE periodic_report_cycles (
        period_kind text PRIMARY KEY CHECK (period_kind IN ('quarter', 'half-year', 'year')),
        -- Periods that end after this are owed a report; earlier ones predate the cycle.
        active_since timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE periodic_report_runs (
        board_unit_id uuid NOT NULL REFERENCES org_units(id),
        period_key text NOT NULL CHECK (period_key ~ '^[0-9]{4}(-Q[1-4]|-H[12])?$'),
        instance_id uuid NOT NULL UNIQUE REFERENCES workflow_instances(id),
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'catch-up', 'admin')),
        opened_at timestamptz NOT NULL,
        PRIMARY KEY (board_unit_id, period_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE periodic_report_runs`);
    await queryRunner.query(`DROP TABLE periodic_report_cycles`);
    await queryRunner.query(`DROP TABLE notifications`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN email`);
    await queryRunner.query(`DROP INDEX workflow_tasks_escalated_from_idx`);
    await queryRunner.query(`DROP INDEX workflow_tasks_escalation_due_idx`);
    await queryRunner.query(`DROP INDEX workflow_tasks_remind_due_idx`);
    await queryRunner.query(`
      ALTER TABLE workflow_tasks
        DROP COLUMN escalated_from_id, DROP COLUMN overdue_at, DROP COLUMN reminded_at,
        DROP COLUMN remind_at, DROP COLUMN kind`);
  }
}
