import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type HolidayEntry, type HolidayKind } from '../../workflows/calendar/vietnam-holidays';

const SELECT = `SELECT to_char(date, 'YYYY-MM-DD') AS date, name, kind FROM holidays`;
const RETURNING = `RETURNING to_char(date, 'YYYY-MM-DD') AS date, name, kind`;

/** The one place `holidays` is read and written; rows come out as {@link HolidayEntry}. */
@Injectable()
export class HolidaysRepository {
  /** Every entry, in no particular order. */
  all(manager: EntityManager): Promise<HolidayEntry[]> {
    return manager.query<HolidayEntry[]>(SELECT);
  }

  /** The entries of a year in date order; `daysOffOnly` leaves make-up working days out. */
  ofYear(manager: EntityManager, year: number, daysOffOnly: boolean): Promise<HolidayEntry[]> {
    return manager.query<HolidayEntry[]>(
      `${SELECT} WHERE ${daysOffOnly ? `kind <> 'make-up-working-day' AND ` : ''}date >= make_date($1, 1, 1)
          AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
      [year],
    );
  }

  /** The entry of a date, locked until the transaction ends. */
  async lock(manager: EntityManager, date: string): Promise<HolidayEntry | null> {
    const [row] = await manager.query<HolidayEntry[]>(`${SELECT} WHERE date = $1 FOR UPDATE`, [
      date,
    ]);
    return row ?? null;
  }

  /** Inserts the entry; null when its date is already in the calendar. */
  async insert(manager: EntityManager, entry: HolidayEntry): Promise<HolidayEntry | null> {
    const [row] = await manager.query<HolidayEntry[]>(
      `INSERT INTO holidays (date, name, kind) VALUES ($1, $2, $3)
       ON CONFLICT (date) DO NOTHING ${RETURNING}`,
      [entry.date, entry.name, entry.kind],
    );
    return row ?? null;
  }

  async update(
    manager: EntityManager,
    date: string,
    change: { name: string; kind: HolidayKind },
  ): Promise<HolidayEntry> {
    const [rows] = await manager.query<[HolidayEntry[], number]>(
      `UPDATE holidays SET name = $2, kind = $3, updated_at = now() WHERE date = $1 ${RETURNING}`,
      [date, change.name, change.kind],
    );
    return rows[0];
  }

  async delete(manager: EntityManager, date: string): Promise<void> {
    await manager.query(`DELETE FROM holidays WHERE date = $1`, [date]);
  }
}
