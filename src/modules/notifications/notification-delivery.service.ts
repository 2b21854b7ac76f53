import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type NotificationKind } from './notification.entity';
import {
  NOTIFICATION_CHANNELS,
  type NotificationChannel,
  type OutgoingNotification,
} from './channels/notification-channel';

interface DeliveryRow {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string | null;
  instance_id: string | null;
  user_id: string;
  username: string;
  full_name: string;
  email: string | null;
}

/** Sends a stored notification through every enabled channel beyond the in-app list. */
@Injectable()
export class NotificationDelivery {
  private readonly logger = new Logger(NotificationDelivery.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: readonly NotificationChannel[],
  ) {}

  async deliver(notificationId: string): Promise<void> {
    const [row] = await this.dataSource.query<DeliveryRow[]>(
      `SELECT n.id, n.kind, n.title, n.body, n.instance_id, u.id AS user_id, u.username,
              u.full_name, u.email
         FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.id = $1`,
      [notificationId],
    );
    if (!row) return;
    const outgoing: OutgoingNotification = {
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      instanceId: row.instance_id,
      recipient: {
        id: row.user_id,
        username: row.username,
        fullName: row.full_name,
        email: row.email,
      },
    };
    for (const channel of this.channels.filter((c) => c.enabled)) {
      await channel.send(outgoing);
      this.logger.debug(`Notification ${row.id} sent by ${channel.name}`);
    }
  }
}
