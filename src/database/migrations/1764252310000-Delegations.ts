import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Ủy quyền: an official hands their tasks to a colleague for a period. Revoked, never deleted. */
export class Delegations1764252310000 implements MigrationInterface {
  name = 'Delegations1764252310000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE delegations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delegator_id uuid NOT NULL REFERENCES users(id),
        delegate_id uuid NOT NULL REFERENCES users(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        reason text,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users(id),
        CHECK (ends_at > starts_at),
        CHECK (delegator_id <> delegate_id)
      )`);
    // Every command and every inbox page asks "whose tasks does this user hold now?".
    await queryRunner.query(
      `CREATE INDEX delegations_in_force_idx ON delegations (delegate_id, ends_at) WHERE revoked_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX delegations_delegator_idx ON delegations (delegator_id, ends_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE delegations`);
  }
}
