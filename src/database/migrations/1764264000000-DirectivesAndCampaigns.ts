import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The letter as a record (directives and their numbered points) and the campaigns sent from a
 * point to many units with one calendar due date, one instance per unit.
 */
export class DirectivesAndCampaigns1764264000000 implements MigrationInterface {
  name = 'DirectivesAndCampaigns1764264000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE directives (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        symbol text NOT NULL UNIQUE CHECK (length(symbol) BETWEEN 1 AND 100),
        issued_at date NOT NULL,
        issuer text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 300),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
        recipients text[] NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE directive_points (
        directive_id uuid NOT NULL REFERENCES directives(id),
        no integer NOT NULL CHECK (no > 0),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
        PRIMARY KEY (directive_id, no)
      )`);

    await queryRunner.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        directive_id uuid REFERENCES directives(id),
        point integer,
        definition_key text NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        due_date date NOT NULL,
        -- The end of due_date in the organisation's time zone, as the instant it stands for.
        due_at timestamptz NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        FOREIGN KEY (directive_id, point) REFERENCES directive_points(directive_id, no),
        CHECK (point IS NULL OR directive_id IS NOT NULL)
      )`);
    await queryRunner.query(
      `CREATE INDEX campaigns_directive_idx ON campaigns (directive_id, point)`,
    );
    await queryRunner.query(`
      CREATE TABLE campaign_items (
        campaign_id uuid NOT NULL REFERENCES campaigns(id),
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        instance_id uuid NOT NULL UNIQUE REFERENCES workflow_instances(id),
        PRIMARY KEY (campaign_id, org_unit_id)
      )`);

    // Đôn đốc: each round of reminders a dispatcher sent, and to how many instances.
    await queryRunner.query(`
      CREATE TABLE campaign_reminders (
        id uuid PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES campaigns(id),
        scope text NOT NULL CHECK (scope IN ('overdue', 'unfinished')),
        message text CHECK (length(message) <= 1000),
        instance_count integer NOT NULL CHECK (instance_count >= 0),
        sent_by uuid NOT NULL REFERENCES users(id),
        sent_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX campaign_reminders_campaign_idx ON campaign_reminders (campaign_id, sent_at)`,
    );

    await queryRunner.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await queryRunner.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
        CHECK (kind IN ('new-task', 'returned', 'reminder', 'overdue', 'escalated', 'campaign-reminder'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM notifications WHERE kind = 'campaign-reminder'`);
    await queryRunner.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await queryRunner.query(`
      ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
        CHECK (kind IN ('new-task', 'returned', 'reminder', 'overdue', 'escalated'))`);
    await queryRunner.query(`DROP TABLE campaign_reminders`);
    await queryRunner.query(`DROP TABLE campaign_items`);
    await queryRunner.query(`DROP TABLE campaigns`);
    await queryRunner.query(`DROP TABLE directive_points`);
    await queryRunner.query(`DROP TABLE directives`);
  }
}
