import { type DataSource, type EntityManager } from 'typeorm';
import { type AppConfigService } from '../../config/app-config.service';
import { type AdminHistoryService } from '../admin-history/admin-history.service';
import { HolidaysRepository } from './holidays.repository';
import { HolidaysService } from './holidays.service';

describe('HolidaysService.calendar', () => {
  const rows = [
    { date: '2027-02-05', name: 'Tết', kind: 'holiday' },
    { date: '2027-02-20', name: 'Làm bù', kind: 'make-up-working-day' },
  ];
  const config = {
    get: (key: string) => ({ TIMEZONE: 'Asia/Ho_Chi_Minh', OFFICE_DAY_END: '17:00' })[key],
  } as unknown as AppConfigService;

  /** A pool with no free connection: whatever asks it for one waits forever. */
  function exhaustedPool(): { dataSource: DataSource; poolQuery: jest.Mock } {
    const poolQuery = jest.fn(() => new Promise<never>(() => undefined));
    const manager = { query: poolQuery } as unknown as EntityManager;
    return { dataSource: { manager, query: poolQuery } as unknown as DataSource, poolQuery };
  }

  it('reads on the caller transaction connection, never asking the pool for a second one', async () => {
    const { dataSource, poolQuery } = exhaustedPool();
    const service = new HolidaysService(
      dataSource,
      {} as AdminHistoryService,
      config,
      new HolidaysRepository(),
    );
    const transaction = { query: jest.fn(async () => rows) } as unknown as EntityManager;

    const calendar = await service.calendarIn(transaction);

    expect(poolQuery).not.toHaveBeenCalled();
    expect(transaction.query).toHaveBeenCalledTimes(1);
    expect([...calendar.daysOff]).toEqual(['2027-02-05']);
    expect([...calendar.extraWorkingDays]).toEqual(['2027-02-20']);
    // Cached: a second read touches no connection at all.
    await service.calendarIn(transaction);
    expect(transaction.query).toHaveBeenCalledTimes(1);
  });
});
