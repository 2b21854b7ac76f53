import { Module } from '@nestjs/common';
import { AdminHistoryModule } from '../admin-history/admin-history.module';
import { AdminHolidaysController, HolidaysController } from './holidays.controller';
import { HolidaysRepository } from './holidays.repository';
import { HolidaysService } from './holidays.service';

/** The holiday calendar and the working calendar deadlines are counted on. */
@Module({
  imports: [AdminHistoryModule],
  controllers: [HolidaysController, AdminHolidaysController],
  providers: [HolidaysRepository, HolidaysService],
  exports: [HolidaysService],
})
export class HolidaysModule {}
