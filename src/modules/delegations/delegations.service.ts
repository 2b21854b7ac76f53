import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { type ActorFacts } from '../../workflows/engine/command-planner';
import { type User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { type ActingIdentity, actorFactsOf } from './acting-identity';
import { type Delegation, type Delegator, DelegationsRepository } from './delegations.repository';
import {
  type CreateDelegationDto,
  type DelegationDto,
  type ListDelegationsQueryDto,
} from './dto/delegation.dto';

/** Long absences are covered by reassigning work, not by an open-ended delegation. */
const MAX_DELEGATION_DAYS = 366;
const LIST_LIMIT = 500;

/** Who acts: the fields of a user the identities are built from (a token's claims or a user row). */
export interface ActorLike {
  id: string;
  username: string;
  orgUnitId: string;
  capabilities: readonly string[];
  fullName?: string;
}

/**
 * Ủy quyền. A delegation in force lets the delegate act wherever the delegator may; the engine
 * sees it as extra {@link ActorFacts.delegations}, and every action records both names (history
 * `actor` is the delegate, `onBehalfOfId` the delegator).
 */
@Injectable()
export class DelegationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly repository: DelegationsRepository,
    private readonly users: UsersRepository,
  ) {}

  async create(user: AuthenticatedUser, dto: CreateDelegationDto): Promise<DelegationDto> {
    const now = this.clock.now();
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (endsAt <= startsAt) throw invalid('/endsAt', 'Must be after startsAt');
    if (endsAt <= now) throw invalid('/endsAt', 'The period is already over');
    if (endsAt.getTime() - startsAt.getTime() > MAX_DELEGATION_DAYS * 86_400_000) {
      throw invalid('/endsAt', `A delegation lasts at most ${MAX_DELEGATION_DAYS} days`);
    }
    if (dto.delegatorId && dto.delegatorId !== user.id && !user.roles.includes('admin')) {
      throw new ForbiddenError('Only an admin may delegate another official’s tasks');
    }
    const delegator = await this.official(
      { id: dto.delegatorId ?? user.id },
      dto.delegatorId ? '/delegatorId' : '/',
    );
    let delegate: User;
    if (dto.delegateId) delegate = await this.official({ id: dto.delegateId }, '/delegateId');
    else if (dto.delegateUsername) {
      delegate = await this.official(
        { username: dto.delegateUsername.trim().toLowerCase() },
        '/delegateUsername',
      );
    } else throw invalid('/delegateUsername', 'Name the colleague who takes the tasks');
    if (delegate.id === delegator.id) throw invalid('/delegateId', 'Cannot delegate to oneself');
    if (delegate.orgUnitId !== delegator.orgUnitId) {
      throw invalid(
        dto.delegateId ? '/delegateId' : '/delegateUsername',
        'A delegation stays within the delegator’s unit: name a colleague of the same unit',
      );
    }

    const id = await this.repository.insert(this.dataSource.manager, {
      delegatorId: delegator.id,
      delegateId: delegate.id,
      startsAt,
      endsAt,
      reason: dto.reason?.trim() || null,
      createdBy: user.id,
    });
    return this.get(id);
  }

  async list(user: AuthenticatedUser, query: ListDelegationsQueryDto): Promise<DelegationDto[]> {
    const seesAll = user.roles.includes('admin') || user.roles.includes('auditor');
    const as =
      query.direction === 'given'
        ? 'delegator'
        : query.direction === 'received'
          ? 'delegate'
          : seesAll
            ? undefined
            : 'either';
    const rows = await this.repository.list(
      this.dataSource.manager,
      { involving: as ? { userId: user.id, as } : undefined, active: query.active },
      this.clock.now(),
      LIST_LIMIT,
    );
    return rows.map(toDto);
  }

  /** Ends a delegation now. The delegator, the delegate, its creator or an admin may. */
  async revoke(user: AuthenticatedUser, id: string): Promise<void> {
    const row = await this.repository.findById(this.dataSource.manager, id, this.clock.now());
    if (!row) throw new NotFoundError('Delegation', id);
    const involved = [row.delegator.id, row.delegate.id, row.createdBy].includes(user.id);
    if (!involved && !user.roles.includes('admin')) {
      throw new ForbiddenError('Only the people it names or an admin may end a delegation');
    }
    await this.repository.revoke(this.dataSource.manager, id, user.id, this.clock.now());
  }

  /** {@link identitiesIn}, read outside any transaction. */
  identitiesOf(user: ActorLike, at: Date = this.clock.now()): Promise<ActingIdentity[]> {
    return this.identitiesIn(this.dataSource.manager, user, at);
  }

  /**
   * The identities the user works under at `at`: their own first, then each delegator whose
   * delegation is in force (an active official of the user's unit, with their capabilities).
   */
  async identitiesIn(manager: EntityManager, user: ActorLike, at: Date): Promise<ActingIdentity[]> {
    const delegators = await this.repository.delegatorsInForce(
      manager,
      user.id,
      user.orgUnitId,
      at,
    );
    return identitiesFrom(user, delegators);
  }

  /** The engine's facts about the actor, with the delegations in force at `at`. */
  actorFacts(user: ActorLike, at: Date = this.clock.now()): Promise<ActorFacts> {
    return this.actorFactsIn(this.dataSource.manager, user, at);
  }

  /** {@link actorFacts} on the caller's transaction. */
  async actorFactsIn(manager: EntityManager, user: ActorLike, at: Date): Promise<ActorFacts> {
    return actorFactsOf(await this.identitiesIn(manager, user, at));
  }

  /** {@link actorFactsIn} from delegators already read (the worker reads them with the actor). */
  actorFactsFrom(user: ActorLike, delegators: readonly Delegator[]): ActorFacts {
    return actorFactsOf(identitiesFrom(user, delegators));
  }

  private async get(id: string): Promise<DelegationDto> {
    const row = await this.repository.findById(this.dataSource.manager, id, this.clock.now());
    if (!row) throw new NotFoundError('Delegation', id);
    return toDto(row);
  }

  private async official(by: { id: string } | { username: string }, path: string): Promise<User> {
    const manager = this.dataSource.manager;
    const row =
      'id' in by
        ? await this.users.findActiveById(manager, by.id)
        : await this.users.findByUsername(manager, by.username, true);
    if (!row || !row.roles.includes('official')) {
      throw invalid(path, 'Must name an active official');
    }
    return row;
  }
}

/** The user's own identity first, then each delegator's (see {@link DelegationsService.identitiesIn}). */
export function identitiesFrom(user: ActorLike, delegators: readonly Delegator[]): ActingIdentity[] {
  const self: ActingIdentity = {
    userId: user.id,
    username: user.username,
    fullName: user.fullName ?? user.username,
    orgUnitId: user.orgUnitId,
    capabilities: user.capabilities,
    delegated: false,
  };
  return [
    self,
    ...delegators.map((d) => ({
      userId: d.id,
      username: d.username,
      fullName: d.fullName,
      orgUnitId: d.orgUnitId,
      capabilities: d.capabilities,
      delegated: true,
    })),
  ];
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('validation-failed', message, [{ path, message }]);
}

function toDto(delegation: Delegation): DelegationDto {
  return {
    id: delegation.id,
    delegator: delegation.delegator,
    delegate: delegation.delegate,
    startsAt: delegation.startsAt,
    endsAt: delegation.endsAt,
    reason: delegation.reason,
    active: delegation.active,
    revokedAt: delegation.revokedAt,
    createdAt: delegation.createdAt,
  };
}
