import { Module } from '@nestjs/common';
import { HistoryModule } from '../history/history.module';
import { InstancesModule } from '../instances/instances.module';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { AttachmentStorages } from './storage/attachment-storages';

@Module({
  imports: [InstancesModule, HistoryModule],
  controllers: [AttachmentsController],
  providers: [AttachmentsRepository, AttachmentsService, AttachmentStorages],
  exports: [AttachmentStorages],
})
export class AttachmentsModule {}
