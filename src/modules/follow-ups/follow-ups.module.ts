import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';
import { FollowUpsRepository } from './follow-ups.repository';

@Module({
  imports: [NotificationsModule],
  controllers: [FollowUpsController],
  providers: [FollowUpsService, FollowUpsRepository],
})
export class FollowUpsModule {}
