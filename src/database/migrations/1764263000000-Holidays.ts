import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { vietnamPublicHolidays } from '../../workflows/calendar/vietnam-holidays';

// Seeded once, here: setup never re-adds a day an admin removed.
const SEEDED_YEARS = { from: 2025, to: 2035 };

/**
 * The holiday calendar working-day deadlines are counted on: public holidays, compensatory days
 * off and make-up working days, one row per local date, managed by admins as data.
 */
export class Holidays1764263000000 implements MigrationInterface {
  name = 'Holidays1764263000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE holidays (
        date date PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('holiday', 'compensatory-day-off', 'make-up-working-day')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (let year = SEEDED_YEARS.from; year <= SEEDED_YEARS.to; year += 1) {
      for (const { date, name, kind } of vietnamPublicHolidays(year)) {
        await queryRunner.query(
          `INSERT INTO holidays (date, name, kind) VALUES ($1, $2, $3) ON CONFLICT (date) DO NOTHING`,
          [date, name, kind],
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE holidays`);
  }
}
