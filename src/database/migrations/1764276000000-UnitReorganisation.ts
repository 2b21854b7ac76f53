import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The 2025 reorganisation of communes: a unit can be merged into another or retired, its open
 * work handed over. A retired unit stays (finished cases, history and registers still name it)
 * but takes no new work. And one person may hold posts in several units (kiêm nhiệm): their home
 * unit stays `users.org_unit_id`, the others are listed here.
 */
export class UnitReorganisation1764276000000 implements MigrationInterface {
  name = 'UnitReorganisation1764276000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE org_units
        ADD COLUMN retired_at timestamptz,
        ADD COLUMN merged_into_id uuid REFERENCES org_units(id),
        ADD CONSTRAINT org_units_merged_is_retired CHECK (merged_into_id IS NULL OR retired_at IS NOT NULL)`);
    await queryRunner.query(`
      CREATE TABLE user_posts (
        user_id uuid NOT NULL REFERENCES users(id),
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        PRIMARY KEY (user_id, org_unit_id)
      )`);
    await queryRunner.query(`CREATE INDEX user_posts_unit_idx ON user_posts (org_unit_id)`);
    // The Front's own chain: the district Front reads its communes' Front documents.
    await queryRunner.query(
      `ALTER TABLE org_unit_kinds ADD COLUMN reads_own_chain boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `UPDATE org_unit_kinds SET reads_own_chain = true WHERE key = 'fatherland-front'`,
    );
    // Point 2: the sender is told of each reply.
    await queryRunner.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await queryRunner.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
         CHECK (kind IN ('new-task', 'returned', 'reminder', 'overdue', 'escalated',
                         'campaign-reminder', 'nudged', 'replied'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM notifications WHERE kind = 'replied'`);
    await queryRunner.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await queryRunner.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
         CHECK (kind IN ('new-task', 'returned', 'reminder', 'overdue', 'escalated',
                         'campaign-reminder', 'nudged'))`,
    );
    await queryRunner.query(`ALTER TABLE org_unit_kinds DROP COLUMN reads_own_chain`);
    await queryRunner.query(`DROP TABLE user_posts`);
    await queryRunner.query(`
      ALTER TABLE org_units DROP CONSTRAINT org_units_merged_is_retired,
        DROP COLUMN merged_into_id, DROP COLUMN retired_at`);
  }
}
