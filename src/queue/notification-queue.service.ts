import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { type DeliverNotificationPayload, JobName, NOTIFICATIONS_QUEUE } from './queue.constants';

/** The one producer of notification deliveries; the job id is the notification id. */
@Injectable()
export class NotificationQueue {
  constructor(
    @InjectQueue(NOTIFICATIONS_QUEUE) private readonly queue: Queue<DeliverNotificationPayload>,
  ) {}

  async enqueueDelivery(notificationId: string): Promise<void> {
    await this.queue.add(
      JobName.DeliverNotification,
      { notificationId },
      {
        jobId: `deliver-${notificationId}`,
        attempts: 8,
        backoff: { type: 'exponential', delay: 5000 },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  }
}
