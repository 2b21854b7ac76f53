import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type BatchWrite } from '../../database/batch-write';
import { SYSTEM_USERNAME } from '../users/system-user';
import { type OutgoingNotification } from './channels/notification-channel';
import { Notification, type NotificationKind } from './notification.entity';

/** Who sent an exchange, and who is answering it now. */
export interface ExchangeSender {
  userId: string;
  replyingUnitName: string;
  /** The instance's version, so each reply gets its own notification. */
  replySeq: number;
  /** The state the reply brought the case to. */
  state: string;
}

/** Who receives a notification: the officials of a unit (with a capability), or named users. */
export type Recipients =
  | { unitId: string; capability: string | null; except?: readonly string[] }
  | { userIds: readonly string[] };

/** What every recipient's copy of a notification holds. */
export interface NotificationContent {
  kind: NotificationKind;
  instanceId: string;
  taskId: string | null;
  title: string;
  body: string;
  dedupeKey: string;
  createdAt: Date;
}

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

/** The one place `notifications` is read and written. */
@Injectable()
export class NotificationsRepository {
  /**
   * One copy per active recipient (never the system account), skipping recipients who already
   * have one for `dedupeKey`; returns the ids of the new copies.
   */
  async insertForRecipients(
    manager: EntityManager,
    recipients: Recipients,
    content: NotificationContent,
  ): Promise<string[]> {
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
        content.kind,
        content.instanceId,
        content.taskId,
        content.title,
        content.body,
        content.dedupeKey,
        content.createdAt,
        ...params,
      ],
    );
    return rows.map((row) => row.id);
  }

  /** The user's notifications, unread first, newest first within each. */
  listForUser(
    manager: EntityManager,
    userId: string,
    unreadOnly: boolean,
    limit: number,
  ): Promise<Notification[]> {
    const qb = manager
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.userId = :userId', { userId })
      .orderBy('(n.read_at IS NULL)', 'DESC')
      .addOrderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit);
    if (unreadOnly) qb.andWhere('n.readAt IS NULL');
    return qb.getMany();
  }

  countUnread(manager: EntityManager, userId: string): Promise<number> {
    return manager
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.userId = :userId AND n.readAt IS NULL', { userId })
      .getCount();
  }

  findForUser(manager: EntityManager, id: string, userId: string): Promise<Notification | null> {
    return manager.getRepository(Notification).findOneBy({ id, userId });
  }

  /** Marks the user's unread notifications read at `at` (all, or the one with `id`). */
  async markRead(manager: EntityManager, userId: string, at: Date, id?: string): Promise<number> {
    const result = await manager
      .getRepository(Notification)
      .createQueryBuilder()
      .update()
      .set({ readAt: at })
      .where(
        id === undefined
          ? 'user_id = :userId AND read_at IS NULL'
          : 'id = :id AND user_id = :userId AND read_at IS NULL',
        { id, userId },
      )
      .execute();
    return result.affected ?? 0;
  }

  /** A stored notification with its recipient, as channels send it (null when gone). */
  async outgoing(manager: EntityManager, id: string): Promise<OutgoingNotification | null> {
    const [row] = await manager.query<DeliveryRow[]>(
      `SELECT n.id, n.kind, n.title, n.body, n.instance_id, u.id AS user_id, u.username,
              u.full_name, u.email
         FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.id = $1`,
      [id],
    );
    return row
      ? {
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
        }
      : null;
  }

  /**
   * {@link insertForRecipients} of many notifications, each to a unit's officials, as part
   * `notifications` of a batch write (returning the new copies' ids).
   */
  insertForUnitsPart(
    write: BatchWrite,
    items: ReadonlyArray<{
      recipients: { unitId: string; capability: string | null; except?: readonly string[] };
      content: NotificationContent;
    }>,
  ): void {
    const rows = items.map(({ recipients, content }) => ({
      unit_id: recipients.unitId,
      capability: recipients.capability,
      except_ids: recipients.except ?? [],
      kind: content.kind,
      instance_id: content.instanceId,
      task_id: content.taskId,
      title: content.title,
      body: content.body,
      dedupe_key: content.dedupeKey,
      created_at: content.createdAt,
    }));
    write.add(
      'notifications',
      `INSERT INTO notifications (user_id, kind, instance_id, task_id, title, body, dedupe_key, created_at)
       SELECT u.id, n.kind, n.instance_id, n.task_id, n.title, n.body, n.dedupe_key, n.created_at
         FROM jsonb_to_recordset(${write.rows(rows)}) AS n(unit_id uuid, capability text,
              except_ids uuid[], kind text, instance_id uuid, task_id uuid, title text, body text,
              dedupe_key text, created_at timestamptz)
         JOIN users u ON u.active AND u.username <> '${SYSTEM_USERNAME}'
              AND (u.org_unit_id = n.unit_id OR EXISTS (SELECT 1 FROM user_posts p
                                                         WHERE p.user_id = u.id AND p.org_unit_id = n.unit_id))
              AND 'official' = ANY(u.roles)
              AND (n.capability IS NULL OR n.capability = ANY(u.capabilities)) AND u.id <> ALL(n.except_ids)
       ON CONFLICT (user_id, dedupe_key) DO NOTHING
       RETURNING id`,
    );
  }

  /**
   * The title and definition of the instance a notification is about. A read of
   * `workflow_instances`, kept here until the instances module has its repository.
   */
  async instanceHeading(
    manager: EntityManager,
    instanceId: string,
  ): Promise<{ title: string; definitionId: string } | null> {
    const [row] = await manager.query<Array<{ title: string; definition_id: string }>>(
      `SELECT title, definition_id FROM workflow_instances WHERE id = $1`,
      [instanceId],
    );
    return row ? { title: row.title, definitionId: row.definition_id } : null;
  }

  /** The case's creator (null when they are the replier themselves, or the system). */
  async senderOf(
    manager: EntityManager,
    instanceId: string,
    replierId: string,
  ): Promise<ExchangeSender | null> {
    const [row] = await manager.query<
      Array<{ created_by: string; unit_name: string; version: number; state: string }>
    >(
      `SELECT i.created_by, o.name AS unit_name, i.version, i.state
         FROM workflow_instances i
         JOIN users r ON r.id = $2
         JOIN org_units o ON o.id = r.org_unit_id
        WHERE i.id = $1 AND i.created_by <> $2`,
      [instanceId, replierId],
    );
    return row
      ? {
          userId: row.created_by,
          replyingUnitName: row.unit_name,
          replySeq: row.version,
          state: row.state,
        }
      : null;
  }
}
