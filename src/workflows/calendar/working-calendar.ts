import { boundedCache, getOrCreate } from '../../common/cache/lru';
import type { DurationSpec } from '../engine/definition.types';

/**
 * Working days as Vietnamese offices count them: Monday to Friday, less public holidays and
 * compensatory days off, plus the Saturdays decreed as make-up working days; a deadline in working
 * days ends at the close of the office day, in the organisation's time zone. Pure: the holidays
 * are data the caller loads.
 */
export interface WorkingCalendar {
  /** IANA zone the office day is reckoned in (`Asia/Ho_Chi_Minh`). */
  timeZone: string;
  /** Local time the office day ends, `HH:MM`. */
  officeDayEnd: string;
  /** Local dates (`YYYY-MM-DD`) that are days off although weekdays. */
  daysOff: ReadonlySet<string>;
  /** Local dates that are working days although at a weekend (make-up days, ngày làm bù). */
  extraWorkingDays: ReadonlySet<string>;
}

/** A calendar of weekends only (no holidays): for tests and tools with no holiday table. */
export function weekdaysOnlyCalendar(timeZone = 'Asia/Ho_Chi_Minh'): WorkingCalendar {
  return { timeZone, officeDayEnd: '17:00', daysOff: new Set(), extraWorkingDays: new Set() };
}

const DAY_MS = 86_400_000;
// Far enough to cross any run of holidays (Tết is at most about ten days off in a row).
const MAX_SCAN_DAYS = 3660;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function zonedParts(instant: Date, timeZone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
}

/** The local date (`YYYY-MM-DD`) of an instant in a zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

// Every command that opens a step asks for the same few (day, time, zone) triples, and each costs
// two formatToParts calls; the instants never change, so the recent ones are kept.
const instants = boundedCache<{ ms: number }>(1024);

/** The instant a local date and time (`HH:MM`) names in a zone. */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const { ms } = getOrCreate(instants, `${timeZone} ${date} ${time}`, () => ({
    ms: computeZonedInstant(date, time, timeZone),
  }));
  return new Date(ms);
}

function computeZonedInstant(date: string, time: string, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset at that moment; a second pass settles a guess that crossed an offset change.
  let guess = asUtc;
  for (let pass = 0; pass < 2; pass += 1) {
    const p = zonedParts(new Date(guess), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    guess += asUtc - shown;
  }
  return guess;
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addCalendarDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whether offices work on a local date. */
export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  if (calendar.extraWorkingDays.has(date)) return true;
  if (calendar.daysOff.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The local date of the `count`-th working day after `date` (the day a task opens is not counted,
 * as offices count "from the day after receipt").
 */
export function workingDaysAfter(date: string, count: number, calendar: WorkingCalendar): string {
  let current = date;
  let remaining = count;
  for (let scanned = 0; remaining > 0; scanned += 1) {
    if (scanned > MAX_SCAN_DAYS) throw new RangeError('The calendar has no working days left');
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current, calendar)) remaining -= 1;
  }
  return current;
}

/** The local date `count` working days before `date`. */
export function workingDaysBefore(date: string, count: number, calendar: WorkingCalendar): string {
  let current = date;
  let remaining = count;
  for (let scanned = 0; remaining > 0; scanned += 1) {
    if (scanned > MAX_SCAN_DAYS) throw new RangeError('The calendar has no working days left');
    current = addCalendarDays(current, -1);
    if (isWorkingDay(current, calendar)) remaining -= 1;
  }
  return current;
}

/**
 * When a step opened at `from` falls due:
 * - `{ workingDays: n }`: the end of the office day (or `at`) of the n-th working day after;
 * - `{ days: n, at }`: `at` local time, n calendar days after the local date;
 * - `{ days?, hours? }`: that much time after `from`.
 */
export function dueAtFor(from: Date, deadline: DurationSpec, calendar: WorkingCalendar): Date {
  const today = localDateOf(from, calendar.timeZone);
  if (deadline.workingDays !== undefined) {
    const day = workingDaysAfter(today, deadline.workingDays, calendar);
    return zonedInstant(day, deadline.at ?? calendar.officeDayEnd, calendar.timeZone);
  }
  if (deadline.at !== undefined) {
    const day = addCalendarDays(today, deadline.days ?? 0);
    return zonedInstant(day, deadline.at, calendar.timeZone);
  }
  return new Date(from.getTime() + durationMs(deadline));
}

/** A duration in milliseconds (calendar days and hours; working days are not a fixed length). */
export function durationMs(duration: DurationSpec): number {
  return ((duration.days ?? 0) * 24 + (duration.hours ?? 0)) * 3_600_000;
}

/**
 * When to remind before `dueAt`: `reminderBefore` ahead of it (in working days: that many working
 * days earlier, at the same time of day), or by default a day ahead (halfway for a deadline under
 * two days). Never before the task opened.
 */
export function reminderAtFor(
  openedAt: Date,
  dueAt: Date,
  reminderBefore: DurationSpec | undefined,
  calendar: WorkingCalendar,
): Date {
  const span = dueAt.getTime() - openedAt.getTime();
  let remindAt: number;
  if (reminderBefore?.workingDays !== undefined) {
    const dueDate = localDateOf(dueAt, calendar.timeZone);
    const day = workingDaysBefore(dueDate, reminderBefore.workingDays, calendar);
    remindAt =
      dueAt.getTime() - (Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`));
  } else {
    remindAt =
      dueAt.getTime() - (reminderBefore ? durationMs(reminderBefore) : Math.min(DAY_MS, span / 2));
  }
  return new Date(Math.max(openedAt.getTime(), remindAt));
}

/**
 * Whole working days left before a due time, counted as offices do: the working days after today
 * up to and including the due date (0 on the due date itself, or once overdue).
 */
export function remainingWorkingDays(now: Date, dueAt: Date, calendar: WorkingCalendar): number {
  if (dueAt.getTime() <= now.getTime()) return 0;
  const dueDate = localDateOf(dueAt, calendar.timeZone);
  let current = localDateOf(now, calendar.timeZone);
  let count = 0;
  for (let scanned = 0; current < dueDate && scanned <= MAX_SCAN_DAYS; scanned += 1) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current, calendar)) count += 1;
  }
  return count;
}
