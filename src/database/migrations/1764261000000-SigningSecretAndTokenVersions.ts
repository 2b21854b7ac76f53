import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * No well-known secret signs a token: without `JWT_SECRET`, the first process to start generates
 * one and keeps it here, with the data, so restarts and every other API process use the same one.
 * Each user's token version is bumped by a password reset, a deactivation or a role change; a
 * token carrying an older version is refused.
 */
export class SigningSecretAndTokenVersions1764261000000 implements MigrationInterface {
  name = 'SigningSecretAndTokenVersions1764261000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE app_secrets (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 1`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users DROP COLUMN token_version`);
    await queryRunner.query(`DROP TABLE app_secrets`);
  }
}
