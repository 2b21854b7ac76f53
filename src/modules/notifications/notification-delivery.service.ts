import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './channels/notification-channel';
import { NotificationsRepository } from './notifications.repository';

/** Sends a stored notification through every enabled channel beyond the in-app list. */
@Injectable()
export class NotificationDelivery {
  private readonly logger = new Logger(NotificationDelivery.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: readonly NotificationChannel[],
    private readonly repository: NotificationsRepository,
  ) {}

  async deliver(notificationId: string): Promise<void> {
    const outgoing = await this.repository.outgoing(this.dataSource.manager, notificationId);
    if (!outgoing) return;
    for (const channel of this.channels.filter((c) => c.enabled)) {
      await channel.send(outgoing);
      this.logger.debug(`Notification ${outgoing.id} sent by ${channel.name}`);
    }
  }
}
