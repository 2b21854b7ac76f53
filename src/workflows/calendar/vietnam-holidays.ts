import { Lunar } from 'lunar-javascript';
import { addCalendarDays } from './working-calendar';

export const HOLIDAY_KINDS = ['holiday', 'compensatory-day-off', 'make-up-working-day'] as const;
/**
 * `holiday`: a public holiday (ngày lễ, Tết); `compensatory-day-off`: a weekday off in lieu of a
 * holiday that fell at a weekend, or decreed to join a holiday to a weekend (nghỉ bù);
 * `make-up-working-day`: a weekend day worked in exchange (làm bù).
 */
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

export interface HolidayEntry {
  date: string;
  name: string;
  kind: HolidayKind;
}

function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function lunarToSolar(lunarYear: number, month: number, day: number): string {
  return Lunar.fromYmd(lunarYear, month, day).getSolar().toYmd();
}

/**
 * Vietnam's public holidays of a Gregorian year under the Labour Code 2019 (art. 112): New Year's
 * Day; Tết Nguyên đán, five days (the last day of the lunar year and the first four of the new
 * one); the Hùng Kings' Commemoration (10th day of the 3rd lunar month); 30 April; 1 May; National
 * Day, 2 September with an adjacent day (the Monday before when 2/9 is a Tuesday, else the day
 * after). A holiday at a weekend gives a compensatory day off on the next working day.
 *
 * Lunar dates come from lunar-javascript, which reckons the Chinese calendar (UTC+8); Vietnam's
 * (UTC+7) falls on the same days for the years seeded, and admins correct any day in the table,
 * as they record each year's decreed bridges and make-up Saturdays.
 */
export function vietnamPublicHolidays(year: number): HolidayEntry[] {
  const holidays: HolidayEntry[] = [
    { date: `${year}-01-01`, name: 'Tết Dương lịch', kind: 'holiday' },
  ];
  const newYear = lunarToSolar(year, 1, 1);
  holidays.push({
    date: addCalendarDays(newYear, -1),
    name: 'Tết Nguyên đán (ngày cuối năm âm lịch)',
    kind: 'holiday',
  });
  for (let day = 1; day <= 4; day += 1) {
    holidays.push({
      date: addCalendarDays(newYear, day - 1),
      name: `Tết Nguyên đán (mùng ${day})`,
      kind: 'holiday',
    });
  }
  holidays.push({
    date: lunarToSolar(year, 3, 10),
    name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
    kind: 'holiday',
  });
  holidays.push({ date: `${year}-04-30`, name: 'Ngày Chiến thắng (30/4)', kind: 'holiday' });
  holidays.push({ date: `${year}-05-01`, name: 'Ngày Quốc tế Lao động (1/5)', kind: 'holiday' });
  const nationalDayWeekday = new Date(`${year}-09-02T00:00:00Z`).getUTCDay();
  holidays.push({ date: `${year}-09-02`, name: 'Quốc khánh (2/9)', kind: 'holiday' });
  holidays.push(
    nationalDayWeekday === 2
      ? { date: `${year}-09-01`, name: 'Quốc khánh (ngày liền kề)', kind: 'holiday' }
      : { date: `${year}-09-03`, name: 'Quốc khánh (ngày liền kề)', kind: 'holiday' },
  );
  holidays.sort((a, b) => (a.date < b.date ? -1 : 1));

  const off = new Set(holidays.map((holiday) => holiday.date));
  const compensatory: HolidayEntry[] = [];
  for (const holiday of holidays) {
    if (!isWeekend(holiday.date)) continue;
    let day = addCalendarDays(holiday.date, 1);
    while (isWeekend(day) || off.has(day)) day = addCalendarDays(day, 1);
    off.add(day);
    compensatory.push({ date: day, name: `Nghỉ bù ${holiday.name}`, kind: 'compensatory-day-off' });
  }
  return [...holidays, ...compensatory].sort((a, b) => (a.date < b.date ? -1 : 1));
}
