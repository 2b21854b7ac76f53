import { Module } from '@nestjs/common';
import { TaskEvents } from './task-events';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

@Module({
  providers: [TasksRepository, TasksService, TaskEvents],
  exports: [TasksService, TaskEvents, TasksRepository],
})
export class TasksModule {}
