import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type JsonObject } from '../../common/json/json.types';
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
          RETURNING id, instance_id, status, instance_version, expected_version, error)
       SELECT pg_notify($6, CASE WHEN octet_length(p.payload) < $7 THEN p.payload ELSE done.id::text END)
         FROM done, LATERAL (SELECT json_build_object(
                'id', done.id, 'instanceId', done.instance_id, 'status', done.status,
                'instanceVersion', done.instance_version, 'expectedVersion', done.expected_version,
                'error', done.error)::text AS payload) p`,
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
