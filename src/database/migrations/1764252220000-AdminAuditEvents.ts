import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Every admin change to the organisation and users, append-only like the workflow history. */
export class AdminAuditEvents1764252220000 implements MigrationInterface {
  name = 'AdminAuditEvents1764252220000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE admin_audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid NOT NULL REFERENCES users(id),
        actor_username text NOT NULL,
        action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*$'),
        target_type text NOT NULL,
        target_id text NOT NULL,
        before jsonb,
        after jsonb
      )`);
    await queryRunner.query(`
      CREATE FUNCTION forbid_admin_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'admin audit events are append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER admin_audit_events_append_only BEFORE UPDATE OR DELETE ON admin_audit_events
      FOR EACH ROW EXECUTE FUNCTION forbid_admin_audit_change()`);
    // TRUNCATE skips row triggers, so it needs a statement trigger of its own.
    await queryRunner.query(`
      CREATE TRIGGER admin_audit_events_no_truncate BEFORE TRUNCATE ON admin_audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_admin_audit_change()`);
    await queryRunner.query(
      `CREATE INDEX admin_audit_events_at_idx ON admin_audit_events (at, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX admin_audit_events_target_idx ON admin_audit_events (target_type, target_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE admin_audit_events`);
    await queryRunner.query(`DROP FUNCTION forbid_admin_audit_change`);
  }
}
