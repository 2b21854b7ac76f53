import { vietnamPublicHolidays } from './vietnam-holidays';
import {
  dueAtFor,
  isWorkingDay,
  reminderAtFor,
  remainingWorkingDays,
  type WorkingCalendar,
  workingDaysAfter,
  zonedInstant,
} from './working-calendar';

const ZONE = 'Asia/Ho_Chi_Minh';

/** The seeded calendar of 2026–2027, with the edits an admin makes by hand. */
function calendar(edits: { off?: string[]; worked?: string[] } = {}): WorkingCalendar {
  const entries = [...vietnamPublicHolidays(2026), ...vietnamPublicHolidays(2027)];
  return {
    timeZone: ZONE,
    officeDayEnd: '17:00',
    daysOff: new Set([...entries.map((entry) => entry.date), ...(edits.off ?? [])]),
    extraWorkingDays: new Set(edits.worked ?? []),
  };
}

describe('Vietnam public holidays', () => {
  it('resolves Tết 2027 from the lunar calendar, with compensatory days for its weekend', () => {
    const tet = vietnamPublicHolidays(2027).filter((entry) => entry.date.startsWith('2027-02'));
    expect(tet.map((entry) => [entry.date, entry.kind])).toEqual([
      ['2027-02-05', 'holiday'], // 30 Tết (last day of Bính Ngọ)
      ['2027-02-06', 'holiday'], // mùng 1, a Saturday
      ['2027-02-07', 'holiday'],
      ['2027-02-08', 'holiday'],
      ['2027-02-09', 'holiday'],
      ['2027-02-10', 'compensatory-day-off'],
      ['2027-02-11', 'compensatory-day-off'],
    ]);
  });

  it('resolves Giỗ Tổ Hùng Vương (10/3 lunar) and gives a compensatory Monday in 2026', () => {
    const entries = vietnamPublicHolidays(2026);
    expect(entries).toContainEqual(
      expect.objectContaining({ date: '2026-04-26', kind: 'holiday' }),
    );
    expect(entries).toContainEqual({
      date: '2026-04-27',
      name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)',
      kind: 'compensatory-day-off',
    });
    expect(entries.map((entry) => entry.date)).toEqual(
      expect.arrayContaining([
        '2026-01-01',
        '2026-02-17',
        '2026-04-30',
        '2026-05-01',
        '2026-09-02',
      ]),
    );
  });
});

describe('working days', () => {
  it('skips weekends', () => {
    const cal = calendar();
    expect(isWorkingDay('2026-03-06', cal)).toBe(true); // Friday
    expect(isWorkingDay('2026-03-07', cal)).toBe(false); // Saturday
    // Friday + 1 working day = Monday.
    expect(workingDaysAfter('2026-03-06', 1, cal)).toBe('2026-03-09');
  });

  it('counts across Tết 2027: five working days from Wednesday 3 February end on 17 February', () => {
    // Working: Thu 4/2; off: Fri 5/2 – Thu 11/2 (Tết and its compensatory days);
    // then Fri 12/2, Mon 15/2, Tue 16/2, Wed 17/2.
    expect(workingDaysAfter('2027-02-03', 5, calendar())).toBe('2027-02-17');
  });

  it('ends a working-day deadline at the close of the office day, local time', () => {
    const opened = zonedInstant('2027-02-03', '09:30', ZONE);
    const due = dueAtFor(opened, { workingDays: 5 }, calendar());
    expect(due.toISOString()).toBe('2027-02-17T10:00:00.000Z'); // 17:00 in UTC+7
    expect(dueAtFor(opened, { workingDays: 5, at: '11:00' }, calendar()).toISOString()).toBe(
      '2027-02-17T04:00:00.000Z',
    );
  });

  it('follows an admin-added compensatory day off and a make-up working Saturday', () => {
    // Decreed by hand: Friday 4 September 2026 off, Saturday 12 September worked in exchange.
    const edited = calendar({ off: ['2026-09-04'], worked: ['2026-09-12'] });
    // From Tuesday 1/9: 2/9 and 3/9 are National Day, 4/9 the bridge day, 5–6/9 a weekend.
    expect(workingDaysAfter('2026-09-01', 1, edited)).toBe('2026-09-07');
    expect(workingDaysAfter('2026-09-10', 2, edited)).toBe('2026-09-12');
    expect(workingDaysAfter('2026-09-10', 2, calendar())).toBe('2026-09-14');
  });

  it('keeps calendar days and hours as they were', () => {
    const opened = new Date('2026-03-06T02:00:00Z');
    expect(dueAtFor(opened, { days: 2 }, calendar()).toISOString()).toBe(
      '2026-03-08T02:00:00.000Z',
    );
    expect(dueAtFor(opened, { days: 2, at: '17:00' }, calendar()).toISOString()).toBe(
      '2026-03-08T10:00:00.000Z',
    );
  });

  it('reminds a number of working days before the deadline', () => {
    const cal = calendar();
    const opened = zonedInstant('2027-02-03', '09:30', ZONE);
    const due = dueAtFor(opened, { workingDays: 5 }, cal);
    // One working day before Wednesday 17/2 is Tuesday 16/2, same time of day.
    expect(reminderAtFor(opened, due, { workingDays: 1 }, cal).toISOString()).toBe(
      '2027-02-16T10:00:00.000Z',
    );
  });

  it('counts the working days left, 0 on the due date and after it', () => {
    const cal = calendar();
    const due = zonedInstant('2027-02-17', '17:00', ZONE);
    expect(remainingWorkingDays(zonedInstant('2027-02-03', '10:00', ZONE), due, cal)).toBe(5);
    // During Tết: 12, 15, 16 and 17 February are left.
    expect(remainingWorkingDays(zonedInstant('2027-02-08', '10:00', ZONE), due, cal)).toBe(4);
    expect(remainingWorkingDays(zonedInstant('2027-02-17', '10:00', ZONE), due, cal)).toBe(0);
    expect(remainingWorkingDays(zonedInstant('2027-02-18', '10:00', ZONE), due, cal)).toBe(0);
  });

  it('keeps instants per zone and hands out a Date of its own each time', () => {
    const first = zonedInstant('2027-07-01', '17:00', ZONE);
    first.setTime(0);
    expect(zonedInstant('2027-07-01', '17:00', ZONE).toISOString()).toBe(
      '2027-07-01T10:00:00.000Z',
    );
    // Same local date and time, another zone (in summer time): another instant.
    expect(zonedInstant('2027-07-01', '17:00', 'Europe/Paris').toISOString()).toBe(
      '2027-07-01T15:00:00.000Z',
    );
  });
});
