import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, NotFoundError } from '../../common/errors/domain-error';
import { NotificationsService } from '../notifications/notifications.service';
import { type RemindResultDto } from './dto/follow-up.dto';

interface FollowUpRow {
  follow_up_unit_id: string;
  follow_up_unit_name: string;
  instance_id: string;
  step_id: string;
  step_state: string;
  step_unit_id: string;
  step_capability: string | null;
  step_status: string;
  step_due_at: Date | null;
}

const HOUR_MS = 3_600_000;

/**
 * What a unit above can do with a follow-up copy (đôn đốc) of an overdue step below it: remind
 * the late unit. The step itself stays the late unit's to act on.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async remind(
    user: AuthenticatedUser,
    followUpTaskId: string,
    message: string | undefined,
  ): Promise<RemindResultDto> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<FollowUpRow[]>(
        `SELECT f.assignee_unit_id AS follow_up_unit_id, u.name AS follow_up_unit_name,
                s.instance_id, s.id AS step_id, s.state AS step_state,
                s.assignee_unit_id AS step_unit_id, s.capability AS step_capability,
                s.status AS step_status, s.due_at AS step_due_at
           FROM workflow_tasks f
           JOIN workflow_tasks s ON s.id = f.escalated_from_id
           JOIN org_units u ON u.id = f.assignee_unit_id
          WHERE f.id = $1 AND f.kind = 'escalation' AND f.status = 'open'`,
        [followUpTaskId],
      );
      // Another unit's follow-up is as unknown as a missing one.
      if (!row || row.follow_up_unit_id !== user.orgUnitId || !user.roles.includes('official')) {
        throw new NotFoundError('Follow-up', followUpTaskId);
      }
      if (row.step_status !== 'open') {
        throw new DomainError('conflict', 'The late step has been completed meanwhile');
      }
      // One reminder per follow-up and hour: a second click does not flood the late unit.
      const hour = Math.floor(this.clock.now().getTime() / HOUR_MS);
      const notified = await this.notifications.notify(
        manager,
        { unitId: row.step_unit_id, capability: row.step_capability },
        {
          kind: 'nudged',
          instanceId: row.instance_id,
          taskId: row.step_id,
          dedupeKey: `nudged:${followUpTaskId}:${hour}`,
          facts: {
            state: row.step_state,
            dueAt: row.step_due_at,
            comment: message?.trim() || null,
            otherUnitName: row.follow_up_unit_name,
          },
        },
      );
      return { notified };
    });
  }
}
