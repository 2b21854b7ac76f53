import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { ownEntry } from '../../workflows/engine/own-entry';
import { HistoryService } from '../history/history.service';
import { toAuditEventDto } from './audit-event.query';
import { AuditRepository, type ReplayEventRecord } from './audit.repository';
import { type TimelineDto, type TimelineEventDto } from './dto/timeline.dto';
import { replayDocuments } from './timeline/document-replay';
import { type JsonObject } from '../../common/json/json.types';

/**
 * An instance's history as an auditor reads it: every event with who (name and unit), when, what
 * they sent, the document as it then stood and what each submission changed in it.
 */
@Injectable()
export class AuditTimelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryService,
    private readonly repository: AuditRepository,
  ) {}

  async timeline(instanceId: string): Promise<TimelineDto> {
    const manager = this.dataSource.manager;
    const instance = await this.repository.timelineInstance(manager, instanceId);
    if (!instance) throw new NotFoundError('Instance', instanceId);
    const rows = await this.repository.instanceEvents(manager, instanceId);
    const { definition } = instance;
    const documents = replayDocuments(
      rows.map(({ event }) => event),
      definition.machine,
    );
    const verified = await this.history.verify(instanceId);

    const events = rows.map((row, index): TimelineEventDto => {
      const event = toAuditEventDto(row, ownEntry(definition.events, row.event.type)?.form);
      const { submission, document, changes } = documents[index];
      return {
        seq: event.seq,
        type: event.type,
        typeTitle: ownEntry(definition.events, event.type)?.title.vi ?? event.type,
        fromState: event.fromState,
        toState: event.toState,
        toStateTitle: ownEntry(definition.states, event.toState)?.title.vi ?? event.toState,
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
        definitionKey: instance.definitionKey,
        definitionVersion: instance.definitionVersion,
        definitionTitle: definition.title.vi,
        orgUnit: instance.orgUnit,
        state: instance.state,
        stateTitle: ownEntry(definition.states, instance.state)?.title.vi ?? instance.state,
        status: instance.status,
        version: instance.version,
        createdAt: instance.createdAt,
        updatedAt: instance.updatedAt,
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
    const manager = this.dataSource.manager;
    const [machineOf, rows] = await Promise.all([
      this.repository.machinesOf(manager, [...upTo.keys()]),
      this.repository.replayEvents(manager, upTo),
    ]);
    const byInstance = new Map<string, ReplayEventRecord[]>();
    for (const row of rows) {
      const list = byInstance.get(row.instanceId) ?? [];
      list.push(row);
      byInstance.set(row.instanceId, list);
    }
    for (const [instanceId, history] of byInstance) {
      const machine = machineOf.get(instanceId);
      if (!machine) continue;
      replayDocuments(history, machine).forEach(({ document }, index) => {
        documents.set(`${instanceId}/${history[index].seq}`, document);
      });
    }
    return documents;
  }
}
