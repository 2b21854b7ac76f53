import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { NotFoundError } from '../../common/errors/domain-error';
import { AppConfigService } from '../../config/app-config.service';
import { AfterCommit } from '../../database/after-commit.service';
import { NotificationQueue } from '../../queue/notification-queue.service';
import { DefinitionsService } from '../definitions/definitions.service';
import { SYSTEM_USERNAME } from '../users/system-user';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './channels/notification-channel';
import { type MessageFacts, notificationText } from './notification-messages';
import { Notification, type NotificationKind } from './notification.entity';
import { type NotificationListQueryDto, type NotificationPageDto } from './dto/notification.dto';

/** Who receives a notification: the officials of a unit (with a capability), or named users. */
export type Recipients =
  | { unitId: string; capability: string | null; except?: readonly string[] }
  | { userIds: readonly string[] };

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
    const [who, params] =
      'userIds' in recipients
        ? [`u.id = ANY($8::uuid[])`, [recipients.userIds]]
        : [
            `(u.org_unit_id = $8 OR EXISTS (SELECT 1 FROM user_posts p
                                             WHERE p.user_id = u.id AND p.org_unit_id = $8))
               AND 'official' = ANY(u.roles)
               AND ($9::text IS NULL OR $9 = ANY(u.capabilities)) AND u.id <> ALL($10::uuid[])`,
            [recipients.unitId, recipients.capability, recipients.except ?? []],
          ];
    const rows = await manager.query<Array<{ id: string }>>(
      `INSERT INTO notifications (user_id, kind, instance_id, task_id, title, body, dedupe_key, created_at)
       SELECT u.id, $1, $2, $3, $4, $5, $6, $7 FROM users u
        WHERE u.active AND u.username <> '${SYSTEM_USERNAME}' AND ${who}
       ON CONFLICT (user_id, dedupe_key) DO NOTHING
       RETURNING id`,
      [
        request.kind,
        request.instanceId,
        request.taskId,
        title,
        body,
        request.dedupeKey,
        this.clock.now(),
        ...params,
      ],
    );
    if (rows.length > 0 && this.channels.some((channel) => channel.enabled)) {
      this.afterCommit.defer(manager, async () => {
        for (const { id } of rows) await this.queue.enqueueDelivery(id);
      });
    }
    return rows.length;
  }

  /** The caller's notifications, unread first, newest first within each. */
  async list(
    user: AuthenticatedUser,
    query: NotificationListQueryDto,
  ): Promise<NotificationPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const qb = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.userId = :userId', { userId: user.id })
      .orderBy('(n.read_at IS NULL)', 'DESC')
      .addOrderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit);
    if (query.unread) qb.andWhere('n.readAt IS NULL');
    const [items, unread] = await Promise.all([
      qb.getMany(),
      this.dataSource
        .getRepository(Notification)
        .createQueryBuilder('n')
        .where('n.userId = :userId AND n.readAt IS NULL', { userId: user.id })
        .getCount(),
    ]);
    return { items: items.map(toDto), unread };
  }

  /** Marks one of the caller's notifications read (again: unchanged). */
  async markRead(
    user: AuthenticatedUser,
    id: string,
  ): Promise<NotificationPageDto['items'][number]> {
    const repo = this.dataSource.getRepository(Notification);
    await repo
      .createQueryBuilder()
      .update()
      .set({ readAt: this.clock.now() })
      .where('id = :id AND user_id = :userId AND read_at IS NULL', { id, userId: user.id })
      .execute();
    const notification = await repo.findOneBy({ id, userId: user.id });
    // Another user's notification is as unknown as a missing one.
    if (!notification) throw new NotFoundError('Notification', id);
    return toDto(notification);
  }

  /** Marks every unread notification of the caller read. */
  async markAllRead(user: AuthenticatedUser): Promise<{ marked: number }> {
    const result = await this.dataSource
      .getRepository(Notification)
      .createQueryBuilder()
      .update()
      .set({ readAt: this.clock.now() })
      .where('user_id = :userId AND read_at IS NULL', { userId: user.id })
      .execute();
    return { marked: result.affected ?? 0 };
  }

  private async describe(
    manager: EntityManager,
    instanceId: string,
    state: string,
  ): Promise<Pick<MessageFacts, 'instanceTitle' | 'stateTitle'>> {
    const [instance] = await manager.query<Array<{ title: string; definition_id: string }>>(
      `SELECT title, definition_id FROM workflow_instances WHERE id = $1`,
      [instanceId],
    );
    if (!instance) throw new NotFoundError('Instance', instanceId);
    const { document } = await this.definitions.runnable(instance.definition_id, manager);
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
