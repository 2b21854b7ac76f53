import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * One transparency log over all history (RFC 6962 Merkle tree): every history event, comment and
 * admin change becomes a leaf. Rows enter `tlog_pending` by trigger as they are written; the
 * sequencer moves committed ones into `tlog_leaves` in order, keeps the perfect subtree roots in
 * `tlog_nodes` (for proofs) and signs checkpoints into `tlog_checkpoints`. All three log tables
 * are append-only, and so, now, is TRUNCATE on the history tables.
 *
 * Attachments become content-addressed: their bytes live under their SHA-256.
 */
export class TransparencyLog1764260000000 implements MigrationInterface {
  name = 'TransparencyLog1764260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sources = `history_event_id bigint, comment_id uuid, admin_event_id bigint,
        CHECK (num_nonnulls(history_event_id, comment_id, admin_event_id) = 1)`;
    await queryRunner.query(`
      CREATE TABLE tlog_pending (
        id bigserial PRIMARY KEY,
        ${sources}
      )`);
    await queryRunner.query(`
      CREATE TABLE tlog_leaves (
        leaf_index bigint PRIMARY KEY CHECK (leaf_index >= 0),
        leaf_hash bytea NOT NULL CHECK (length(leaf_hash) = 32),
        logged_at timestamptz NOT NULL DEFAULT now(),
        ${sources}
      )`);
    for (const column of ['history_event_id', 'comment_id', 'admin_event_id']) {
      await queryRunner.query(
        `CREATE UNIQUE INDEX tlog_leaves_${column}_idx ON tlog_leaves (${column}) WHERE ${column} IS NOT NULL`,
      );
    }
    await queryRunner.query(`
      CREATE TABLE tlog_nodes (
        level smallint NOT NULL CHECK (level > 0),
        idx bigint NOT NULL CHECK (idx >= 0),
        hash bytea NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, idx)
      )`);
    await queryRunner.query(`
      CREATE TABLE tlog_checkpoints (
        tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
        root_hash bytea NOT NULL CHECK (length(root_hash) = 32),
        note text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE FUNCTION tlog_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
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
    for (const table of ['history_events', 'instance_comments', 'admin_audit_events']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_tlog_enqueue AFTER INSERT ON ${table}
        FOR EACH ROW EXECUTE FUNCTION tlog_enqueue()`);
    }
    // What was recorded before the log existed enters it in the order it happened.
    await queryRunner.query(`
      INSERT INTO tlog_pending (history_event_id, comment_id, admin_event_id)
      SELECT history_event_id, comment_id, admin_event_id FROM (
        SELECT id AS history_event_id, NULL::uuid AS comment_id, NULL::bigint AS admin_event_id,
               at, id AS tiebreak FROM history_events
        UNION ALL
        SELECT NULL, id, NULL, created_at, 0 FROM instance_comments
        UNION ALL
        SELECT NULL, NULL, id, at, id FROM admin_audit_events
      ) s ORDER BY at, tiebreak`);

    await queryRunner.query(`
      CREATE FUNCTION forbid_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    for (const table of ['tlog_leaves', 'tlog_nodes', 'tlog_checkpoints']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION forbid_log_change()`);
    }
    // TRUNCATE skips row triggers.
    for (const table of [
      'tlog_leaves',
      'tlog_nodes',
      'tlog_checkpoints',
      'history_events',
      'instance_comments',
    ]) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION forbid_log_change()`);
    }

    await queryRunner.query(`
      CREATE TABLE attachment_contents (
        sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content bytea NOT NULL
      )`);
    await queryRunner.query(
      `ALTER TABLE attachment_contents ALTER COLUMN content SET STORAGE EXTERNAL`,
    );
    await queryRunner.query(`
      INSERT INTO attachment_contents (sha256, content)
      SELECT a.sha256, b.content FROM attachments a JOIN attachment_blobs b ON b.attachment_id = a.id
      ON CONFLICT (sha256) DO NOTHING`);
    await queryRunner.query(
      `UPDATE attachments SET storage_key = sha256 WHERE storage = 'postgres'`,
    );
    await queryRunner.query(`DROP TABLE attachment_blobs`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE attachment_blobs (
        attachment_id uuid PRIMARY KEY REFERENCES attachments(id),
        content bytea NOT NULL
      )`);
    await queryRunner.query(`
      INSERT INTO attachment_blobs (attachment_id, content)
      SELECT a.id, c.content FROM attachments a JOIN attachment_contents c ON c.sha256 = a.sha256
       WHERE a.storage = 'postgres'`);
    await queryRunner.query(
      `UPDATE attachments SET storage_key = id::text WHERE storage = 'postgres'`,
    );
    await queryRunner.query(`DROP TABLE attachment_contents`);
    for (const table of ['history_events', 'instance_comments']) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
    }
    for (const table of ['history_events', 'instance_comments', 'admin_audit_events']) {
      await queryRunner.query(`DROP TRIGGER ${table}_tlog_enqueue ON ${table}`);
    }
    await queryRunner.query(`DROP TABLE tlog_checkpoints, tlog_nodes, tlog_leaves, tlog_pending`);
    await queryRunner.query(`DROP FUNCTION forbid_log_change`);
    await queryRunner.query(`DROP FUNCTION tlog_enqueue`);
  }
}
