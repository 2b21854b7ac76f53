import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import {
  type MachineConfigJson,
  type WorkflowDefinitionDocument,
} from '../../workflows/engine/definition.types';
import { HistoryService } from '../history/history.service';
import { AUDIT_EVENT_SELECT, type AuditEventRow, toAuditEventDto } from './audit-event.query';
import { type TimelineDto, type TimelineEventDto } from './dto/timeline.dto';
import { type ReplayedEvent, replayDocuments } from './timeline/document-replay';
import { type JsonObject } from '../../common/json/json.types';

interface TimelineInstanceRow {
  id: string;
  title: string;
  definition_key: string;
  definition_version: number;
  definition: WorkflowDefinitionDocument;
  org_unit_id: string;
  org_unit_slug: string;
  org_unit_name: string;
  state: string;
  status: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

interface ReplayRow {
  instance_id: string;
  seq: number;
  type: string;
  from_state: string | null;
  to_state: string;
  data: JsonObject | null;
}

/**
 * An instance's history as an auditor reads it: every event with who (name and unit), when, what
 * they sent, the document as it then stood and what each submission changed in it.
 */
@Injectable()
export class AuditTimelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryService,
  ) {}

  async timeline(instanceId: string): Promise<TimelineDto> {
    const [instance] = await this.dataSource.query<TimelineInstanceRow[]>(
      `SELECT i.id, i.title, i.definition_key, i.definition_version, d.document AS definition,
              i.org_unit_id, ou.slug AS org_unit_slug, ou.name AS org_unit_name, i.state, i.status,
              i.version, i.created_at, i.updated_at
         FROM workflow_instances i
         JOIN workflow_definitions d ON d.id = i.definition_id
         JOIN org_units ou ON ou.id = i.org_unit_id
        WHERE i.id = $1`,
      [instanceId],
    );
    if (!instance) throw new NotFoundError('Instance', instanceId);
    const rows = await this.dataSource.query<AuditEventRow[]>(
      `${AUDIT_EVENT_SELECT} WHERE h.instance_id = $1 ORDER BY h.seq`,
      [instanceId],
    );
    const { definition } = instance;
    const documents = replayDocuments(rows.map(toReplayed), definition.machine);
    const verified = await this.history.verify(instanceId);

    const events = rows.map((row, index): TimelineEventDto => {
      const event = toAuditEventDto(row, definition.events[row.type]?.form);
      const { submission, document, changes } = documents[index];
      return {
        seq: event.seq,
        type: event.type,
        typeTitle: definition.events[event.type]?.title.vi ?? event.type,
        fromState: event.fromState,
        toState: event.toState,
        toStateTitle: definition.states[event.toState]?.title.vi ?? event.toState,
        actor: event.actor,
        onBehalfOfId: event.onBehalfOfId,
        at: event.at,
        comment: event.comment,
        opinion: event.opinion,
        data: event.data,
        submission,
        changes,
        document,
        prevHash: event.prevHash,
        hash: event.hash,
      };
    });
    return {
      instance: {
        id: instance.id,
        title: instance.title,
        definitionKey: instance.definition_key,
        definitionVersion: instance.definition_version,
        definitionTitle: definition.title.vi,
        orgUnit: {
          id: instance.org_unit_id,
          slug: instance.org_unit_slug,
          name: instance.org_unit_name,
        },
        state: instance.state,
        stateTitle: definition.states[instance.state]?.title.vi ?? instance.state,
        status: instance.status,
        version: instance.version,
        createdAt: instance.created_at,
        updatedAt: instance.updated_at,
      },
      chain: verified.firstBroken
        ? { ok: false, firstBroken: verified.firstBroken }
        : { ok: verified.ok },
      events,
    };
  }

  /**
   * The document after each of the given events (keyed `instanceId/seq`), replaying each
   * instance's history up to the latest event asked for.
   */
  async documentsAt(
    events: ReadonlyArray<{ instanceId: string; seq: number }>,
  ): Promise<Map<string, JsonObject>> {
    const upTo = new Map<string, number>();
    for (const { instanceId, seq } of events) {
      upTo.set(instanceId, Math.max(seq, upTo.get(instanceId) ?? 0));
    }
    const documents = new Map<string, JsonObject>();
    if (upTo.size === 0) return documents;
    const ids = [...upTo.keys()];
    const [machines, rows] = await Promise.all([
      this.dataSource.query<Array<{ id: string; machine: MachineConfigJson }>>(
        `SELECT i.id, d.document -> 'machine' AS machine
           FROM workflow_instances i JOIN workflow_definitions d ON d.id = i.definition_id
          WHERE i.id = ANY($1::uuid[])`,
        [ids],
      ),
      this.dataSource.query<ReplayRow[]>(
        `SELECT h.instance_id, h.seq, h.type, h.from_state, h.to_state, h.data
           FROM history_events h
           JOIN unnest($1::uuid[], $2::int[]) AS wanted(instance_id, up_to)
             ON wanted.instance_id = h.instance_id AND h.seq <= wanted.up_to
          ORDER BY h.instance_id, h.seq`,
        [ids, ids.map((id) => upTo.get(id))],
      ),
    ]);
    const machineOf = new Map(machines.map((m) => [m.id, m.machine]));
    const byInstance = new Map<string, ReplayRow[]>();
    for (const row of rows) {
      const list = byInstance.get(row.instance_id) ?? [];
      list.push(row);
      byInstance.set(row.instance_id, list);
    }
    for (const [instanceId, history] of byInstance) {
      const machine = machineOf.get(instanceId);
      if (!machine) continue;
      replayDocuments(history.map(toReplayed), machine).forEach(({ document }, index) => {
        documents.set(`${instanceId}/${history[index].seq}`, document);
      });
    }
    return documents;
  }
}

function toReplayed(row: ReplayRow): ReplayedEvent {
  return {
    seq: row.seq,
    type: row.type,
    fromState: row.from_state,
    toState: row.to_state,
    data: row.data,
  };
}
