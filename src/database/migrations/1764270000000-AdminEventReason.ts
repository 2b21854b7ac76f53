import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Why an admin made an irreversible change (publishing a workflow version, locking an account):
 * typed in the web app's confirmation and kept beside the change. Older events have none.
 */
export class AdminEventReason1764270000000 implements MigrationInterface {
  name = 'AdminEventReason1764270000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE admin_audit_events ADD COLUMN reason text
         CHECK (reason IS NULL OR char_length(reason) BETWEEN 1 AND 1000)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE admin_audit_events DROP COLUMN reason`);
  }
}
