import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Deadlines live in PostgreSQL; the timer sweep puts into the queue only the timers due within a
 * short horizon (issue #11 item 3). `timers_queued_through` records up to when a step's timers
 * are in the queue, so a sweep adds only what entered the horizon since, and finds the closed
 * steps whose queued timers it should remove. Opening or closing a step no longer touches the
 * queue.
 */
export class TimersOffTheHotPath1764272000000 implements MigrationInterface {
  name = 'TimersOffTheHotPath1764272000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE workflow_tasks ADD COLUMN timers_queued_through timestamptz`,
    );
    // "Which open steps have a timer entering the horizon": their earliest pending time.
    await queryRunner.query(
      `CREATE INDEX workflow_tasks_next_timer_idx ON workflow_tasks ((LEAST(remind_at, due_at)))
         WHERE status = 'open' AND kind = 'step' AND overdue_at IS NULL
           AND (remind_at IS NOT NULL OR due_at IS NOT NULL)`,
    );
    // "Which closed steps still have timers in the queue": few, and gone after one sweep.
    await queryRunner.query(
      `CREATE INDEX workflow_tasks_queued_closed_idx ON workflow_tasks (id)
         WHERE timers_queued_through IS NOT NULL AND status <> 'open'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX workflow_tasks_queued_closed_idx`);
    await queryRunner.query(`DROP INDEX workflow_tasks_next_timer_idx`);
    await queryRunner.query(`ALTER TABLE workflow_tasks DROP COLUMN timers_queued_through`);
  }
}
