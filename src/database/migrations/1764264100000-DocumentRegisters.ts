import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Registers (sổ văn bản): each issuing body numbers its documents per type and year, from 1,
 * without gaps. A register's row is the counter; taking a number locks it until the promulgating
 * transaction ends, so a rolled-back promulgation gives its number back and racing ones queue.
 */
export class DocumentRegisters1764264100000 implements MigrationInterface {
  name = 'DocumentRegisters1764264100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE document_registers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        issuing_unit_id uuid NOT NULL REFERENCES org_units(id),
        document_type text NOT NULL CHECK (document_type ~ '^[A-ZĐ]{1,6}$'),
        year integer NOT NULL CHECK (year BETWEEN 1930 AND 9999),
        last_number integer NOT NULL CHECK (last_number >= 0),
        UNIQUE (issuing_unit_id, document_type, year)
      )`);
    await queryRunner.query(`
      CREATE TABLE register_entries (
        register_id uuid NOT NULL REFERENCES document_registers(id),
        number integer NOT NULL CHECK (number > 0),
        instance_id uuid NOT NULL UNIQUE REFERENCES workflow_instances(id),
        symbol text NOT NULL,
        issued_at date NOT NULL,
        PRIMARY KEY (register_id, number)
      )`);
    // The promulgated document's identity, as the instance carries it in its API view.
    await queryRunner.query(`ALTER TABLE workflow_instances ADD COLUMN document jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE workflow_instances DROP COLUMN document`);
    await queryRunner.query(`DROP TABLE register_entries`);
    await queryRunner.query(`DROP TABLE document_registers`);
  }
}
