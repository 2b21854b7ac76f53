import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.fraction]]` and `Z` or an offset. Narrower
 * than ISO 8601 on purpose: week dates (`2026-W01`), ordinal dates (`2026-032`) and bare years
 * pass class-validator's `IsDateString` yet mean nothing to PostgreSQL or `new Date`.
 */
const CALENDAR_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))?)?$/;

/** Whether the text is a date (and time) that exists on the calendar: no 2026-02-30, no 24:00. */
export function isCalendarDateTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] =
    match.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  // PostgreSQL has no year 0; Date.UTC would read years 0-99 as 1900-1999, setUTCFullYear does not.
  if (!year) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, (month ?? 1) - 1, day ?? 1);
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() + 1 === month &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour <= 23 &&
    offsetMinute <= 59
  );
}

/** A query or body field that must be a calendar date or date-time (see {@link isCalendarDateTime}). */
export function IsCalendarDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDateTime',
      validator: {
        validate: isCalendarDateTime,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a calendar date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SSZ)`,
      },
    },
    options,
  );
}
