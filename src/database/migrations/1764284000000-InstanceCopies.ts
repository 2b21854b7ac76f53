import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Copies (nơi nhận): a unit outside a case's route that received it to read and comment on
 * (cho ý kiến), never to act. One row per case and unit: a unit receives a case once, from the
 * first step that sent it there. Officials of the unit are told with a `copied` notification.
 */
export class InstanceCopies1764284000000 implements MigrationInterface {
  name = 'InstanceCopies1764284000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE instance_copies (
        instance_id uuid NOT NULL REFERENCES workflow_instances(id),
        recipient_unit_id uuid NOT NULL REFERENCES org_units(id),
        -- The state whose entry sent the copy, and who moved the case into it.
        state text NOT NULL,
        sent_by uuid NOT NULL REFERENCES users(id),
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (instance_id, recipient_unit_id)
      )`);
    // "Nhận để biết / cho ý kiến": a unit's received copies, newest first.
    await queryRunner.query(
      `CREATE INDEX instance_copies_recipient_idx ON instance_copies (recipient_unit_id, sent_at DESC)`,
    );
    await queryRunner.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await queryRunner.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
         CHECK (kind IN ('new-task', 'returned', 'reminder', 'overdue', 'escalated',
                         'campaign-reminder', 'nudged', 'replied', 'copied'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM notifications WHERE kind = 'copied'`);
    await queryRunner.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await queryRunner.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
         CHECK (kind IN ('new-task', 'returned', 'reminder', 'overdue', 'escalated',
                         'campaign-reminder', 'nudged', 'replied'))`,
    );
    await queryRunner.query(`DROP TABLE instance_copies`);
  }
}
