import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  TIMESTAMP_PATTERN,
  timestampKeySql,
  UUID_PATTERN,
} from '../../common/pagination/keyset-cursor';
import { foldDiacritics } from '../../common/text/fold-diacritics';
import { CREATED_EVENT } from '../history/history-event-types';
import { HistoryService } from '../history/history.service';
import { escapeLike, SqlConditions } from '../inbox/inbox-query';
import { type CaseRelation, type MyCasesPageDto, type MyCasesQueryDto } from './dto/my-cases.dto';

const DEFAULT_LIMIT = 20;
const CURSOR_SHAPE = [TIMESTAMP_PATTERN, UUID_PATTERN];

interface CaseRow {
  id: string;
  definition_key: string;
  title: string;
  state: string;
  status: string;
  org_unit_id: string;
  due_at: Date | null;
  created_at: Date;
  updated_at: Date;
  sort_key: string;
}

/**
 * "My cases": what the caller started, acted on, or follows (their unit's follow-up copies of
 * overdue steps, and the cases they commented on), newest change first. Each relation only
 * reaches cases the caller may read: they started, acted on or were sent each of them.
 */
@Injectable()
export class MyCasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryService,
    private readonly clock: Clock,
  ) {}

  async page(user: AuthenticatedUser, query: MyCasesQueryDto): Promise<MyCasesPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const sql = new SqlConditions();
    sql.and(this.relationSql(sql, user, query.relation ?? 'created'));
    if (query.definitionKey) sql.and(`i.definition_key = ${sql.param(query.definitionKey)}`);
    if (query.status) sql.and(`i.status = ${sql.param(query.status)}`);
    const text = query.q ? foldDiacritics(query.q.trim()) : '';
    if (text) sql.and(`i.search_text LIKE ${sql.param(`%${escapeLike(text)}%`)}`);
    const dueSql = `(SELECT min(t.due_at) FROM workflow_tasks t
                      WHERE t.instance_id = i.id AND t.status = 'open' AND t.kind = 'step')`;
    if (query.overdue !== undefined) {
      const now = sql.param(this.clock.now());
      sql.and(`COALESCE(${dueSql} < ${now}, false) = ${sql.param(query.overdue)}`);
    }
    const countParams = [...sql.params];
    const countWhere = sql.whereSql();
    if (query.cursor) {
      const [at, id] = decodeKeysetCursor(query.cursor, CURSOR_SHAPE);
      sql.and(`(i.updated_at, i.id) < (${sql.param(at)}::timestamptz, ${sql.param(id)}::uuid)`);
    }
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<CaseRow[]>(
        `SELECT i.id, i.definition_key, i.title, i.state, i.status, i.org_unit_id, i.created_at,
                i.updated_at, ${dueSql} AS due_at, ${timestampKeySql('i.updated_at')} AS sort_key
           FROM workflow_instances i
          WHERE ${sql.whereSql()}
          ORDER BY i.updated_at DESC, i.id DESC
          LIMIT ${sql.param(limit + 1)}`,
        sql.params,
      ),
      this.dataSource.query<Array<{ total: string }>>(
        `SELECT count(*) AS total FROM workflow_instances i WHERE ${countWhere}`,
        countParams,
      ),
    ]);
    const page = rows.slice(0, limit);
    const returned = await this.history.returnedNotices(page.map((row) => row.id));
    const nowDate = this.clock.now();
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        instanceId: row.id,
        definitionKey: row.definition_key,
        title: row.title,
        state: row.state,
        status: row.status,
        orgUnitId: row.org_unit_id,
        dueAt: row.due_at,
        overdue: row.due_at !== null && row.due_at < nowDate,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        returned: returned.get(row.id) ?? null,
      })),
      nextCursor: rows.length > limit && last ? encodeKeysetCursor([last.sort_key, last.id]) : null,
      total: Number(total),
    };
  }

  private relationSql(sql: SqlConditions, user: AuthenticatedUser, relation: CaseRelation): string {
    const me = sql.param(user.id);
    switch (relation) {
      case 'created':
        return `i.created_by = ${me}::uuid`;
      case 'acted':
        return `i.id IN (SELECT h.instance_id FROM history_events h
                          WHERE h.actor_id = ${me}::uuid AND h.type <> ${sql.param(CREATED_EVENT)})`;
      case 'followed':
        return `(i.id IN (SELECT t.instance_id FROM workflow_tasks t
                           WHERE t.kind = 'escalation'
                             AND t.assignee_unit_id = ${sql.param(user.orgUnitId)}::uuid)
                 OR i.id IN (SELECT c.instance_id FROM instance_comments c
                              WHERE c.author_id = ${me}::uuid))`;
    }
  }
}
