import { Module } from '@nestjs/common';
import { BODY_OFFLOAD, type BodyOffload } from '../../common/http/body-parsing';
import { AppConfigService } from '../../config/app-config.service';
import { DigestsService } from './digests.service';
import { FormChecksService } from './form-checks.service';
import { HeavyWorkService } from './heavy-work.service';

/**
 * Commands carry form data an official typed: a big one (32,000 rows) is parsed on the threads,
 * and its big values stay JSON text (LargeJson) until something stores them.
 */
function bodyOffload(heavyWork: HeavyWorkService, config: AppConfigService): BodyOffload {
  const largeMinNodes = config.get('FORM_INLINE_MAX_NODES');
  return {
    paths: ['/api/instances/:id/commands'],
    minBytes: config.get('BODY_OFFLOAD_BYTES'),
    parse: (bytes) =>
      heavyWork.run(
        { kind: 'parse-json-body', bytes, formField: 'data', largeMinNodes },
        'input',
        'The request body',
      ),
  };
}

/** The worker-thread pool for CPU-heavy work; see {@link HeavyWorkService}. */
@Module({
  providers: [
    HeavyWorkService,
    FormChecksService,
    DigestsService,
    {
      provide: BODY_OFFLOAD,
      useFactory: bodyOffload,
      inject: [HeavyWorkService, AppConfigService],
    },
  ],
  exports: [HeavyWorkService, FormChecksService, DigestsService, BODY_OFFLOAD],
})
export class HeavyWorkModule {}
