import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The official's screen: indexes for "my cases" (cases by their creator, history events by their
 * actor) and the `nudged` notification a follow-up's reminder sends. The kind check keeps
 * `campaign-reminder` (added by DirectivesAndCampaigns, which runs before this one).
 */
export class OfficialScreen1764266000000 implements MigrationInterface {
  name = 'OfficialScreen1764266000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX workflow_instances_creator_idx ON workflow_instances (created_by, updated_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX history_events_actor_idx ON history_events (actor_id, instance_id)`,
    );
    await queryRunner.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await queryRunner.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
         CHECK (kind IN ('new-task', 'returned', 'reminder', 'overdue', 'escalated',
                         'campaign-reminder', 'nudged'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM notifications WHERE kind = 'nudged'`);
    await queryRunner.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await queryRunner.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
         CHECK (kind IN ('new-task', 'returned', 'reminder', 'overdue', 'escalated',
                         'campaign-reminder'))`,
    );
    await queryRunner.query(`DROP INDEX history_events_actor_idx`);
    await queryRunner.query(`DROP INDEX workflow_instances_creator_idx`);
  }
}
