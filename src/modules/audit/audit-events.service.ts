import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type QueryRunner } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { DEFAULT_PAGE_LIMIT, type SortOrder } from '../../common/pagination/page-query.dto';
import {
  afterCursorSql,
  decodeTimeCursor,
  encodeTimeCursor,
  type TimeCursor,
} from '../../common/pagination/keyset-cursor';
import { foldDiacritics } from '../../common/text/fold-diacritics';
import { containsPattern } from '../../common/text/like-pattern';
import { type WorkflowDefinitionDocument } from '../../workflows/engine/definition.types';
import { DefinitionsService } from '../definitions/definitions.service';
import { subtreeOf } from '../org-units/org-tree';
import { OrgUnitsService } from '../org-units/org-units.service';
import { AUDIT_EVENT_SELECT, type AuditEventRow, toAuditEventDto } from './audit-event.query';
import { AuditTimelineService } from './audit-timeline.service';
import {
  type AuditEventDto,
  type AuditEventFilterDto,
  type AuditEventPageDto,
  type AuditEventsQueryDto,
} from './dto/audit-event.dto';

/** A validated search: SQL conditions over `h` (event) and `i` (instance), and their values. */
export interface AuditSearch {
  where: string[];
  params: unknown[];
  order: SortOrder;
}

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
  ) {}

  async page(query: AuditEventsQueryDto): Promise<AuditEventPageDto> {
    const search = await this.prepare(query);
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const after = query.cursor ? decodeTimeCursor(query.cursor) : null;
    const rows = await this.fetch(search, after, limit + 1);
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
        rows.length > limit && last ? encodeTimeCursor({ at: last.at_key, id: last.id }) : null,
    };
  }

  /** Checks the filters and turns them into SQL; fails here, before any answer is streamed. */
  async prepare(filter: AuditEventFilterDto): Promise<AuditSearch> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (n: number) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(params.length));
    };
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
      add((n) => `i.org_unit_id = ANY($${n}::uuid[])`, units);
    }
    if (filter.actor) add((n) => `h.actor_username = $${n}`, filter.actor.trim().toLowerCase());
    if (filter.actorId) add((n) => `h.actor_id = $${n}`, filter.actorId);
    if (filter.definitionKey) add((n) => `i.definition_key = $${n}`, filter.definitionKey);
    if (filter.instanceId) add((n) => `h.instance_id = $${n}`, filter.instanceId);
    if (filter.type && filter.type.length > 0) add((n) => `h.type = ANY($${n})`, filter.type);
    if (filter.state) add((n) => `(h.from_state = $${n} OR h.to_state = $${n})`, filter.state);
    if (filter.fromState) add((n) => `h.from_state = $${n}`, filter.fromState);
    if (filter.toState) add((n) => `h.to_state = $${n}`, filter.toState);
    if (filter.since) add((n) => `h.at >= $${n}`, new Date(filter.since));
    if (filter.until) add((n) => `h.at < $${n}`, new Date(filter.until));
    const text = filter.q ? foldDiacritics(filter.q.trim()) : '';
    if (text) {
      // The event's own text, or its instance's title: "Phú Hòa" finds every event of the
      // instances named for Phú Hòa, not only those whose form data repeats the name.
      add(
        (n) =>
          `(h.search_text LIKE $${n} OR h.instance_id = ANY(ARRAY(
             SELECT id FROM workflow_instances WHERE fold_diacritics(title) LIKE $${n})))`,
        containsPattern(text),
      );
    }
    return { where, params, order: filter.order ?? 'desc' };
  }

  /** The whole result, batch by batch; each batch is one keyset query, nothing held across. */
  async *batches(search: AuditSearch, batchSize: number): AsyncGenerator<AuditEventDto[]> {
    // An export streams for as long as it takes: its connection is exempt from the statement
    // timeout that bounds every other API read.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SET statement_timeout = 0');
      let after: TimeCursor | null = null;
      for (;;) {
        const rows = await this.fetch(search, after, batchSize, runner);
        if (rows.length > 0) yield await this.toDtos(rows);
        const last = rows.at(-1);
        if (rows.length < batchSize || !last) return;
        after = { at: last.at_key, id: last.id };
      }
    } finally {
      await runner.query('RESET statement_timeout').catch(() => undefined);
      await runner.release();
    }
  }

  /** The rows as events, each with its opinion read through its definition version's form. */
  private async toDtos(rows: AuditEventRow[]): Promise<AuditEventDto[]> {
    const documents = new Map<string, WorkflowDefinitionDocument>();
    for (const id of new Set(rows.map((row) => row.definition_id))) {
      documents.set(id, (await this.definitions.runnable(id)).document);
    }
    return rows.map((row) =>
      toAuditEventDto(row, documents.get(row.definition_id)?.events[row.type]?.form),
    );
  }

  private fetch(
    search: AuditSearch,
    after: TimeCursor | null,
    limit: number,
    runner?: QueryRunner,
  ): Promise<AuditEventRow[]> {
    const params = [...search.params];
    const where = [...search.where];
    if (after) {
      params.push(after.at, after.id);
      where.push(afterCursorSql('h.at', 'h.id', search.order, params.length - 1, params.length));
    }
    params.push(limit);
    return this.dataSource.query<AuditEventRow[]>(
      `${AUDIT_EVENT_SELECT}
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY h.at ${search.order}, h.id ${search.order}
        LIMIT $${params.length}`,
      params,
      runner,
    );
  }
}
