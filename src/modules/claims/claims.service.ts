import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError } from '../../common/errors/domain-error';
import { type ActingIdentity, waitsFor } from '../delegations/acting-identity';
import { DelegationsService } from '../delegations/delegations.service';
import { InstancesService } from '../instances/instances.service';
import { userRef } from '../users/dto/user-ref.dto';
import { type ClaimDto } from './dto/claim.dto';

interface OpenTaskRow {
  id: string;
  state: string;
  assignee_unit_id: string;
  capability: string | null;
  claimed_at: Date | null;
  claimed_by_id: string | null;
  claimed_by_username: string | null;
  claimed_by_full_name: string | null;
}

/**
 * Claim and release: an assignee of the current task takes it, so colleagues see who is on it.
 * A claim is a label, not a lock: every assignee may still act on the task (an approver does not
 * wait for a colleague's claim), and the claim ends with the task when the instance moves on.
 */
@Injectable()
export class ClaimsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instances: InstancesService,
    private readonly delegations: DelegationsService,
    private readonly clock: Clock,
  ) {}

  async claim(user: AuthenticatedUser, instanceId: string): Promise<ClaimDto> {
    const { task } = await this.assignment(user, instanceId);
    // Only an unclaimed task is taken, so two colleagues claiming at once cannot both win, and
    // claiming one's own claim again changes nothing.
    await this.dataSource.query(
      `UPDATE workflow_tasks SET claimed_by = $2, claimed_at = $3
        WHERE id = $1 AND status = 'open' AND claimed_by IS NULL`,
      [task.id, user.id, this.clock.now()],
    );
    const current = await this.reload(task.id);
    if (!current) throw movedOn();
    if (current.claimed_by_id !== user.id) {
      throw new DomainError(
        'conflict',
        `Already claimed by ${current.claimed_by_username ?? 'a colleague'}`,
        undefined,
        { claim: toDto(instanceId, current) },
      );
    }
    return toDto(instanceId, current);
  }

  /** The claimer releases their claim; an approver assigned to the task may release anyone's. */
  async release(user: AuthenticatedUser, instanceId: string): Promise<ClaimDto> {
    const { task, identity } = await this.assignment(user, instanceId);
    if (task.claimed_by_id && task.claimed_by_id !== user.id) {
      if (!identity.capabilities.includes('approver')) {
        throw new ForbiddenError(
          `Claimed by ${task.claimed_by_username ?? 'a colleague'}; only they or an approver may release it`,
        );
      }
    }
    await this.dataSource.query(
      `UPDATE workflow_tasks SET claimed_by = NULL, claimed_at = NULL
        WHERE id = $1 AND status = 'open' AND claimed_by IS NOT DISTINCT FROM $2`,
      [task.id, task.claimed_by_id],
    );
    const current = await this.reload(task.id);
    if (!current) throw movedOn();
    return toDto(instanceId, current);
  }

  /** The open task of the instance that waits for one of the caller's identities. */
  private async assignment(
    user: AuthenticatedUser,
    instanceId: string,
  ): Promise<{ task: OpenTaskRow; identity: ActingIdentity }> {
    await this.instances.findReadable(user, instanceId);
    const tasks = await this.dataSource.query<OpenTaskRow[]>(
      `${SELECT_TASK} WHERE t.instance_id = $1 AND t.status = 'open' ORDER BY t.created_at`,
      [instanceId],
    );
    const identities = user.roles.includes('official')
      ? await this.delegations.identitiesOf(user)
      : [];
    for (const identity of identities) {
      const task = tasks.find((t) =>
        waitsFor({ assigneeUnitId: t.assignee_unit_id, capability: t.capability }, identity),
      );
      if (task) return { task, identity };
    }
    throw new ForbiddenError('Only an assignee of the current task may claim or release it');
  }

  private async reload(taskId: string): Promise<OpenTaskRow | undefined> {
    const [row] = await this.dataSource.query<OpenTaskRow[]>(
      `${SELECT_TASK} WHERE t.id = $1 AND t.status = 'open'`,
      [taskId],
    );
    return row;
  }
}

const SELECT_TASK = `
  SELECT t.id, t.state, t.assignee_unit_id, t.capability, t.claimed_at,
         u.id AS claimed_by_id, u.username AS claimed_by_username, u.full_name AS claimed_by_full_name
    FROM workflow_tasks t LEFT JOIN users u ON u.id = t.claimed_by`;

function movedOn(): DomainError {
  return new DomainError('conflict', 'The task was completed meanwhile; the instance has moved on');
}

function toDto(instanceId: string, row: OpenTaskRow): ClaimDto {
  return {
    instanceId,
    taskId: row.id,
    state: row.state,
    claimedBy: userRef(row.claimed_by_id, row.claimed_by_username, row.claimed_by_full_name),
    claimedAt: row.claimed_at,
  };
}
