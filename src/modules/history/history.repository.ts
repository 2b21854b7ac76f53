import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type BatchWrite } from '../../database/batch-write';
import { type StepActors } from '../../workflows/engine/command-planner';
import { type ReturnedNoticeDto } from './dto/returned-notice.dto';
import { HistoryEvent } from './history-event.entity';
import { type ChainedEventFields } from './hash-chain';
import { CREATED_EVENT } from './history-event-types';

/** An instance's chain head as its row records it, for verification. */
export interface ChainHead {
  id: string;
  historyHead: string;
  version: number;
}

interface ReturnedRow {
  instance_id: string;
  type: string;
  to_state: string;
  at: Date;
  comment: string | null;
  actor_id: string;
  actor_username: string;
  actor_full_name: string;
  actor_org_unit_id: string;
}

/**
 * The one place `history_events` is read and written. It also reads (never writes) the chain head
 * and state of `workflow_instances`, which the chain is checked against; the instances module
 * imports this one, so it cannot go through the instances repository. Every method runs on the
 * manager it is given, never on a default.
 */
@Injectable()
export class HistoryRepository {
  /** Inserts one chained event whose hash the caller computed. */
  async insert(
    manager: EntityManager,
    fields: ChainedEventFields,
    hash: string,
    searchText: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO history_events (instance_id, seq, type, from_state, to_state, actor_id,
         actor_username, actor_org_unit_id, on_behalf_of_id, data, comment, command_id, at, prev_hash, hash,
         search_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        fields.instanceId,
        fields.seq,
        fields.type,
        fields.fromState,
        fields.toState,
        fields.actorId,
        fields.actorUsername,
        fields.actorOrgUnitId,
        fields.onBehalfOfId,
        fields.data,
        fields.comment,
        fields.commandId,
        fields.at,
        fields.prevHash,
        hash,
        searchText,
      ],
    );
  }

  /**
   * Adds the insert of many chained events (hashes computed by the caller) to a batch write, as
   * part `history`. The transparency log's trigger enqueues each row as {@link insert}'s does.
   */
  insertManyPart(
    write: BatchWrite,
    events: ReadonlyArray<{ fields: ChainedEventFields; hash: string; searchText: string }>,
  ): void {
    const rows = events.map(({ fields, hash, searchText }) => ({
      instance_id: fields.instanceId,
      seq: fields.seq,
      type: fields.type,
      from_state: fields.fromState,
      to_state: fields.toState,
      actor_id: fields.actorId,
      actor_username: fields.actorUsername,
      actor_org_unit_id: fields.actorOrgUnitId,
      on_behalf_of_id: fields.onBehalfOfId,
      data: fields.data,
      comment: fields.comment,
      command_id: fields.commandId,
      at: fields.at,
      prev_hash: fields.prevHash,
      hash,
      search_text: searchText,
    }));
    write.add(
      'history',
      `INSERT INTO history_events (instance_id, seq, type, from_state, to_state, actor_id,
         actor_username, actor_org_unit_id, on_behalf_of_id, data, comment, command_id, at, prev_hash, hash,
         search_text)
       SELECT instance_id, seq, type, from_state, to_state, actor_id, actor_username, actor_org_unit_id,
              on_behalf_of_id, data, comment, command_id, at, prev_hash, hash, search_text
         FROM jsonb_to_recordset(${write.rows(rows)}) AS e(instance_id uuid, seq integer, type text,
              from_state text, to_state text, actor_id uuid, actor_username text, actor_org_unit_id uuid,
              on_behalf_of_id uuid, data jsonb, comment text, command_id uuid, at timestamptz,
              prev_hash text, hash text, search_text text)
       RETURNING id, instance_id, seq, actor_id, actor_username, actor_org_unit_id, on_behalf_of_id,
                 from_state, to_state, at`,
      // The events' fields are for later parts (outcome notifications), not the caller.
      ['id'],
    );
  }

  /**
   * For each instance whose last event other than `ignoredType` is one of `sendBackTypes` into the
   * state the instance is in now: that event, with its actor.
   */
  async lastSendBacks(
    manager: EntityManager,
    instanceIds: readonly string[],
    ignoredType: string,
    sendBackTypes: readonly string[],
  ): Promise<Map<string, ReturnedNoticeDto>> {
    const rows = await manager.query<ReturnedRow[]>(
      `SELECT last.* FROM workflow_instances i
         CROSS JOIN LATERAL (
           SELECT h.instance_id, h.type, h.to_state, h.at, h.comment, h.actor_id,
                  h.actor_username, u.full_name AS actor_full_name, h.actor_org_unit_id
             FROM history_events h JOIN users u ON u.id = h.actor_id
            WHERE h.instance_id = i.id AND h.type <> $2
            ORDER BY h.seq DESC LIMIT 1) last
        WHERE i.id = ANY($1::uuid[]) AND last.type = ANY($3::text[]) AND last.to_state = i.state`,
      [instanceIds, ignoredType, sendBackTypes],
    );
    return new Map(
      rows.map((row) => [
        row.instance_id,
        {
          type: row.type,
          by: { id: row.actor_id, username: row.actor_username, fullName: row.actor_full_name },
          byOrgUnitId: row.actor_org_unit_id,
          at: row.at,
          comment: row.comment,
        },
      ]),
    );
  }

  /**
   * The actors and the delegators they acted for, of every event recorded in `steps` (an event
   * counts in its from-state, the creation in its to-state). Events of `skippedType` are left out
   * when given.
   */
  async actorsBySteps(
    manager: EntityManager,
    instanceId: string,
    steps: readonly string[],
    skippedType: string | null,
  ): Promise<StepActors> {
    const rows = await manager.query<Array<{ step: string; ids: string[] }>>(
      `SELECT step, array_agg(DISTINCT id) AS ids
         FROM (SELECT COALESCE(from_state, to_state) AS step,
                      unnest(array_remove(ARRAY[actor_id, on_behalf_of_id], NULL)) AS id
                 FROM history_events
                WHERE instance_id = $1 AND COALESCE(from_state, to_state) = ANY($2::text[])
                  AND type IS DISTINCT FROM $3) acted
        GROUP BY step`,
      [instanceId, steps, skippedType],
    );
    return Object.fromEntries(rows.map((row) => [row.step, row.ids]));
  }

  /**
   * {@link actorsBySteps} for every step of an instance, as a SQL expression (a json object of
   * step → actor ids) for a caller that reads it in the same statement as the instance;
   * `skipCreated` is a SQL condition under which the creation event is left out.
   */
  static actorsByStepSql(instanceId: string, skipCreated: string): string {
    return `(SELECT coalesce(json_object_agg(acted.step, acted.ids), '{}'::json)
               FROM (SELECT step, array_agg(DISTINCT id) AS ids
                       FROM (SELECT COALESCE(h.from_state, h.to_state) AS step,
                                    unnest(array_remove(ARRAY[h.actor_id, h.on_behalf_of_id], NULL)) AS id
                               FROM history_events h
                              WHERE h.instance_id = ${instanceId}
                                AND (h.type <> '${CREATED_EVENT}' OR NOT (${skipCreated}))) a
                      GROUP BY step) acted)`;
  }

  /** The `data.sha256` an event of `type` at `seq` recorded, if there is one. */
  async recordedSha256(
    manager: EntityManager,
    instanceId: string,
    seq: number,
    type: string,
  ): Promise<string | null> {
    const [event] = await manager.query<Array<{ sha256: string | null }>>(
      `SELECT data->>'sha256' AS sha256 FROM history_events
        WHERE instance_id = $1 AND seq = $2 AND type = $3`,
      [instanceId, seq, type],
    );
    return event?.sha256 ?? null;
  }

  listByInstance(manager: EntityManager, instanceId: string): Promise<HistoryEvent[]> {
    return manager
      .getRepository(HistoryEvent)
      .find({ where: { instanceId }, order: { seq: 'ASC' } });
  }

  /** The events of the instances, by instance then position. */
  listByInstances(manager: EntityManager, instanceIds: readonly string[]): Promise<HistoryEvent[]> {
    return manager
      .getRepository(HistoryEvent)
      .createQueryBuilder('h')
      .where('h.instanceId = ANY(:ids)', { ids: instanceIds })
      .orderBy('h.instanceId')
      .addOrderBy('h.seq')
      .getMany();
  }

  /** One instance's recorded chain head, as a batch of at most one. */
  async headOf(manager: EntityManager, instanceId: string): Promise<ChainHead[]> {
    const rows = await manager.query<HeadRow[]>(
      `SELECT id, history_head, version FROM workflow_instances WHERE id = $1`,
      [instanceId],
    );
    return rows.map(toHead);
  }

  /** The recorded chain heads of the next `limit` instances after `afterId`, by id. */
  async headsAfter(manager: EntityManager, afterId: string, limit: number): Promise<ChainHead[]> {
    const rows = await manager.query<HeadRow[]>(
      `SELECT id, history_head, version FROM workflow_instances WHERE id > $1 ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map(toHead);
  }
}

interface HeadRow {
  id: string;
  history_head: string;
  version: number;
}

function toHead(row: HeadRow): ChainHead {
  return { id: row.id, historyHead: row.history_head, version: row.version };
}
