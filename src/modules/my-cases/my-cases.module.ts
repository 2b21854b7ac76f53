import { Module } from '@nestjs/common';
import { HistoryModule } from '../history/history.module';
import { MyCasesController } from './my-cases.controller';
import { MyCasesService } from './my-cases.service';

@Module({
  imports: [HistoryModule],
  controllers: [MyCasesController],
  providers: [MyCasesService],
})
export class MyCasesModule {}
