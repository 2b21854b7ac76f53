import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type JsonObject } from '../../common/json/json.types';
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

/** A delegator whose delegation to the caller is in force (see DelegationsRepository). */
export interface PrecheckDelegator {
  id: string;
  username: string;
  fullName: string;
  orgUnitId: string;
  capabilities: string[];
}

/** Everything the API's pre-check of a command reads, from one statement. */
export interface PrecheckFacts {
  /** Null when there is no such instance. */
  instance: WorkflowInstance | null;
  /** The caller's delegators in force, by username, as DelegationsRepository.delegatorsInForce. */
  delegators: PrecheckDelegator[];
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
       SELECT ${this.instances.selectList(manager, 'i', INSTANCE_PREFIX)},
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
      instance: this.instances.fromRow(manager, row, INSTANCE_PREFIX),
      delegators: row.delegators as PrecheckDelegator[],
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
          RETURNING id, instance_id, status, instance_version, expected_version, error)
       SELECT pg_notify($6, CASE WHEN octet_length(p.whole) < $7 THEN p.whole
                                 WHEN octet_length(p.bare) < $7 THEN p.bare
                                 ELSE done.id::text END)
         FROM done,
              LATERAL (SELECT json_build_object(
                'id', done.id, 'instanceId', done.instance_id, 'status', done.status,
                'instanceVersion', done.instance_version, 'expectedVersion', done.expected_version,
                'error', done.error)::jsonb AS outcome,
                -- The instance as this transaction left it, so the API answers without reading it.
                (SELECT json_build_object(
                   'definitionId', i.definition_id, 'definitionVersion', i.definition_version,
                   'state', i.state, 'status', i.status, 'version', i.version,
                   'snapshot', i.snapshot, 'data', NULLIF(i.data, i.snapshot->'context'->'data'),
                   'historyHead', i.history_head, 'document', i.document, 'updatedAt', i.updated_at,
                   'event', json_build_object('actorUsername', h.actor_username,
                      'actorFullName', u.full_name, 'actorOrgUnitId', h.actor_org_unit_id,
                      'onBehalfOfId', h.on_behalf_of_id, 'fromState', h.from_state,
                      'toState', h.to_state, 'at', h.at))
                   FROM workflow_instances i
                   JOIN history_events h ON h.instance_id = i.id AND h.seq = i.version
                   JOIN users u ON u.id = h.actor_id
                  WHERE i.id = done.instance_id AND done.status = 'applied') AS instance) o,
              LATERAL (SELECT (o.outcome || jsonb_build_object('instance', o.instance))::text AS whole,
                              o.outcome::text AS bare) p`,
      [id, status, instanceVersion, rejection, at, COMMAND_OUTCOME_CHANNEL, MAX_OUTCOME_PAYLOAD],
    );
  }
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
