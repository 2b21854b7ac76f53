import { Module } from '@nestjs/common';
import { AdminAuditService } from './admin-audit.service';

/** The admin audit store: written by every admin module, read through the audit routes. */
@Module({
  providers: [AdminAuditService],
  exports: [AdminAuditService],
})
export class AdminAuditModule {}
