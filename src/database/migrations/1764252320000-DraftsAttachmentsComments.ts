import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class DraftsAttachmentsComments1764252320000 implements MigrationInterface {
  name = 'DraftsAttachmentsComments1764252320000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE form_drafts (
        user_id uuid NOT NULL REFERENCES users(id),
        instance_id uuid NOT NULL REFERENCES workflow_instances(id),
        event_type text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        comment text,
        instance_version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, instance_id, event_type)
      )`);
    await queryRunner.query(
      `CREATE INDEX form_drafts_user_recent_idx ON form_drafts (user_id, updated_at DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY,
        instance_id uuid NOT NULL REFERENCES workflow_instances(id),
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        content_type text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage text NOT NULL CHECK (storage IN ('postgres', 'disk')),
        storage_key text NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        uploaded_at timestamptz NOT NULL,
        -- The ATTACHMENT_ADDED history event that records the upload and its SHA-256.
        history_seq integer NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX attachments_instance_idx ON attachments (instance_id, uploaded_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE attachment_blobs (
        attachment_id uuid PRIMARY KEY REFERENCES attachments(id),
        content bytea NOT NULL
      )`);
    // PDF, Office files and images are compressed already: store them as they are.
    await queryRunner.query(
      `ALTER TABLE attachment_blobs ALTER COLUMN content SET STORAGE EXTERNAL`,
    );

    await queryRunner.query(`
      CREATE TABLE instance_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        instance_id uuid NOT NULL REFERENCES workflow_instances(id),
        author_id uuid NOT NULL REFERENCES users(id),
        author_org_unit_id uuid NOT NULL REFERENCES org_units(id),
        reply_to_id uuid REFERENCES instance_comments(id),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX instance_comments_thread_idx ON instance_comments (instance_id, created_at, id)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION forbid_comment_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'comments are append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER instance_comments_append_only BEFORE UPDATE OR DELETE ON instance_comments
      FOR EACH ROW EXECUTE FUNCTION forbid_comment_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE instance_comments`);
    await queryRunner.query(`DROP FUNCTION forbid_comment_change`);
    await queryRunner.query(`DROP TABLE attachment_blobs`);
    await queryRunner.query(`DROP TABLE attachments`);
    await queryRunner.query(`DROP TABLE form_drafts`);
  }
}
