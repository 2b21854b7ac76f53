import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { InstancesModule } from '../instances/instances.module';
import { DraftsController } from './drafts.controller';
import { DraftsService } from './drafts.service';

@Module({
  imports: [InstancesModule, DefinitionsModule],
  controllers: [DraftsController],
  providers: [DraftsService],
  exports: [DraftsService],
})
export class DraftsModule {}
