import { Module } from '@nestjs/common';
import { HistoryModule } from '../history/history.module';
import { AuditController } from './audit.controller';

@Module({ imports: [HistoryModule], controllers: [AuditController] })
export class AuditModule {}
