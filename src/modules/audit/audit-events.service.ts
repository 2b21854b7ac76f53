import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/page-query.dto';
import {
  decodeTimeCursor,
  encodeTimeCursor,
  type TimeCursor,
} from '../../common/pagination/keyset-cursor';
import { SqlConditions } from '../../database/sql-conditions';
import { foldDiacritics } from '../../common/text/fold-diacritics';
import { containsPattern } from '../../common/text/like-pattern';
import { type WorkflowDefinitionDocument } from '../../workflows/engine/definition.types';
import { DefinitionsService } from '../definitions/definitions.service';
import { subtreeOf } from '../org-units/org-tree';
import { OrgUnitsService } from '../org-units/org-units.service';
import { ownEntry } from '../../workflows/engine/own-entry';
import { toAuditEventDto } from './audit-event.query';
import { type AuditEventRecord, AuditRepository, type AuditSearch } from './audit.repository';
import { AuditTimelineService } from './audit-timeline.service';
import {
  type AuditEventDto,
  type AuditEventFilterDto,
  type AuditEventPageDto,
  type AuditEventsQueryDto,
} from './dto/audit-event.dto';

/**
 * Searches history events across every instance. Pages by keyset on `(at, id)`, so the millionth
 * page costs what the first does and an export can walk the whole result in batches.
 */
@Injectable()
export class AuditEventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orgUnits: OrgUnitsService,
    private readonly timeline: AuditTimelineService,
    private readonly definitions: DefinitionsService,
    private readonly repository: AuditRepository,
  ) {}

  async page(query: AuditEventsQueryDto): Promise<AuditEventPageDto> {
    const search = await this.prepare(query);
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const after = query.cursor ? decodeTimeCursor(query.cursor) : null;
    const rows = await this.repository.search(this.dataSource.manager, search, after, limit + 1);
    const page = rows.slice(0, limit);
    const items = await this.toDtos(page);
    if (query.withDocument) {
      const documents = await this.timeline.documentsAt(items);
      for (const item of items) item.document = documents.get(`${item.instanceId}/${item.seq}`);
    }
    const last = page.at(-1);
    return {
      items,
      nextCursor:
        rows.length > limit && last ? encodeTimeCursor(last.cursor) : null,
    };
  }

  /** Checks the filters and turns them into SQL; fails here, before any answer is streamed. */
  async prepare(filter: AuditEventFilterDto): Promise<AuditSearch> {
    const sql = new SqlConditions();
    if (filter.unitId) {
      const directory = await this.orgUnits.directory();
      if (!directory.unit(filter.unitId)) {
        throw new DomainError('validation-failed', `Unknown org unit ${filter.unitId}`, [
          { path: '/unitId', message: 'No such unit' },
        ]);
      }
      const units = filter.includeSubUnits
        ? subtreeOf(filter.unitId, directory).map((unit) => unit.id)
        : [filter.unitId];
      sql.and(`i.org_unit_id = ANY(${sql.param(units)}::uuid[])`);
    }
    if (filter.actor) sql.and(`h.actor_username = ${sql.param(filter.actor.trim().toLowerCase())}`);
    if (filter.actorId) sql.and(`h.actor_id = ${sql.param(filter.actorId)}`);
    if (filter.definitionKey) sql.and(`i.definition_key = ${sql.param(filter.definitionKey)}`);
    if (filter.instanceId) sql.and(`h.instance_id = ${sql.param(filter.instanceId)}`);
    if (filter.type && filter.type.length === 1) {
      // One type as `=`, so the (type, at, id) index hands the page over in order.
      sql.and(`h.type = ${sql.param(filter.type[0])}`);
    } else if (filter.type && filter.type.length > 1) {
      sql.and(`h.type = ANY(${sql.param(filter.type)})`);
    }
    if (filter.state) {
      const state = sql.param(filter.state);
      sql.and(`(h.from_state = ${state} OR h.to_state = ${state})`);
    }
    if (filter.fromState) sql.and(`h.from_state = ${sql.param(filter.fromState)}`);
    if (filter.toState) sql.and(`h.to_state = ${sql.param(filter.toState)}`);
    if (filter.since) sql.and(`h.at >= ${sql.param(new Date(filter.since))}`);
    if (filter.until) sql.and(`h.at < ${sql.param(new Date(filter.until))}`);
    // The event's own text, or its instance's title: "Phú Hòa" finds every event of the
    // instances named for Phú Hòa, not only those whose form data repeats the name.
    const text = filter.q ? foldDiacritics(filter.q.trim()) : '';
    return {
      conditions: sql,
      textPattern: text ? containsPattern(text) : null,
      order: filter.order ?? 'desc',
    };
  }

  /** The whole result, batch by batch; each batch is one keyset query, nothing held across. */
  async *batches(search: AuditSearch, batchSize: number): AsyncGenerator<AuditEventDto[]> {
    // An export streams for as long as it takes: its connection is exempt from the statement
    // timeout that bounds every other API read.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await this.repository.setStatementTimeout(runner.manager, 0);
      let after: TimeCursor | null = null;
      for (;;) {
        const rows = await this.repository.search(runner.manager, search, after, batchSize);
        if (rows.length > 0) yield await this.toDtos(rows);
        const last = rows.at(-1);
        if (rows.length < batchSize || !last) return;
        after = last.cursor;
      }
    } finally {
      await this.repository.setStatementTimeout(runner.manager, 'default').catch(() => undefined);
      await runner.release();
    }
  }

  /** The rows as events, each with its opinion read through its definition version's form. */
  private async toDtos(rows: AuditEventRecord[]): Promise<AuditEventDto[]> {
    const documents = new Map<string, WorkflowDefinitionDocument>();
    for (const id of new Set(rows.map((row) => row.definitionId))) {
      documents.set(id, (await this.definitions.runnable(id)).document);
    }
    return rows.map((row) => {
      const events = documents.get(row.definitionId)?.events;
      // Event types are the authors' words: `constructor` must not find Object.prototype's.
      return toAuditEventDto(row, events ? ownEntry(events, row.event.type)?.form : undefined);
    });
  }
}
