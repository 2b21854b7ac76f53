import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { type ActorFacts } from '../../workflows/engine/command-planner';
import { userRef, type UserRefDto } from '../users/dto/user-ref.dto';
import { type ActingIdentity, actorFactsOf } from './acting-identity';
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

interface DelegationRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  reason: string | null;
  created_at: Date;
  revoked_at: Date | null;
  active: boolean;
  delegator_id: string;
  delegator_username: string;
  delegator_full_name: string;
  delegate_id: string;
  delegate_username: string;
  delegate_full_name: string;
  created_by: string;
}

interface OfficialRow {
  id: string;
  username: string;
  roles: string[];
  org_unit_id: string;
}

const SELECT_DELEGATION = `
  SELECT d.id, d.starts_at, d.ends_at, d.reason, d.created_at, d.revoked_at, d.created_by,
         (d.revoked_at IS NULL AND d.starts_at <= $1 AND d.ends_at > $1) AS active,
         a.id AS delegator_id, a.username AS delegator_username, a.full_name AS delegator_full_name,
         b.id AS delegate_id, b.username AS delegate_username, b.full_name AS delegate_full_name
    FROM delegations d
    JOIN users a ON a.id = d.delegator_id
    JOIN users b ON b.id = d.delegate_id`;

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
    let delegate: OfficialRow;
    if (dto.delegateId) delegate = await this.official({ id: dto.delegateId }, '/delegateId');
    else if (dto.delegateUsername) {
      delegate = await this.official(
        { username: dto.delegateUsername.trim().toLowerCase() },
        '/delegateUsername',
      );
    } else throw invalid('/delegateUsername', 'Name the colleague who takes the tasks');
    if (delegate.id === delegator.id) throw invalid('/delegateId', 'Cannot delegate to oneself');
    if (delegate.org_unit_id !== delegator.org_unit_id) {
      throw invalid(
        dto.delegateId ? '/delegateId' : '/delegateUsername',
        'A delegation stays within the delegator’s unit: name a colleague of the same unit',
      );
    }

    const [{ id }] = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO delegations (delegator_id, delegate_id, starts_at, ends_at, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [delegator.id, delegate.id, startsAt, endsAt, dto.reason?.trim() || null, user.id],
    );
    return this.get(id);
  }

  async list(user: AuthenticatedUser, query: ListDelegationsQueryDto): Promise<DelegationDto[]> {
    const seesAll = user.roles.includes('admin') || user.roles.includes('auditor');
    const params: unknown[] = [this.clock.now()];
    const where: string[] = [];
    const me = (): string => {
      if (params.length === 1) params.push(user.id);
      return '$2';
    };
    if (query.direction === 'given') where.push(`d.delegator_id = ${me()}`);
    else if (query.direction === 'received') where.push(`d.delegate_id = ${me()}`);
    else if (!seesAll) where.push(`(d.delegator_id = ${me()} OR d.delegate_id = ${me()})`);
    if (query.active !== undefined) {
      const inForce = `(d.revoked_at IS NULL AND d.starts_at <= $1 AND d.ends_at > $1)`;
      where.push(query.active ? inForce : `NOT ${inForce}`);
    }
    const rows = await this.dataSource.query<DelegationRow[]>(
      `${SELECT_DELEGATION} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.starts_at DESC, d.id LIMIT ${LIST_LIMIT}`,
      params,
    );
    return rows.map(toDto);
  }

  /** Ends a delegation now. The delegator, the delegate, its creator or an admin may. */
  async revoke(user: AuthenticatedUser, id: string): Promise<void> {
    const [row] = await this.dataSource.query<DelegationRow[]>(
      `${SELECT_DELEGATION} WHERE d.id = $2`,
      [this.clock.now(), id],
    );
    if (!row) throw new NotFoundError('Delegation', id);
    const involved = [row.delegator_id, row.delegate_id, row.created_by].includes(user.id);
    if (!involved && !user.roles.includes('admin')) {
      throw new ForbiddenError('Only the people it names or an admin may end a delegation');
    }
    await this.dataSource.query(
      `UPDATE delegations SET revoked_at = $3, revoked_by = $2
        WHERE id = $1 AND revoked_at IS NULL`,
      [id, user.id, this.clock.now()],
    );
  }

  /**
   * The identities the user works under at `at`: their own first, then each delegator whose
   * delegation is in force (an active official of the user's unit, with their capabilities).
   */
  async identitiesOf(
    user: ActorLike,
    at: Date = this.clock.now(),
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ActingIdentity[]> {
    const self: ActingIdentity = {
      userId: user.id,
      username: user.username,
      fullName: user.fullName ?? user.username,
      orgUnitId: user.orgUnitId,
      capabilities: user.capabilities,
      delegated: false,
    };
    const rows = await manager.query<
      Array<{
        id: string;
        username: string;
        full_name: string;
        org_unit_id: string;
        capabilities: string[];
      }>
    >(
      `SELECT DISTINCT u.id, u.username, u.full_name, u.org_unit_id, u.capabilities
         FROM delegations d JOIN users u ON u.id = d.delegator_id
        WHERE d.delegate_id = $1 AND d.revoked_at IS NULL AND d.starts_at <= $2 AND d.ends_at > $2
          AND u.active AND 'official' = ANY(u.roles) AND u.org_unit_id = $3
        ORDER BY u.username`,
      // Only delegators of the delegate's own unit count: one made before either moved no longer
      // carries work out of its unit.
      [user.id, at, user.orgUnitId],
    );
    return [
      self,
      ...rows.map((row) => ({
        userId: row.id,
        username: row.username,
        fullName: row.full_name,
        orgUnitId: row.org_unit_id,
        capabilities: row.capabilities,
        delegated: true,
      })),
    ];
  }

  /** The engine's facts about the actor, with the delegations in force at `at`. */
  async actorFacts(
    user: ActorLike,
    at: Date = this.clock.now(),
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ActorFacts> {
    return actorFactsOf(await this.identitiesOf(user, at, manager));
  }

  private async get(id: string): Promise<DelegationDto> {
    const [row] = await this.dataSource.query<DelegationRow[]>(
      `${SELECT_DELEGATION} WHERE d.id = $2`,
      [this.clock.now(), id],
    );
    if (!row) throw new NotFoundError('Delegation', id);
    return toDto(row);
  }

  private async official(
    by: { id: string } | { username: string },
    path: string,
  ): Promise<OfficialRow> {
    const [row] = await this.dataSource.query<OfficialRow[]>(
      'id' in by
        ? `SELECT id, username, roles, org_unit_id FROM users WHERE id = $1 AND active`
        : `SELECT id, username, roles, org_unit_id FROM users WHERE username = $1 AND active`,
      ['id' in by ? by.id : by.username],
    );
    if (!row || !row.roles.includes('official')) {
      throw invalid(path, 'Must name an active official');
    }
    return row;
  }
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('validation-failed', message, [{ path, message }]);
}

function toDto(row: DelegationRow): DelegationDto {
  return {
    id: row.id,
    delegator: userRef(
      row.delegator_id,
      row.delegator_username,
      row.delegator_full_name,
    ) as UserRefDto,
    delegate: userRef(row.delegate_id, row.delegate_username, row.delegate_full_name) as UserRefDto,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    reason: row.reason,
    active: row.active,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}
