import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError } from '../../common/errors/domain-error';
import { type ActingIdentity, waitsFor } from '../delegations/acting-identity';
import { DelegationsService } from '../delegations/delegations.service';
import { InstancesService } from '../instances/instances.service';
import { type OpenTask, TasksRepository } from '../tasks/tasks.repository';
import { type ClaimDto } from './dto/claim.dto';

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
    private readonly tasks: TasksRepository,
    private readonly clock: Clock,
  ) {}

  async claim(user: AuthenticatedUser, instanceId: string): Promise<ClaimDto> {
    const { task } = await this.assignment(user, instanceId);
    // Only an unclaimed task is taken, so two colleagues claiming at once cannot both win, and
    // claiming one's own claim again changes nothing.
    await this.tasks.claimIfFree(this.dataSource.manager, task.id, user.id, this.clock.now());
    const current = await this.tasks.findOpen(this.dataSource.manager, task.id);
    if (!current) throw movedOn();
    if (current.claimedBy?.id !== user.id) {
      throw new DomainError(
        'conflict',
        `Already claimed by ${current.claimedBy?.username ?? 'a colleague'}`,
        undefined,
        { claim: toDto(instanceId, current) },
      );
    }
    return toDto(instanceId, current);
  }

  /** The claimer releases their claim; an approver assigned to the task may release anyone's. */
  async release(user: AuthenticatedUser, instanceId: string): Promise<ClaimDto> {
    const { task, identity } = await this.assignment(user, instanceId);
    if (task.claimedBy && task.claimedBy.id !== user.id) {
      if (!identity.capabilities.includes('approver')) {
        throw new ForbiddenError(
          `Claimed by ${task.claimedBy.username}; only they or an approver may release it`,
        );
      }
    }
    await this.tasks.releaseIfClaimedBy(
      this.dataSource.manager,
      task.id,
      task.claimedBy?.id ?? null,
    );
    const current = await this.tasks.findOpen(this.dataSource.manager, task.id);
    if (!current) throw movedOn();
    return toDto(instanceId, current);
  }

  /** The open task of the instance that waits for one of the caller's identities. */
  private async assignment(
    user: AuthenticatedUser,
    instanceId: string,
  ): Promise<{ task: OpenTask; identity: ActingIdentity }> {
    await this.instances.findReadable(user, instanceId);
    const tasks = await this.tasks.openOf(this.dataSource.manager, instanceId);
    const identities = user.roles.includes('official')
      ? await this.delegations.identitiesOf(user)
      : [];
    for (const identity of identities) {
      const task = tasks.find((t) => waitsFor(t, identity));
      if (task) return { task, identity };
    }
    throw new ForbiddenError('Only an assignee of the current task may claim or release it');
  }
}

function movedOn(): DomainError {
  return new DomainError('conflict', 'The task was completed meanwhile; the instance has moved on');
}

function toDto(instanceId: string, task: OpenTask): ClaimDto {
  return {
    instanceId,
    taskId: task.id,
    state: task.state,
    claimedBy: task.claimedBy,
    claimedAt: task.claimedAt,
  };
}
