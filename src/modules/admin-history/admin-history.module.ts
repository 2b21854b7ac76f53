import { Module } from '@nestjs/common';
import { AdminHistoryRepository } from './admin-history.repository';
import { AdminHistoryService } from './admin-history.service';

/** The admin audit store: written by every admin module, read through the audit routes. */
@Module({
  providers: [AdminHistoryRepository, AdminHistoryService],
  exports: [AdminHistoryService],
})
export class AdminHistoryModule {}
