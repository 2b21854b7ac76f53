/** Wall-clock arithmetic in an IANA time zone, without a date library. */

/** How far the zone's wall clock is ahead of UTC at `instant`. */
export function offsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value ?? 0);
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The last millisecond of a calendar day (`YYYY-MM-DD`) in the zone: a due date's instant. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const nextMidnightWall = Date.UTC(year, month - 1, day + 1);
  // Twice, so an offset that changes across the guess (daylight saving) still lands right.
  const first = nextMidnightWall - offsetMs(new Date(nextMidnightWall), timeZone);
  return new Date(nextMidnightWall - offsetMs(new Date(first), timeZone) - 1);
}

/** The calendar day (`YYYY-MM-DD`) the zone's wall clock shows at `instant`. */
export function localDate(instant: Date, timeZone: string): string {
  return new Date(instant.getTime() + offsetMs(instant, timeZone)).toISOString().slice(0, 10);
}
