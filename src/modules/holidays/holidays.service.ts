import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, NotFoundError } from '../../common/errors/domain-error';
import { AppConfigService } from '../../config/app-config.service';
import { type WorkingCalendar } from '../../workflows/calendar/working-calendar';
import { type AdminActor, AdminHistoryService } from '../admin-history/admin-history.service';
import { type HolidayEntry, type HolidayKind } from '../../workflows/calendar/vietnam-holidays';

// Admin edits reach other processes (the stand-alone worker) within this time.
const CALENDAR_TTL_MS = 30_000;

interface HolidayRow {
  date: string;
  name: string;
  kind: HolidayKind;
}

const SELECT = `SELECT to_char(date, 'YYYY-MM-DD') AS date, name, kind FROM holidays`;

/**
 * The holiday calendar (ngày lễ, nghỉ bù, làm bù) as data, and the working calendar deadlines are
 * counted on.
 */
@Injectable()
export class HolidaysService {
  private cached: { calendar: WorkingCalendar; loadedAt: number } | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AdminHistoryService,
    private readonly config: AppConfigService,
  ) {}

  /** The days off of a year (holidays and compensatory days), in date order. */
  async daysOff(year: number): Promise<HolidayEntry[]> {
    return this.dataSource.query<HolidayRow[]>(
      `${SELECT} WHERE kind <> 'make-up-working-day' AND date >= make_date($1, 1, 1)
          AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
      [year],
    );
  }

  /** Every entry of a year, make-up working days included (the admin view). */
  async entries(year: number): Promise<HolidayEntry[]> {
    return this.dataSource.query<HolidayRow[]>(
      `${SELECT} WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
      [year],
    );
  }

  /**
   * The working calendar now in force (cached briefly; reloaded at once after a local edit).
   *
   * Inside a transaction, pass its manager: a cache miss then reads on the transaction's own
   * connection. Asking the pool for a second connection while holding one deadlocks a process
   * once as many transactions as the pool has connections miss the cache together (the worker
   * runs more jobs at once than it has connections): each holds its connection and its
   * instance's row lock and waits for a free one that never comes.
   */
  async calendar(manager: EntityManager = this.dataSource.manager): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.loadedAt < CALENDAR_TTL_MS) {
      return this.cached.calendar;
    }
    const rows = await manager.query<HolidayRow[]>(SELECT);
    const calendar: WorkingCalendar = {
      timeZone: this.config.get('TIMEZONE'),
      officeDayEnd: this.config.get('OFFICE_DAY_END'),
      daysOff: new Set(rows.filter((r) => r.kind !== 'make-up-working-day').map((r) => r.date)),
      extraWorkingDays: new Set(
        rows.filter((r) => r.kind === 'make-up-working-day').map((r) => r.date),
      ),
    };
    this.cached = { calendar, loadedAt: Date.now() };
    return calendar;
  }

  async create(actor: AdminActor, entry: HolidayEntry): Promise<HolidayEntry> {
    checkDate(entry.date);
    return this.change(async (manager) => {
      const [row] = await manager.query<HolidayRow[]>(
        `INSERT INTO holidays (date, name, kind) VALUES ($1, $2, $3)
         ON CONFLICT (date) DO NOTHING
         RETURNING to_char(date, 'YYYY-MM-DD') AS date, name, kind`,
        [entry.date, entry.name, entry.kind],
      );
      if (!row) {
        throw new DomainError('conflict', `${entry.date} is already in the calendar`, [
          { path: '/date', message: 'Ngày này đã có trong lịch (already in the calendar)' },
        ]);
      }
      await this.record(manager, actor, 'holiday.create', entry.date, null, row);
      return row;
    });
  }

  async update(
    actor: AdminActor,
    date: string,
    change: { name: string; kind: HolidayKind },
  ): Promise<HolidayEntry> {
    checkDate(date);
    return this.change(async (manager) => {
      const before = await this.row(manager, date);
      const [rows] = await manager.query<[HolidayRow[], number]>(
        `UPDATE holidays SET name = $2, kind = $3, updated_at = now() WHERE date = $1
         RETURNING to_char(date, 'YYYY-MM-DD') AS date, name, kind`,
        [date, change.name, change.kind],
      );
      await this.record(manager, actor, 'holiday.update', date, before, rows[0]);
      return rows[0];
    });
  }

  async remove(actor: AdminActor, date: string): Promise<void> {
    checkDate(date);
    await this.change(async (manager) => {
      const before = await this.row(manager, date);
      await manager.query(`DELETE FROM holidays WHERE date = $1`, [date]);
      await this.record(manager, actor, 'holiday.delete', date, before, null);
    });
  }

  private async change<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.cached = undefined;
    return result;
  }

  private async row(manager: EntityManager, date: string): Promise<HolidayRow> {
    const [row] = await manager.query<HolidayRow[]>(`${SELECT} WHERE date = $1 FOR UPDATE`, [date]);
    if (!row) throw new NotFoundError('Holiday', date);
    return row;
  }

  private record(
    manager: EntityManager,
    actor: AdminActor,
    action: 'holiday.create' | 'holiday.update' | 'holiday.delete',
    date: string,
    before: HolidayRow | null,
    after: HolidayRow | null,
  ): Promise<void> {
    return this.audit.record(manager, actor, {
      action,
      targetType: 'holiday',
      targetId: date,
      before: before ? { ...before } : null,
      after: after ? { ...after } : null,
    });
  }
}

// The pattern lets 2027-02-30 through; PostgreSQL would refuse it with a 500-worthy error.
function checkDate(date: string): void {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new DomainError('validation-failed', `${date} is not a calendar date`, [
      { path: '/date', message: 'Ngày không hợp lệ (not a calendar date)' },
    ]);
  }
}
