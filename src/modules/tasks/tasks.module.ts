import { Module } from '@nestjs/common';
import { TaskEvents } from './task-events';
import { TasksService } from './tasks.service';

@Module({
  providers: [TasksService, TaskEvents],
  exports: [TasksService, TaskEvents],
})
export class TasksModule {}
