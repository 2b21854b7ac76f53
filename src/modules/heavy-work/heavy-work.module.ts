import { Module } from '@nestjs/common';
import { FormChecksService } from './form-checks.service';
import { HeavyWorkService } from './heavy-work.service';

/** The worker-thread pool for CPU-heavy work; see {@link HeavyWorkService}. */
@Module({
  providers: [HeavyWorkService, FormChecksService],
  exports: [HeavyWorkService, FormChecksService],
})
export class HeavyWorkModule {}
