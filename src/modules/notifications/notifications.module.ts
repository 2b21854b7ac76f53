import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { TasksModule } from '../tasks/tasks.module';
import { EmailChannel } from './channels/email.channel';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './channels/notification-channel';
import { NotificationDelivery } from './notification-delivery.service';
import { NotificationsController } from './notifications.controller';
import { UsersModule } from '../users/users.module';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { TaskNotifier } from './task-notifier.service';

@Module({
  imports: [DefinitionsModule, TasksModule, UsersModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    NotificationDelivery,
    TaskNotifier,
    EmailChannel,
    {
      provide: NOTIFICATION_CHANNELS,
      inject: [EmailChannel],
      useFactory: (...channels: NotificationChannel[]): NotificationChannel[] => channels,
    },
  ],
  exports: [NotificationsService, NotificationDelivery],
})
export class NotificationsModule {}
