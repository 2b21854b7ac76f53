import { Module } from '@nestjs/common';
import { DelegationsModule } from '../delegations/delegations.module';
import { InstancesModule } from '../instances/instances.module';
import { TasksModule } from '../tasks/tasks.module';
import { ClaimsController } from './claims.controller';
import { ClaimsService } from './claims.service';

@Module({
  imports: [InstancesModule, DelegationsModule, TasksModule],
  controllers: [ClaimsController],
  providers: [ClaimsService],
})
export class ClaimsModule {}
