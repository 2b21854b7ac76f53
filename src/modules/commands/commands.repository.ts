import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type JsonObject } from '../../common/json/json.types';
import { type BatchWrite } from '../../database/batch-write';
import { type ActorLike } from '../delegations/delegations.service';
import { type Delegator, DelegationsRepository } from '../delegations/delegations.repository';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { HistoryRepository } from '../history/history.repository';
import { type StepActors } from '../../workflows/engine/command-planner';
import { type PromulgatedDocument } from '../documents/promulgated-document';
import { CREATED_EVENT } from '../history/history-event-types';
import { type ReadabilityFacts } from '../instances/instances.service';
import { InstancesRepository } from '../instances/instances.repository';
import { type WorkflowInstance } from '../instances/workflow-instance.entity';
import {
  type InstanceStatus,
  type PersistedWorkflowSnapshot,
} from '../../workflows/engine/workflow-engine';
import {
  type CommandRejection,
  type CommandStatus,
  WorkflowCommand,
} from './workflow-command.entity';

/** The channel the worker notifies, in the same transaction that records a command's outcome. */
export const COMMAND_OUTCOME_CHANNEL = 'workflow_command_outcome';

/**
 * PostgreSQL refuses NOTIFY payloads of 8000 bytes or more: an outcome larger than this is
 * announced without the instance (a big document; the API then reads it), or by its id alone (a
 * long list of form errors; the waiter reads the command).
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
  /**
   * The instance as the applying transaction left it (applied outcomes only; absent from an
   * outcome read back from the command row). `data` is null when it equals the snapshot's
   * `context.data`, as it does after every transition, so the payload carries it once.
   */
  instance?: AppliedInstance | null;
}

/** The columns of an instance that a command changes, as the outcome's payload carries them. */
export interface AppliedInstance {
  definitionId: string;
  definitionVersion: number;
  state: string;
  status: InstanceStatus;
  version: number;
  snapshot: PersistedWorkflowSnapshot;
  data: JsonObject | null;
  historyHead: string;
  document: PromulgatedDocument | null;
  /** As PostgreSQL renders a timestamptz in JSON (ISO 8601 with microseconds). */
  updatedAt: string;
  /** The instance's newest history event: the command's own. */
  event: {
    actorUsername: string;
    actorFullName: string;
    actorOrgUnitId: string;
    onBehalfOfId: string | null;
    fromState: string | null;
    toState: string;
    at: string;
  };
}

/** Everything the API's pre-check of a command reads, from one statement. */
export interface PrecheckFacts {
  /** Null when there is no such instance. */
  instance: WorkflowInstance | null;
  /** The caller's delegators in force, by username, as DelegationsRepository.delegatorsInForce. */
  delegators: Delegator[];
  readability: ReadabilityFacts;
  /**
   * Who acted in each step of the instance, as HistoryService.stepActors would answer for every
   * step at once (a campaign's creation event left out); the caller keeps the four-eyes steps.
   */
  actorsByStep: StepActors;
  /** Id of the caller's earlier command under the same Idempotency-Key, if any. */
  earlierCommandId: string | null;
}

const INSTANCE_PREFIX = 'i_';

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
  constructor(private readonly instances: InstancesRepository) {}

  /**
   * The command pre-check's reads in one round trip: the instance, the caller's delegators in
   * force, the facts its readability turns on (same rules as InstancesService.mayRead, checked
   * against it by a test), the actors of its steps for four eyes, and the caller's earlier command
   * under the same Idempotency-Key. One statement across tables because one question needs them
   * all; each sub-select mirrors the owning repository's read (named beside it).
   */
  async precheckFacts(
    manager: EntityManager,
    ask: {
      userId: string;
      orgUnitId: string;
      instanceId: string;
      idempotencyKey: string | null;
      now: Date;
    },
  ): Promise<PrecheckFacts> {
    const [row] = await manager.query<Array<Record<string, unknown>>>(
      `WITH delegators AS (
         -- DelegationsRepository.delegatorsInForce
         SELECT DISTINCT u.id, u.username, u.full_name, u.org_unit_id, u.capabilities
           FROM delegations d JOIN users u ON u.id = d.delegator_id
          WHERE d.delegate_id = $1 AND d.revoked_at IS NULL AND d.starts_at <= $3 AND d.ends_at > $3
            AND u.active AND 'official' = ANY(u.roles) AND u.org_unit_id = $4),
       units AS (SELECT $4::uuid AS id UNION SELECT org_unit_id FROM delegators),
       -- CampaignsRepository.isCampaignItem
       campaign AS (SELECT EXISTS (SELECT 1 FROM campaign_items WHERE instance_id = $2) AS item)
       SELECT ${this.instances.selectList('i', INSTANCE_PREFIX)},
              (SELECT COALESCE(json_agg(json_build_object('id', id, 'username', username,
                        'fullName', full_name, 'orgUnitId', org_unit_id, 'capabilities', capabilities)
                        ORDER BY username), '[]') FROM delegators) AS delegators,
              campaign.item AS campaign_item,
              -- TasksRepository.unitWasAssigned, for each of the caller's units
              ARRAY(SELECT DISTINCT t.assignee_unit_id::text FROM workflow_tasks t
                     WHERE t.instance_id = $2 AND t.assignee_unit_id IN (SELECT id FROM units)
                   ) AS assigned_units,
              -- CopiesRepository.isCopiedTo, for each of the caller's units
              ARRAY(SELECT DISTINCT c.recipient_unit_id::text FROM instance_copies c
                     WHERE c.instance_id = $2 AND c.recipient_unit_id IN (SELECT id FROM units)
                   ) AS copied_units,
              -- HistoryRepository.actorsBySteps over every step (HistoryService.stepActors)
              (SELECT COALESCE(json_object_agg(step, ids), '{}') FROM (
                 SELECT step, array_agg(DISTINCT id) AS ids
                   FROM (SELECT COALESCE(h.from_state, h.to_state) AS step,
                                unnest(array_remove(ARRAY[h.actor_id, h.on_behalf_of_id], NULL)) AS id
                           FROM history_events h
                          WHERE h.instance_id = $2
                            AND h.type IS DISTINCT FROM CASE WHEN campaign.item THEN $6 END) acted
                  GROUP BY step) steps) AS actors_by_step,
              (SELECT w.id FROM workflow_commands w
                WHERE w.actor_id = $1 AND w.idempotency_key = $5) AS earlier_command_id
         FROM campaign LEFT JOIN workflow_instances i ON i.id = $2`,
      [ask.userId, ask.instanceId, ask.now, ask.orgUnitId, ask.idempotencyKey, CREATED_EVENT],
    );
    return {
      instance: this.instances.fromRow(row, INSTANCE_PREFIX),
      delegators: row.delegators as Delegator[],
      readability: {
        campaignItem: row.campaign_item as boolean,
        assignedUnits: row.assigned_units as string[],
        copiedUnits: row.copied_units as string[],
      },
      actorsByStep: row.actors_by_step as StepActors,
      earlierCommandId: (row.earlier_command_id as string | null) ?? null,
    };
  }

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
       ${notifyOutcomesSql('done', '$6', '$7', COMMITTED_INSTANCES)}`,
      [id, status, instanceVersion, rejection, at, COMMAND_OUTCOME_CHANNEL, MAX_OUTCOME_PAYLOAD],
    );
  }

  /**
   * Locks, FOR NO KEY UPDATE and in id order (two batches never wait on each other in a cycle),
   * the instances of `commandIds`: the worker's batch takes them before {@link lockPending} reads,
   * so that read's snapshot is taken under the locks and sees everything committed before them.
   */
  async lockInstancesOf(manager: EntityManager, commandIds: readonly string[]): Promise<void> {
    await manager.query(
      `SELECT i.id FROM workflow_instances i
        WHERE i.id IN (SELECT instance_id FROM workflow_commands WHERE id = ANY($1::uuid[]))
        ORDER BY i.id
        FOR NO KEY UPDATE`,
      [commandIds],
    );
  }

  /**
   * The worker's batch read, under the instances' locks ({@link lockInstancesOf}): every pending
   * command of the instances of `commandIds`, oldest first per instance, with its instance, its
   * actor when active, the delegators the actor holds at `at` and the actors of each step (for
   * four eyes) — one round trip for the whole batch. The command rows are locked too: a command
   * another worker decided before the locks were granted is no longer pending here, so the batch
   * never decides it again.
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
              ${HistoryRepository.actorsByStepSql('i.id', CampaignsRepository.isCampaignItemSql('i.id'))} AS step_actors,
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
        // Applied outcomes come with `instances` and `history` parts; a batch of refusals has none.
        write.has('instances') ? BATCH_INSTANCES : COMMITTED_INSTANCES,
      ),
    );
  }
}

/** The columns an outcome notification is built from ({@link notifyOutcomesSql}). */
const OUTCOME_COLUMNS = 'id, instance_id, status, instance_version, expected_version, error';

/**
 * Where an applied outcome's instance and its newest event are read from, as `i` and `h`: the
 * tables, when earlier statements of the transaction wrote them ({@link CommandsRepository.recordOutcome}).
 */
const COMMITTED_INSTANCES = `workflow_instances i
  JOIN history_events h ON h.instance_id = i.id AND h.seq = i.version`;

/**
 * The same from the `instances` and `history` parts of a batch write: one statement's parts see
 * the snapshot from before it, so the rows they wrote are read from their RETURNING lists.
 */
const BATCH_INSTANCES = `instances i JOIN history h ON h.instance_id = i.id AND h.seq = i.version`;

/**
 * Notifies each outcome of the rows named `done` (having {@link OUTCOME_COLUMNS}): the one place
 * the payload's fields are listed, so the API reads the same JSON whichever path decided. An
 * applied outcome carries the instance as the transaction left it (read from `instances`, see
 * {@link COMMITTED_INSTANCES}), so the API answers without reading it; a payload too big with the
 * instance goes without it (the API reads), one too big even so (many form errors) as the bare id.
 */
function notifyOutcomesSql(
  done: string,
  channel: string,
  maxPayload: string,
  instances: string,
): string {
  return `SELECT ${done}.id FROM ${done},
         LATERAL (SELECT json_build_object(
                'id', ${done}.id, 'instanceId', ${done}.instance_id, 'status', ${done}.status,
                'instanceVersion', ${done}.instance_version, 'expectedVersion', ${done}.expected_version,
                'error', ${done}.error)::jsonb AS outcome,
                (SELECT json_build_object(
                   'definitionId', i.definition_id, 'definitionVersion', i.definition_version,
                   'state', i.state, 'status', i.status, 'version', i.version,
                   'snapshot', i.snapshot, 'data', NULLIF(i.data, i.snapshot->'context'->'data'),
                   'historyHead', i.history_head, 'document', i.document, 'updatedAt', i.updated_at,
                   'event', json_build_object('actorUsername', h.actor_username,
                      'actorFullName', u.full_name, 'actorOrgUnitId', h.actor_org_unit_id,
                      'onBehalfOfId', h.on_behalf_of_id, 'fromState', h.from_state,
                      'toState', h.to_state, 'at', h.at))
                   FROM ${instances}
                   JOIN users u ON u.id = h.actor_id
                  WHERE i.id = ${done}.instance_id AND ${done}.status = 'applied') AS instance) o,
         LATERAL (SELECT (o.outcome || jsonb_build_object('instance', o.instance))::text AS whole,
                         o.outcome::text AS bare) p,
         LATERAL (SELECT pg_notify(${channel}::text,
                CASE WHEN octet_length(p.whole) < ${maxPayload}::int THEN p.whole
                     WHEN octet_length(p.bare) < ${maxPayload}::int THEN p.bare
                     ELSE ${done}.id::text END)) sent`;
}

/** A pending command as the batch read returns it, with its locked instance and actor. */
export interface LockedCommand {
  command: WorkflowCommand;
  instance: WorkflowInstance;
  /** Null when the user is unknown or deactivated. */
  actor: (ActorLike & { fullName: string }) | null;
  delegators: Delegator[];
  /** The actors of every step of the instance. */
  stepActors: StepActors;
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
  step_actors: StepActors;
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
