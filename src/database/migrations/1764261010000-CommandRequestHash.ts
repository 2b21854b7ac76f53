import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What a command's request said (instance, type, data, comment, expected version), hashed: a
 * repeated Idempotency-Key with another body is refused instead of answered as the first.
 */
export class CommandRequestHash1764261010000 implements MigrationInterface {
  name = 'CommandRequestHash1764261010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE workflow_commands ADD COLUMN request_hash text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE workflow_commands DROP COLUMN request_hash`);
  }
}
