import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { HeavyWorkModule } from '../heavy-work/heavy-work.module';
import { logSignerProvider } from './log-signer.provider';
import { TransparencyLogController } from './transparency-log.controller';
import { TransparencyLogRepository } from './transparency-log.repository';
import { TransparencyLogService } from './transparency-log.service';

@Module({
  imports: [AttachmentsModule, HeavyWorkModule],
  controllers: [TransparencyLogController],
  providers: [TransparencyLogService, TransparencyLogRepository, logSignerProvider],
  exports: [TransparencyLogService],
})
export class TransparencyLogModule {}
