import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';

@Module({
  imports: [InstancesModule],
  controllers: [CommentsController],
  providers: [CommentsService],
})
export class CommentsModule {}
