import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, NotFoundError } from '../../common/errors/domain-error';
import { AppConfigService } from '../../config/app-config.service';
import { type WorkingCalendar } from '../../workflows/calendar/working-calendar';
import { type AdminActor, AdminHistoryService } from '../admin-history/admin-history.service';
import { type HolidayEntry, type HolidayKind } from '../../workflows/calendar/vietnam-holidays';
import { HolidaysRepository } from './holidays.repository';

// Admin edits reach other processes (the stand-alone worker) within this time.
const CALENDAR_TTL_MS = 30_000;

const CALENDAR_KEY = 'calendar';

/**
 * The holiday calendar (ngày lễ, nghỉ bù, làm bù) as data, and the working calendar deadlines are
 * counted on.
 */
@Injectable()
export class HolidaysService {
  private readonly cache = new LRUCache<string, WorkingCalendar>({ max: 1, ttl: CALENDAR_TTL_MS });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AdminHistoryService,
    private readonly config: AppConfigService,
    private readonly repository: HolidaysRepository,
  ) {}

  /** The days off of a year (holidays and compensatory days), in date order. */
  async daysOff(year: number): Promise<HolidayEntry[]> {
    return this.repository.ofYear(this.dataSource.manager, year, true);
  }

  /** Every entry of a year, make-up working days included (the admin view). */
  async entries(year: number): Promise<HolidayEntry[]> {
    return this.repository.ofYear(this.dataSource.manager, year, false);
  }

  /** The working calendar now in force, read outside any transaction on a cache miss. */
  calendar(): Promise<WorkingCalendar> {
    return this.calendarIn(this.dataSource.manager);
  }

  /**
   * The working calendar now in force (cached briefly; reloaded at once after a local edit), read
   * on the caller's transaction on a cache miss. Asking the pool for a second connection while
   * holding one deadlocks a process once as many transactions as the pool has connections miss
   * the cache together (the worker runs more jobs at once than it has connections): each holds
   * its connection and its instance's row lock and waits for a free one that never comes.
   */
  async calendarIn(manager: EntityManager): Promise<WorkingCalendar> {
    const hit = this.cache.get(CALENDAR_KEY);
    if (hit) return hit;
    const rows = await this.repository.all(manager);
    const calendar: WorkingCalendar = {
      timeZone: this.config.get('TIMEZONE'),
      officeDayEnd: this.config.get('OFFICE_DAY_END'),
      daysOff: new Set(rows.filter((r) => r.kind !== 'make-up-working-day').map((r) => r.date)),
      extraWorkingDays: new Set(
        rows.filter((r) => r.kind === 'make-up-working-day').map((r) => r.date),
      ),
    };
    this.cache.set(CALENDAR_KEY, calendar);
    return calendar;
  }

  async create(actor: AdminActor, entry: HolidayEntry): Promise<HolidayEntry> {
    checkDate(entry.date);
    return this.change(async (manager) => {
      const row = await this.repository.insert(manager, entry);
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
      const after = await this.repository.update(manager, date, change);
      await this.record(manager, actor, 'holiday.update', date, before, after);
      return after;
    });
  }

  async remove(actor: AdminActor, date: string): Promise<void> {
    checkDate(date);
    await this.change(async (manager) => {
      const before = await this.row(manager, date);
      await this.repository.delete(manager, date);
      await this.record(manager, actor, 'holiday.delete', date, before, null);
    });
  }

  private async change<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.cache.clear();
    return result;
  }

  private async row(manager: EntityManager, date: string): Promise<HolidayEntry> {
    const row = await this.repository.lock(manager, date);
    if (!row) throw new NotFoundError('Holiday', date);
    return row;
  }

  private record(
    manager: EntityManager,
    actor: AdminActor,
    action: 'holiday.create' | 'holiday.update' | 'holiday.delete',
    date: string,
    before: HolidayEntry | null,
    after: HolidayEntry | null,
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
