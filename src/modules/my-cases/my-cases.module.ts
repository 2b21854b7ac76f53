import { Module } from '@nestjs/common';
import { HistoryModule } from '../history/history.module';
import { MyCasesController } from './my-cases.controller';
import { MyCasesService } from './my-cases.service';
import { MyCasesRepository } from './my-cases.repository';

@Module({
  imports: [HistoryModule],
  controllers: [MyCasesController],
  providers: [MyCasesService, MyCasesRepository],
})
export class MyCasesModule {}
