import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { SqlConditions } from '../../database/sql-conditions';
import { requiredUserRef, type UserRefDto } from '../users/dto/user-ref.dto';

/** A stored delegation as of `now` (the time it was read for: `active` depends on it). */
export interface Delegation {
  id: string;
  delegator: UserRefDto;
  delegate: UserRefDto;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
  active: boolean;
  revokedAt: Date | null;
  createdAt: Date;
  createdBy: string;
}

export interface NewDelegation {
  delegatorId: string;
  delegateId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
  createdBy: string;
}

export interface DelegationFilter {
  /** Only delegations this user gave, received, or either. */
  involving?: { userId: string; as: 'delegator' | 'delegate' | 'either' };
  /** In force at `now`, or not. */
  active?: boolean;
}

/** A delegator whose delegation is in force: the fields an acting identity is built from. */
export interface Delegator {
  id: string;
  username: string;
  fullName: string;
  orgUnitId: string;
  capabilities: string[];
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

/** In force at $1. */
const IN_FORCE = `(d.revoked_at IS NULL AND d.starts_at <= $1 AND d.ends_at > $1)`;

const SELECT_DELEGATION = `
  SELECT d.id, d.starts_at, d.ends_at, d.reason, d.created_at, d.revoked_at, d.created_by,
         ${IN_FORCE} AS active,
         a.id AS delegator_id, a.username AS delegator_username, a.full_name AS delegator_full_name,
         b.id AS delegate_id, b.username AS delegate_username, b.full_name AS delegate_full_name
    FROM delegations d
    JOIN users a ON a.id = d.delegator_id
    JOIN users b ON b.id = d.delegate_id`;

/** The one place `delegations` is read and written. */
@Injectable()
export class DelegationsRepository {
  async insert(manager: EntityManager, delegation: NewDelegation): Promise<string> {
    const [{ id }] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO delegations (delegator_id, delegate_id, starts_at, ends_at, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        delegation.delegatorId,
        delegation.delegateId,
        delegation.startsAt,
        delegation.endsAt,
        delegation.reason,
        delegation.createdBy,
      ],
    );
    return id;
  }

  async findById(manager: EntityManager, id: string, now: Date): Promise<Delegation | null> {
    const [row] = await manager.query<DelegationRow[]>(`${SELECT_DELEGATION} WHERE d.id = $2`, [
      now,
      id,
    ]);
    return row ? toDelegation(row) : null;
  }

  /** Up to `limit` delegations matching `filter`, latest start first. */
  async list(
    manager: EntityManager,
    filter: DelegationFilter,
    now: Date,
    limit: number,
  ): Promise<Delegation[]> {
    const sql = new SqlConditions();
    sql.param(now);
    if (filter.involving) {
      const me = sql.param(filter.involving.userId);
      const as = filter.involving.as;
      if (as === 'delegator') sql.and(`d.delegator_id = ${me}`);
      else if (as === 'delegate') sql.and(`d.delegate_id = ${me}`);
      else sql.and(`(d.delegator_id = ${me} OR d.delegate_id = ${me})`);
    }
    if (filter.active !== undefined) sql.and(filter.active ? IN_FORCE : `NOT ${IN_FORCE}`);
    const rows = await manager.query<DelegationRow[]>(
      `${SELECT_DELEGATION} WHERE ${sql.whereSql()}
        ORDER BY d.starts_at DESC, d.id LIMIT ${limit}`,
      sql.params,
    );
    return rows.map(toDelegation);
  }

  /** Ends the delegation at `at` unless it already ended. */
  async revoke(manager: EntityManager, id: string, by: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE delegations SET revoked_at = $3, revoked_by = $2
        WHERE id = $1 AND revoked_at IS NULL`,
      [id, by, at],
    );
  }

  /**
   * {@link delegatorsInForce} as a SQL expression (a json array of `{id, username, fullName,
   * orgUnitId, capabilities}`), for a caller that reads it in the same statement as the actors
   * (its own aliases start with `dl`, so the caller's expressions may name theirs).
   */
  static delegatorsInForceSql(delegateId: string, orgUnitId: string, at: string): string {
    return `(SELECT coalesce(json_agg(json_build_object('id', dl.id, 'username', dl.username,
                'fullName', dl.full_name, 'orgUnitId', dl.org_unit_id, 'capabilities', dl.capabilities)
                ORDER BY dl.username), '[]'::json)
               FROM (SELECT DISTINCT dlg_u.id, dlg_u.username, dlg_u.full_name, dlg_u.org_unit_id, dlg_u.capabilities
                       FROM delegations dlg_d JOIN users dlg_u ON dlg_u.id = dlg_d.delegator_id
                      WHERE dlg_d.delegate_id = ${delegateId} AND dlg_d.revoked_at IS NULL
                        AND dlg_d.starts_at <= ${at} AND dlg_d.ends_at > ${at}
                        AND dlg_u.active AND 'official' = ANY(dlg_u.roles) AND dlg_u.org_unit_id = ${orgUnitId}) dl)`;
  }

  /**
   * The active officials of `orgUnitId` whose delegation to `delegateId` is in force at `at`, by
   * username. Only delegators of the delegate's own unit count: one made before either moved no
   * longer carries work out of its unit.
   */
  async delegatorsInForce(
    manager: EntityManager,
    delegateId: string,
    orgUnitId: string,
    at: Date,
  ): Promise<Delegator[]> {
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
      [delegateId, at, orgUnitId],
    );
    return rows.map((row) => ({
      id: row.id,
      username: row.username,
      fullName: row.full_name,
      orgUnitId: row.org_unit_id,
      capabilities: row.capabilities,
    }));
  }
}

function toDelegation(row: DelegationRow): Delegation {
  return {
    id: row.id,
    delegator: requiredUserRef(row.delegator_id, row.delegator_username, row.delegator_full_name),
    delegate: requiredUserRef(row.delegate_id, row.delegate_username, row.delegate_full_name),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    reason: row.reason,
    active: row.active,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}
