import { Module } from '@nestjs/common';
import { HeavyWorkService } from './heavy-work.service';

/** The worker-thread pool for CPU-heavy work; see {@link HeavyWorkService}. */
@Module({
  providers: [HeavyWorkService],
  exports: [HeavyWorkService],
})
export class HeavyWorkModule {}
