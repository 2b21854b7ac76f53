import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { searchableText } from '../../common/text/fold-diacritics';
import { type StepActors } from '../../workflows/engine/command-planner';
import { type BrokenLink, type ChainedEventFields, hashEvent, verifyChain } from './hash-chain';
import { ReturnedNoticeDto } from './dto/returned-notice.dto';
import { HistoryEvent } from './history-event.entity';
import { ATTACHMENT_ADDED_EVENT, CREATED_EVENT, SEND_BACK_EVENTS } from './history-event-types';
import { type JsonObject } from '../../common/json/json.types';

export interface NewHistoryEvent {
  instanceId: string;
  /** The instance version this event brings it to (its position in the history). */
  seq: number;
  prevHash: string;
  type: string;
  fromState: string | null;
  toState: string;
  actor: { id: string; username: string; orgUnitId: string };
  onBehalfOfId?: string | null;
  data: JsonObject | null;
  comment: string | null;
  commandId: string | null;
  at: Date;
}

export interface VerifyReport {
  ok: boolean;
  /** Events checked. */
  checked: number;
  instances: number;
  firstBroken?: BrokenLink;
}

const VERIFY_BATCH = 5000;

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

@Injectable()
export class HistoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * For each instance whose last step was a return (or rejection) into the state it is in now:
   * who sent it back, when and why. Attachments added since do not hide it.
   */
  async returnedNotices(instanceIds: readonly string[]): Promise<Map<string, ReturnedNoticeDto>> {
    if (instanceIds.length === 0) return new Map();
    const rows = await this.dataSource.query<ReturnedRow[]>(
      `SELECT last.* FROM workflow_instances i
         CROSS JOIN LATERAL (
           SELECT h.instance_id, h.type, h.to_state, h.at, h.comment, h.actor_id,
                  h.actor_username, u.full_name AS actor_full_name, h.actor_org_unit_id
             FROM history_events h JOIN users u ON u.id = h.actor_id
            WHERE h.instance_id = i.id AND h.type <> $2
            ORDER BY h.seq DESC LIMIT 1) last
        WHERE i.id = ANY($1::uuid[]) AND last.type = ANY($3::text[]) AND last.to_state = i.state`,
      [instanceIds, ATTACHMENT_ADDED_EVENT, SEND_BACK_EVENTS],
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
   * Who acted in each of `steps` of an instance, for four eyes: the actors and the delegators they
   * acted for, of every event recorded in those states (the creation counts for the initial one).
   * Undefined when no step is asked for, so callers pay a query only where four eyes apply.
   */
  async stepActors(
    manager: EntityManager,
    instanceId: string,
    steps: readonly string[],
  ): Promise<StepActors | undefined> {
    if (steps.length === 0) return undefined;
    const rows = await manager.query<Array<{ step: string; ids: string[] }>>(
      `SELECT step, array_agg(DISTINCT id) AS ids
         FROM (SELECT COALESCE(from_state, to_state) AS step,
                      unnest(array_remove(ARRAY[actor_id, on_behalf_of_id], NULL)) AS id
                 FROM history_events
                WHERE instance_id = $1 AND COALESCE(from_state, to_state) = ANY($2::text[])
                  -- A campaign's dispatcher opens the instance for the unit but drafts nothing.
                  AND NOT (type = $3 AND EXISTS (
                    SELECT 1 FROM campaign_items WHERE campaign_items.instance_id = $1))) acted
        GROUP BY step`,
      [instanceId, steps, CREATED_EVENT],
    );
    return Object.fromEntries(rows.map((row) => [row.step, row.ids]));
  }

  /** Appends one chained event inside the caller's transaction and returns its hash. */
  async append(manager: EntityManager, event: NewHistoryEvent): Promise<string> {
    const fields: ChainedEventFields = {
      instanceId: event.instanceId,
      seq: event.seq,
      type: event.type,
      fromState: event.fromState,
      toState: event.toState,
      actorId: event.actor.id,
      actorUsername: event.actor.username,
      actorOrgUnitId: event.actor.orgUnitId,
      onBehalfOfId: event.onBehalfOfId ?? null,
      data: event.data,
      comment: event.comment,
      commandId: event.commandId,
      at: event.at,
      prevHash: event.prevHash,
    };
    const hash = hashEvent(fields);
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
        event.data,
        fields.comment,
        fields.commandId,
        fields.at,
        fields.prevHash,
        hash,
        // Derived for audit search, outside the hash: the chain covers what was said, not this.
        searchableText(event.data, event.comment),
      ],
    );
    return hash;
  }

  list(instanceId: string): Promise<HistoryEvent[]> {
    return this.dataSource
      .getRepository(HistoryEvent)
      .find({ where: { instanceId }, order: { seq: 'ASC' } });
  }

  /**
   * Verifies every instance's chain (or one instance's), in batches of instances so memory stays
   * bounded however large the store. Stops at the first broken link.
   */
  async verify(instanceId?: string): Promise<VerifyReport> {
    let checked = 0;
    let instances = 0;
    let after = instanceId ? null : '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const heads = await this.dataSource.query<
        Array<{ id: string; history_head: string; version: number }>
      >(
        instanceId
          ? `SELECT id, history_head, version FROM workflow_instances WHERE id = $1`
          : `SELECT id, history_head, version FROM workflow_instances WHERE id > $1 ORDER BY id LIMIT ${VERIFY_BATCH / 10}`,
        [instanceId ?? after],
      );
      if (heads.length === 0) break;
      const events = await this.dataSource
        .getRepository(HistoryEvent)
        .createQueryBuilder('h')
        .where('h.instanceId = ANY(:ids)', { ids: heads.map((h) => h.id) })
        .orderBy('h.instanceId')
        .addOrderBy('h.seq')
        .getMany();
      const byInstance = new Map<string, HistoryEvent[]>();
      for (const event of events) {
        const list = byInstance.get(event.instanceId) ?? [];
        list.push(event);
        byInstance.set(event.instanceId, list);
      }
      for (const head of heads) {
        const chain = byInstance.get(head.id) ?? [];
        checked += chain.length;
        instances += 1;
        const broken = verifyChain(head.id, chain, {
          hash: head.history_head,
          version: head.version,
        });
        if (broken) return { ok: false, checked, instances, firstBroken: broken };
      }
      if (instanceId) break;
      after = heads[heads.length - 1].id;
    }
    return { ok: true, checked, instances };
  }
}
