import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Joint meetings (giao ban, point 2 of the letter): the meeting, the units that took part, its
 * minutes (content-addressed like attachments: the bytes live in the same store under their
 * SHA-256) and an append-only event per record made — the meeting recorded, minutes added — that
 * enters the transparency log like history events, comments and admin changes do.
 */
export class JointMeetings1764285000000 implements MigrationInterface {
  name = 'JointMeetings1764285000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE meetings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        held_at timestamptz NOT NULL,
        location text CHECK (length(location) <= 300),
        directive_id uuid REFERENCES directives(id),
        point integer,
        exchange_instance_id uuid REFERENCES workflow_instances(id),
        conclusions text CHECK (length(conclusions) <= 20000),
        organiser_unit_id uuid NOT NULL REFERENCES org_units(id),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL,
        FOREIGN KEY (directive_id, point) REFERENCES directive_points(directive_id, no),
        CHECK (point IS NULL OR directive_id IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX meetings_held_idx ON meetings (held_at DESC, id DESC)`);
    await queryRunner.query(`
      CREATE TABLE meeting_participants (
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        PRIMARY KEY (meeting_id, org_unit_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX meeting_participants_unit_idx ON meeting_participants (org_unit_id, meeting_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE meeting_minutes (
        id uuid PRIMARY KEY,
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        file_name text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage text NOT NULL,
        storage_key text NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        uploaded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX meeting_minutes_meeting_idx ON meeting_minutes (meeting_id, uploaded_at, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE meeting_events (
        id bigserial PRIMARY KEY,
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        type text NOT NULL,
        actor_id uuid NOT NULL REFERENCES users(id),
        actor_username text NOT NULL,
        actor_org_unit_id uuid NOT NULL,
        data jsonb NOT NULL,
        at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX meeting_events_meeting_idx ON meeting_events (meeting_id, id)`,
    );
    await queryRunner.query(`
      CREATE TRIGGER meeting_events_append_only BEFORE UPDATE OR DELETE ON meeting_events
      FOR EACH ROW EXECUTE FUNCTION forbid_log_change()`);
    await queryRunner.query(`
      CREATE TRIGGER meeting_events_no_truncate BEFORE TRUNCATE ON meeting_events
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_log_change()`);

    // The log takes a fourth kind of source.
    for (const table of ['tlog_pending', 'tlog_leaves']) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN meeting_event_id bigint`);
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_check`);
      await queryRunner.query(`
        ALTER TABLE ${table} ADD CONSTRAINT ${table}_check
        CHECK (num_nonnulls(history_event_id, comment_id, admin_event_id, meeting_event_id) = 1)`);
    }
    await queryRunner.query(
      `CREATE UNIQUE INDEX tlog_leaves_meeting_event_id_idx ON tlog_leaves (meeting_event_id) WHERE meeting_event_id IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION tlog_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'history_events' THEN
          INSERT INTO tlog_pending (history_event_id) VALUES (NEW.id);
        ELSIF TG_TABLE_NAME = 'instance_comments' THEN
          INSERT INTO tlog_pending (comment_id) VALUES (NEW.id);
        ELSIF TG_TABLE_NAME = 'meeting_events' THEN
          INSERT INTO tlog_pending (meeting_event_id) VALUES (NEW.id);
        ELSE
          INSERT INTO tlog_pending (admin_event_id) VALUES (NEW.id);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER meeting_events_tlog_enqueue AFTER INSERT ON meeting_events
      FOR EACH ROW EXECUTE FUNCTION tlog_enqueue()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER meeting_events_tlog_enqueue ON meeting_events`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION tlog_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'history_events' THEN
          INSERT INTO tlog_pending (history_event_id) VALUES (NEW.id);
        ELSIF TG_TABLE_NAME = 'instance_comments' THEN
          INSERT INTO tlog_pending (comment_id) VALUES (NEW.id);
        ELSE
          INSERT INTO tlog_pending (admin_event_id) VALUES (NEW.id);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`DROP INDEX tlog_leaves_meeting_event_id_idx`);
    for (const table of ['tlog_pending', 'tlog_leaves']) {
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_check`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN meeting_event_id`);
      await queryRunner.query(`
        ALTER TABLE ${table} ADD CONSTRAINT ${table}_check
        CHECK (num_nonnulls(history_event_id, comment_id, admin_event_id) = 1)`);
    }
    await queryRunner.query(
      `DROP TABLE meeting_events, meeting_minutes, meeting_participants, meetings`,
    );
  }
}
