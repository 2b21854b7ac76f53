import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { InstancesModule } from '../instances/instances.module';
import { DraftsController } from './drafts.controller';
import { DraftsRepository } from './drafts.repository';
import { DraftsService } from './drafts.service';

@Module({
  imports: [InstancesModule, DefinitionsModule],
  controllers: [DraftsController],
  providers: [DraftsRepository, DraftsService],
  exports: [DraftsService],
})
export class DraftsModule {}
