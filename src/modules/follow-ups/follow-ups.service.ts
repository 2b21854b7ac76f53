import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, NotFoundError } from '../../common/errors/domain-error';
import { NotificationsService } from '../notifications/notifications.service';
import { type RemindResultDto } from './dto/follow-up.dto';
import { FollowUpsRepository } from './follow-ups.repository';

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
    private readonly repository: FollowUpsRepository,
  ) {}

  async remind(
    user: AuthenticatedUser,
    followUpTaskId: string,
    message: string | undefined,
  ): Promise<RemindResultDto> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.repository.openFollowUp(manager, followUpTaskId);
      // Another unit's follow-up is as unknown as a missing one.
      if (!row || row.followUpUnitId !== user.orgUnitId || !user.roles.includes('official')) {
        throw new NotFoundError('Follow-up', followUpTaskId);
      }
      if (row.step.status !== 'open') {
        throw new DomainError('conflict', 'The late step has been completed meanwhile');
      }
      // One reminder per follow-up and hour: a second click does not flood the late unit.
      const hour = Math.floor(this.clock.now().getTime() / HOUR_MS);
      const notified = await this.notifications.notify(
        manager,
        { unitId: row.step.unitId, capability: row.step.capability },
        {
          kind: 'nudged',
          instanceId: row.instanceId,
          taskId: row.step.id,
          dedupeKey: `nudged:${followUpTaskId}:${hour}`,
          facts: {
            state: row.step.state,
            dueAt: row.step.dueAt,
            comment: message?.trim() || null,
            otherUnitName: row.followUpUnitName,
          },
        },
      );
      return { notified };
    });
  }
}
