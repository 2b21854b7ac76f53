import { type NotificationKind } from '../notification.entity';

/** A notification on its way to one person through a channel other than the in-app list. */
export interface OutgoingNotification {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string | null;
  instanceId: string | null;
  recipient: { id: string; username: string; fullName: string; email: string | null };
}

/**
 * A way to reach people beyond the in-app list, which every notification always goes to. Add one
 * (SMS, Zalo...) by providing it under {@link NOTIFICATION_CHANNELS}; disabled channels are skipped.
 */
export interface NotificationChannel {
  readonly name: string;
  readonly enabled: boolean;
  /** Sends or throws (the delivery job retries); a recipient it cannot reach is skipped quietly. */
  send(notification: OutgoingNotification): Promise<void>;
}

export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
