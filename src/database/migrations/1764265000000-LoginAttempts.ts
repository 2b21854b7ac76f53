import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Sign-in attempts counted per window, shared by every API process (the limit held per process
 * before, so N processes allowed N times the limit). Keys are hashes of address, or address and
 * username; rows outlive their window only until the next attempt sweeps them.
 */
export class LoginAttempts1764265000000 implements MigrationInterface {
  name = 'LoginAttempts1764265000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNLOGGED TABLE login_attempts (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX login_attempts_expires_idx ON login_attempts (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE login_attempts`);
  }
}
