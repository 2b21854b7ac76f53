import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class WorkflowEngine1764252100000 implements MigrationInterface {
  name = 'WorkflowEngine1764252100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE workflow_definitions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9-]*$'),
        version integer NOT NULL CHECK (version > 0),
        title text NOT NULL,
        -- json, not jsonb: it keeps the author's key order (states, form fields) as published.
        document json NOT NULL,
        content_hash text NOT NULL,
        status text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'deprecated')),
        published_by uuid REFERENCES users(id),
        published_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (key, version)
      )`);
    // Published definitions are immutable: only the status may change (deprecation).
    await queryRunner.query(`
      CREATE FUNCTION forbid_definition_edit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'workflow definitions are never deleted';
        END IF;
        IF (NEW.key, NEW.version, NEW.document::text, NEW.content_hash)
           IS DISTINCT FROM (OLD.key, OLD.version, OLD.document::text, OLD.content_hash) THEN
          RAISE EXCEPTION 'published workflow definitions are immutable';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER workflow_definitions_immutable BEFORE UPDATE OR DELETE ON workflow_definitions
      FOR EACH ROW EXECUTE FUNCTION forbid_definition_edit()`);

    await queryRunner.query(`
      CREATE TABLE workflow_instances (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        definition_id uuid NOT NULL REFERENCES workflow_definitions(id),
        definition_key text NOT NULL,
        definition_version integer NOT NULL,
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        title text NOT NULL,
        state text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'completed', 'cancelled')),
        version integer NOT NULL CHECK (version > 0),
        snapshot jsonb NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        history_head text NOT NULL,
        -- Title and form data folded to lower case without diacritics, for "phoi hop" ~ "phối hợp".
        search_text text NOT NULL DEFAULT '',
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX workflow_instances_org_unit_idx ON workflow_instances (org_unit_id, created_at DESC)`,
    );
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX workflow_instances_search_idx ON workflow_instances USING gin (search_text gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX workflow_instances_definition_idx ON workflow_instances (definition_key, definition_version)`,
    );

    await queryRunner.query(`
      CREATE TABLE workflow_commands (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        instance_id uuid NOT NULL REFERENCES workflow_instances(id),
        type text NOT NULL,
        data jsonb,
        comment text,
        actor_id uuid NOT NULL REFERENCES users(id),
        idempotency_key text,
        expected_version integer,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'rejected')),
        error jsonb,
        instance_version integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX workflow_commands_idempotency_idx ON workflow_commands (actor_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX workflow_commands_pending_idx ON workflow_commands (instance_id, seq) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX workflow_commands_pending_age_idx ON workflow_commands (created_at) WHERE status = 'pending'`,
    );

    await queryRunner.query(`
      CREATE TABLE history_events (
        id bigserial PRIMARY KEY,
        instance_id uuid NOT NULL REFERENCES workflow_instances(id),
        seq integer NOT NULL CHECK (seq > 0),
        type text NOT NULL,
        from_state text,
        to_state text NOT NULL,
        actor_id uuid NOT NULL REFERENCES users(id),
        actor_username text NOT NULL,
        actor_org_unit_id uuid NOT NULL,
        on_behalf_of_id uuid,
        data jsonb,
        comment text,
        command_id uuid UNIQUE,
        at timestamptz NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        UNIQUE (instance_id, seq)
      )`);
    // History is append-only for every role, admin included: no route edits it, nor may SQL.
    await queryRunner.query(`
      CREATE FUNCTION forbid_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'history is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER history_events_append_only BEFORE UPDATE OR DELETE ON history_events
      FOR EACH ROW EXECUTE FUNCTION forbid_history_change()`);

    await queryRunner.query(`
      CREATE TABLE workflow_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        instance_id uuid NOT NULL REFERENCES workflow_instances(id),
        state text NOT NULL,
        assignee_unit_id uuid NOT NULL REFERENCES org_units(id),
        capability text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
        due_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        closed_by uuid REFERENCES users(id)
      )`);
    await queryRunner.query(
      `CREATE INDEX workflow_tasks_inbox_idx ON workflow_tasks (assignee_unit_id, (COALESCE(due_at, 'infinity'::timestamptz)), id) WHERE status = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX workflow_tasks_unit_instance_idx ON workflow_tasks (assignee_unit_id, instance_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX workflow_tasks_instance_idx ON workflow_tasks (instance_id) WHERE status = 'open'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE workflow_tasks`);
    await queryRunner.query(`DROP TABLE history_events`);
    await queryRunner.query(`DROP FUNCTION forbid_history_change`);
    await queryRunner.query(`DROP TABLE workflow_commands`);
    await queryRunner.query(`DROP TABLE workflow_instances`);
    await queryRunner.query(`DROP TABLE workflow_definitions`);
    await queryRunner.query(`DROP FUNCTION forbid_definition_edit`);
  }
}
