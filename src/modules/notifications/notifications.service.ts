import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { NotFoundError } from '../../common/errors/domain-error';
import { AppConfigService } from '../../config/app-config.service';
import { AfterCommit } from '../../database/after-commit.service';
import { type BatchWrite, type BatchWriteResult } from '../../database/batch-write';
import { NotificationQueue } from '../../queue/notification-queue.service';
import { DefinitionsService } from '../definitions/definitions.service';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './channels/notification-channel';
import { type MessageFacts, notificationText } from './notification-messages';
import { type Notification, type NotificationKind } from './notification.entity';
import { type Recipients, NotificationsRepository } from './notifications.repository';
import { type NotificationListQueryDto, type NotificationPageDto } from './dto/notification.dto';

export { type Recipients } from './notifications.repository';

export interface NotificationRequest {
  kind: NotificationKind;
  instanceId: string;
  taskId: string | null;
  /** What caused it, unique per recipient: the same cause never notifies anyone twice. */
  dedupeKey: string;
  facts: Omit<MessageFacts, 'instanceTitle' | 'stateTitle'> & { state: string };
}

const DEFAULT_LIMIT = 50;

/**
 * In-app notifications, written in the caller's transaction so a notification exists exactly when
 * what it announces does; deliveries to other channels (email) are queued after commit.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: DefinitionsService,
    private readonly afterCommit: AfterCommit,
    private readonly queue: NotificationQueue,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: readonly NotificationChannel[],
    private readonly repository: NotificationsRepository,
  ) {}

  /** Notifies the recipients; returns how many were new (a repeated cause adds none). */
  async notify(
    manager: EntityManager,
    recipients: Recipients,
    request: NotificationRequest,
  ): Promise<number> {
    const { title, body } = notificationText(
      request.kind,
      {
        ...(await this.describe(manager, request.instanceId, request.facts.state)),
        ...request.facts,
      },
      this.config.get('TIMEZONE'),
    );
    const ids = await this.repository.insertForRecipients(manager, recipients, {
      kind: request.kind,
      instanceId: request.instanceId,
      taskId: request.taskId,
      title,
      body,
      dedupeKey: request.dedupeKey,
      createdAt: this.clock.now(),
    });
    if (ids.length > 0 && this.channels.some((channel) => channel.enabled)) {
      this.afterCommit.defer(manager, async () => {
        for (const id of ids) await this.queue.enqueueDelivery(id);
      });
    }
    return ids.length;
  }

  /**
   * {@link notify} of many requests, each to a unit's officials, added to a batch write. The
   * instance's heading comes from the caller, who holds the instance (the batch has it in memory).
   * The returned function queues the deliveries once the batch has run.
   */
  async stageForUnits(
    manager: EntityManager,
    write: BatchWrite,
    items: ReadonlyArray<{
      recipients: { unitId: string; capability: string | null; except?: readonly string[] };
      request: NotificationRequest;
      heading: { title: string; definitionId: string };
    }>,
  ): Promise<(manager: EntityManager, result: BatchWriteResult) => void> {
    if (items.length === 0) return () => undefined;
    const createdAt = this.clock.now();
    const rows = await Promise.all(
      items.map(async ({ recipients, request, heading }) => {
        const { document } = await this.definitions.runnableIn(manager, heading.definitionId);
        const { title, body } = notificationText(
          request.kind,
          {
            instanceTitle: heading.title,
            stateTitle: document.states[request.facts.state]?.title.vi ?? request.facts.state,
            ...request.facts,
          },
          this.config.get('TIMEZONE'),
        );
        return {
          recipients,
          content: {
            kind: request.kind,
            instanceId: request.instanceId,
            taskId: request.taskId,
            title,
            body,
            dedupeKey: request.dedupeKey,
            createdAt,
          },
        };
      }),
    );
    this.repository.insertForUnitsPart(write, rows);
    return (runManager, result) => {
      const ids = (result.get('notifications') ?? []).map((row) => row.id as string);
      if (ids.length > 0 && this.channels.some((channel) => channel.enabled)) {
        this.afterCommit.defer(runManager, async () => {
          for (const id of ids) await this.queue.enqueueDelivery(id);
        });
      }
    };
  }

  /** The caller's notifications, unread first, newest first within each. */
  async list(
    user: AuthenticatedUser,
    query: NotificationListQueryDto,
  ): Promise<NotificationPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const manager = this.dataSource.manager;
    const [items, unread] = await Promise.all([
      this.repository.listForUser(manager, user.id, query.unread === true, limit),
      this.repository.countUnread(manager, user.id),
    ]);
    return { items: items.map(toDto), unread };
  }

  /** Marks one of the caller's notifications read (again: unchanged). */
  async markRead(
    user: AuthenticatedUser,
    id: string,
  ): Promise<NotificationPageDto['items'][number]> {
    const manager = this.dataSource.manager;
    await this.repository.markRead(manager, user.id, this.clock.now(), id);
    const notification = await this.repository.findForUser(manager, id, user.id);
    // Another user's notification is as unknown as a missing one.
    if (!notification) throw new NotFoundError('Notification', id);
    return toDto(notification);
  }

  /** Marks every unread notification of the caller read. */
  async markAllRead(user: AuthenticatedUser): Promise<{ marked: number }> {
    const marked = await this.repository.markRead(
      this.dataSource.manager,
      user.id,
      this.clock.now(),
    );
    return { marked };
  }

  private async describe(
    manager: EntityManager,
    instanceId: string,
    state: string,
  ): Promise<Pick<MessageFacts, 'instanceTitle' | 'stateTitle'>> {
    const instance = await this.repository.instanceHeading(manager, instanceId);
    if (!instance) throw new NotFoundError('Instance', instanceId);
    const { document } = await this.definitions.runnableIn(manager, instance.definitionId);
    return { instanceTitle: instance.title, stateTitle: document.states[state]?.title.vi ?? state };
  }
}

function toDto(n: Notification): NotificationPageDto['items'][number] {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    instanceId: n.instanceId,
    taskId: n.taskId,
    createdAt: n.createdAt,
    readAt: n.readAt,
  };
}
