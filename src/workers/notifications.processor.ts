import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type Job } from 'bullmq';
import { NotificationDelivery } from '../modules/notifications/notification-delivery.service';
import {
  assertHandlesEveryJob,
  type JobHandlers,
  type JobPayloads,
  JobName,
  type JobOf,
  NOTIFICATIONS_QUEUE,
} from '../queue/queue.constants';

type NotificationJob = Job<
  JobPayloads[JobOf<typeof NOTIFICATIONS_QUEUE>],
  void,
  JobOf<typeof NOTIFICATIONS_QUEUE>
>;

/** Thin: hands each delivery to the channels. */
@Processor(NOTIFICATIONS_QUEUE, { concurrency: 4 })
export class NotificationsProcessor extends WorkerHost implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(NotificationsProcessor.name);
  private readonly handlers: JobHandlers<typeof NOTIFICATIONS_QUEUE>;

  constructor(delivery: NotificationDelivery) {
    super();
    this.handlers = {
      [JobName.DeliverNotification]: ({ notificationId }) => delivery.deliver(notificationId),
    };
  }

  onModuleInit(): void {
    assertHandlesEveryJob(NOTIFICATIONS_QUEUE, this.handlers);
  }

  async process(job: NotificationJob): Promise<void> {
    const handler = this.handlers[job.name] as ((data: unknown) => Promise<void>) | undefined;
    if (!handler) throw new Error(`No handler for job ${job.name} on ${NOTIFICATIONS_QUEUE}`);
    await handler(job.data);
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.close(true);
  }

  @OnWorkerEvent('failed')
  onFailed(job: NotificationJob | undefined, error: Error): void {
    this.logger.warn(`Delivery ${job?.id ?? '?'} attempt failed: ${error.message}`);
  }
}
