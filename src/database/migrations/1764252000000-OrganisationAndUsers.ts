import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class OrganisationAndUsers1764252000000 implements MigrationInterface {
  name = 'OrganisationAndUsers1764252000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await queryRunner.query(`
      CREATE TABLE org_unit_kinds (
        key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9-]*$'),
        name_vi text NOT NULL,
        name_en text NOT NULL,
        is_jurisdiction boolean NOT NULL DEFAULT false
      )`);
    await queryRunner.query(`
      CREATE TABLE org_units (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9.-]*$'),
        name text NOT NULL,
        name_en text,
        kind text NOT NULL REFERENCES org_unit_kinds(key),
        parent_id uuid REFERENCES org_units(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX org_units_parent_idx ON org_units (parent_id)`);
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE,
        full_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL CHECK (roles <@ ARRAY['official','auditor','admin']::text[] AND cardinality(roles) > 0),
        capabilities text[] NOT NULL DEFAULT '{}',
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX users_org_unit_idx ON users (org_unit_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE users`);
    await queryRunner.query(`DROP TABLE org_units`);
    await queryRunner.query(`DROP TABLE org_unit_kinds`);
  }
}
