import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type JsonObject } from '../../common/json/json.types';
import { type BatchWrite } from '../../database/batch-write';
import { type ActorLike } from '../delegations/delegations.service';
import { type Delegator, DelegationsRepository } from '../delegations/delegations.repository';
import { type WorkflowInstance } from '../instances/workflow-instance.entity';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { HistoryRepository } from '../history/history.repository';
import { type StepActors } from '../../workflows/engine/command-planner';
import {
  type CommandRejection,
  type CommandStatus,
  WorkflowCommand,
} from './workflow-command.entity';

/** The channel the worker notifies, in the same transaction that records a command's outcome. */
export const COMMAND_OUTCOME_CHANNEL = 'workflow_command_outcome';

/**
 * PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; an outcome larger than this (a long
 * list of form errors) is announced by its id alone and the waiter reads it.
 */
const MAX_OUTCOME_PAYLOAD = 7900;

/** A command's outcome as the worker announces it at commit: enough to answer without a read. */
export interface CommandOutcome {
  id: string;
  instanceId: string;
  status: CommandStatus;
  instanceVersion: number | null;
  expectedVersion: number | null;
  error: CommandRejection | null;
}

export interface NewCommand {
  instanceId: string;
  type: string;
  data: JsonObject | null;
  comment: string | null;
  actorId: string;
  idempotencyKey: string | null;
  expectedVersion: number;
  requestHash: string;
}

/**
 * The one place `workflow_commands` is read and written. Every method runs on the manager it is
 * given (a transaction's, or `dataSource.manager` on purpose), never on a default.
 */
@Injectable()
export class CommandsRepository {
  /** Records a pending command; null when the actor's idempotency key is already taken. */
  async insert(manager: EntityManager, command: NewCommand): Promise<string | null> {
    const rows = await manager.query<Array<{ id: string }>>(
      `INSERT INTO workflow_commands (instance_id, type, data, comment, actor_id, idempotency_key, expected_version, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (actor_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        command.instanceId,
        command.type,
        command.data,
        command.comment,
        command.actorId,
        command.idempotencyKey,
        command.expectedVersion,
        command.requestHash,
      ],
    );
    return rows[0]?.id ?? null;
  }

  findById(manager: EntityManager, id: string): Promise<WorkflowCommand | null> {
    return manager.findOneBy(WorkflowCommand, { id });
  }

  findByKey(manager: EntityManager, actorId: string, key: string): Promise<WorkflowCommand | null> {
    return manager.findOneBy(WorkflowCommand, { actorId, idempotencyKey: key });
  }

  /** The instance's oldest pending command; read under the instance's row lock by the worker. */
  oldestPending(manager: EntityManager, instanceId: string): Promise<WorkflowCommand | null> {
    return manager.findOne(WorkflowCommand, {
      where: { instanceId, status: 'pending' },
      order: { seq: 'ASC' },
    });
  }

  /** Ids of commands pending for longer than `graceMs`, oldest first. */
  async pendingSince(manager: EntityManager, graceMs: number, limit: number): Promise<string[]> {
    const rows = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM workflow_commands
        WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1 / 1000.0)
        ORDER BY seq LIMIT $2`,
      [graceMs, limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Records the outcome and, in the same statement, notifies it on {@link COMMAND_OUTCOME_CHANNEL}
   * (delivered at commit, so a waiter never sees an outcome that could still roll back). The
   * payload is the outcome as JSON, so the API answers without reading the command again.
   */
  async recordOutcome(
    manager: EntityManager,
    id: string,
    status: 'applied' | 'rejected',
    instanceVersion: number,
    rejection: CommandRejection | null,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `WITH done AS (
         UPDATE workflow_commands
            SET status = $2, instance_version = $3, error = $4, processed_at = $5
          WHERE id = $1
          RETURNING ${OUTCOME_COLUMNS})
       ${notifyOutcomesSql('done', '$6', '$7')}`,
      [id, status, instanceVersion, rejection, at, COMMAND_OUTCOME_CHANNEL, MAX_OUTCOME_PAYLOAD],
    );
  }

  /**
   * The worker's batch read, under the row locks: every pending command of the instances of
   * `commandIds`, oldest first per instance, with its instance (locked FOR NO KEY UPDATE, in id
   * order, so two batches never wait on each other in a cycle), its actor when active, and the
   * delegators the actor holds at `at` — one round trip for the whole batch. The command rows are
   * locked too: a command another worker decided while this statement waited is re-read and
   * dropped (PostgreSQL re-checks a locked row that changed), so the batch never decides it again.
   * The actor and delegators are read as of the statement's start, as the API's pre-check reads them.
   * So are the actors of each step (for four eyes): `stepActors` is null when the instance moved
   * on while this statement waited for its lock, and must then be read again.
   */
  async lockPending(
    manager: EntityManager,
    commandIds: readonly string[],
    at: Date,
  ): Promise<LockedCommand[]> {
    const rows = await manager.query<LockedCommandRow[]>(
      `SELECT c.id, c.seq, c.instance_id, c.type, c.data, c.comment, c.actor_id, c.idempotency_key,
              c.expected_version, c.request_hash, c.status, c.error, c.instance_version, c.created_at,
              c.processed_at,
              to_jsonb(i) - 'search_text' AS instance,
              CASE WHEN (SELECT s.version FROM workflow_instances s WHERE s.id = i.id) = i.version
                   THEN ${HistoryRepository.actorsByStepSql('i.id', CampaignsRepository.isCampaignItemSql('i.id'))}
              END AS step_actors,
              CASE WHEN au.id IS NULL THEN NULL ELSE json_build_object('id', au.id, 'username', au.username,
                'fullName', au.full_name, 'orgUnitId', au.org_unit_id, 'capabilities', au.capabilities) END AS actor,
              CASE WHEN au.id IS NULL THEN '[]'::json
                   ELSE ${DelegationsRepository.delegatorsInForceSql('au.id', 'au.org_unit_id', '$2')} END AS delegators
         FROM workflow_commands c
         JOIN workflow_instances i ON i.id = c.instance_id
         LEFT JOIN users au ON au.id = c.actor_id AND au.active
        WHERE c.instance_id IN (SELECT instance_id FROM workflow_commands WHERE id = ANY($1::uuid[]))
          AND c.status = 'pending'
        ORDER BY i.id, c.seq
        FOR NO KEY UPDATE OF i, c`,
      [commandIds, at],
    );
    return rows.map(toLockedCommand);
  }

  /**
   * {@link recordOutcome} of many commands as parts `outcomes` and `outcome_notices` of a batch
   * write: one UPDATE, one notification per outcome. A command no longer pending is left alone and
   * missing from `outcomes`, which the caller checks.
   */
  recordOutcomesPart(
    write: BatchWrite,
    outcomes: ReadonlyArray<{
      id: string;
      status: 'applied' | 'rejected';
      instanceVersion: number;
      rejection: CommandRejection | null;
      at: Date;
    }>,
  ): void {
    const rows = outcomes.map((o) => ({
      id: o.id,
      status: o.status,
      instance_version: o.instanceVersion,
      error: o.rejection,
      at: o.at,
    }));
    write.add(
      'outcomes',
      `UPDATE workflow_commands c
          SET status = o.status, instance_version = o.instance_version, error = o.error, processed_at = o.at
         FROM jsonb_to_recordset(${write.rows(rows)}) AS o(id uuid, status text, instance_version integer,
              error jsonb, at timestamptz)
        WHERE c.id = o.id AND c.status = 'pending'
       RETURNING ${OUTCOME_COLUMNS.replace(/(^|, )/g, '$1c.')}`,
    );
    write.add(
      'outcome_notices',
      notifyOutcomesSql(
        'outcomes',
        write.param(COMMAND_OUTCOME_CHANNEL),
        write.param(MAX_OUTCOME_PAYLOAD),
      ),
    );
  }
}

/** The columns an outcome notification is built from ({@link notifyOutcomesSql}). */
const OUTCOME_COLUMNS = 'id, instance_id, status, instance_version, expected_version, error';

/**
 * Notifies each outcome of the rows named `done` (having {@link OUTCOME_COLUMNS}): the one place
 * the payload's fields are listed, so the API reads the same JSON whichever path decided.
 */
function notifyOutcomesSql(done: string, channel: string, maxPayload: string): string {
  return `SELECT ${done}.id FROM ${done}, LATERAL (SELECT json_build_object(
                'id', ${done}.id, 'instanceId', ${done}.instance_id, 'status', ${done}.status,
                'instanceVersion', ${done}.instance_version, 'expectedVersion', ${done}.expected_version,
                'error', ${done}.error)::text AS payload) p,
         LATERAL (SELECT pg_notify(${channel}::text,
                CASE WHEN octet_length(p.payload) < ${maxPayload}::int THEN p.payload ELSE ${done}.id::text END)) sent`;
}

/** A pending command as the batch read returns it, with its locked instance and actor. */
export interface LockedCommand {
  command: WorkflowCommand;
  instance: WorkflowInstance;
  /** Null when the user is unknown or deactivated. */
  actor: (ActorLike & { fullName: string }) | null;
  delegators: Delegator[];
  /** The actors of every step of the instance; null when they must be read under the lock. */
  stepActors: StepActors | null;
}

interface LockedCommandRow {
  id: string;
  seq: string;
  instance_id: string;
  type: string;
  data: JsonObject | null;
  comment: string | null;
  actor_id: string;
  idempotency_key: string | null;
  expected_version: number | null;
  request_hash: string | null;
  status: CommandStatus;
  error: CommandRejection | null;
  instance_version: number | null;
  created_at: Date;
  processed_at: Date | null;
  instance: Record<string, unknown>;
  actor: (ActorLike & { fullName: string }) | null;
  delegators: Delegator[];
  step_actors: StepActors | null;
}

function toLockedCommand(row: LockedCommandRow): LockedCommand {
  const i = row.instance;
  const instance: WorkflowInstance = {
    id: i.id as string,
    definitionId: i.definition_id as string,
    definitionKey: i.definition_key as string,
    definitionVersion: i.definition_version as number,
    orgUnitId: i.org_unit_id as string,
    title: i.title as string,
    state: i.state as string,
    status: i.status as WorkflowInstance['status'],
    version: i.version as number,
    snapshot: i.snapshot as WorkflowInstance['snapshot'],
    data: i.data as JsonObject,
    historyHead: i.history_head as string,
    // Left out of the read (large, and only ever written from the data).
    searchText: '',
    document: i.document as WorkflowInstance['document'],
    createdBy: i.created_by as string,
    createdAt: new Date(i.created_at as string),
    updatedAt: new Date(i.updated_at as string),
  };
  const command: WorkflowCommand = {
    id: row.id,
    seq: row.seq,
    instanceId: row.instance_id,
    type: row.type,
    data: row.data,
    comment: row.comment,
    actorId: row.actor_id,
    idempotencyKey: row.idempotency_key,
    expectedVersion: row.expected_version,
    requestHash: row.request_hash,
    status: row.status,
    error: row.error,
    instanceVersion: row.instance_version,
    createdAt: row.created_at,
    processedAt: row.processed_at,
  };
  return {
    command,
    instance,
    actor: row.actor,
    delegators: row.delegators,
    stepActors: row.step_actors,
  };
}

/** The outcome a notification carries, or null when it carries only the command's id. */
export function parseOutcome(payload: string): CommandOutcome | null {
  if (!payload.startsWith('{')) return null;
  try {
    return JSON.parse(payload) as CommandOutcome;
  } catch {
    return null;
  }
}

export function outcomeOf(command: WorkflowCommand): CommandOutcome {
  return {
    id: command.id,
    instanceId: command.instanceId,
    status: command.status,
    instanceVersion: command.instanceVersion,
    expectedVersion: command.expectedVersion,
    error: command.error,
  };
}
