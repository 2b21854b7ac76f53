import { Module } from '@nestjs/common';
import { AdminAuditModule } from '../admin-audit/admin-audit.module';
import { AdminHolidaysController, HolidaysController } from './holidays.controller';
import { HolidaysService } from './holidays.service';

/** The holiday calendar and the working calendar deadlines are counted on. */
@Module({
  imports: [AdminAuditModule],
  controllers: [HolidaysController, AdminHolidaysController],
  providers: [HolidaysService],
  exports: [HolidaysService],
})
export class HolidaysModule {}
