import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** Who sent an exchange, and who is answering it now. */
export interface ExchangeSender {
  userId: string;
  replyingUnitName: string;
  /** The instance's version, so each reply gets its own notification. */
  replySeq: number;
  /** The state the reply brought the case to. */
  state: string;
}

/** Notification reads that span other modules' tables (who started a case, who is replying). */
@Injectable()
export class NotificationsRepository {
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
