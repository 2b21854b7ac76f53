import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { timestampKeySql } from '../../common/pagination/keyset-cursor';
import { SqlConditions } from '../../database/sql-conditions';
import { containsPattern } from '../../common/text/like-pattern';
import { CREATED_EVENT } from '../history/history-event-types';
import { type CaseRelation } from './dto/my-cases.dto';

/** What a "my cases" page asks for; `text` is already folded. */
export interface CaseSearch {
  userId: string;
  userOrgUnitId: string;
  relation: CaseRelation;
  definitionKey?: string;
  status?: string;
  text?: string;
  /** With `now`: only cases whose earliest open step is (or is not) overdue. */
  overdue?: boolean;
  now: Date;
}

export interface CaseRecord {
  id: string;
  definitionKey: string;
  title: string;
  state: string;
  status: string;
  orgUnitId: string;
  dueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** `updated_at` at full precision, for the cursor. */
  sortKey: string;
}

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

/** The earliest deadline of an instance's open steps. */
const DUE_SQL = `(SELECT min(t.due_at) FROM workflow_tasks t
                   WHERE t.instance_id = i.id AND t.status = 'open' AND t.kind = 'step')`;

/** Reads of the instances a user is related to (the instances module writes them). */
@Injectable()
export class MyCasesRepository {
  /** A page newest change first after `(updatedAt, id)`, and the total without the cursor. */
  async page(
    manager: EntityManager,
    search: CaseSearch,
    after: { at: string; id: string } | null,
    limit: number,
  ): Promise<{ rows: CaseRecord[]; total: number }> {
    const sql = new SqlConditions();
    sql.and(relationSql(sql, search));
    if (search.definitionKey) sql.and(`i.definition_key = ${sql.param(search.definitionKey)}`);
    if (search.status) sql.and(`i.status = ${sql.param(search.status)}`);
    if (search.text) sql.and(`i.search_text LIKE ${sql.param(containsPattern(search.text))}`);
    if (search.overdue !== undefined) {
      const now = sql.param(search.now);
      sql.and(`COALESCE(${DUE_SQL} < ${now}, false) = ${sql.param(search.overdue)}`);
    }
    const count = sql.clone();
    if (after) {
      sql.and(`(i.updated_at, i.id) < (${sql.param(after.at)}::timestamptz, ${sql.param(after.id)}::uuid)`);
    }
    const [rows, [{ total }]] = await Promise.all([
      manager.query<CaseRow[]>(
        `SELECT i.id, i.definition_key, i.title, i.state, i.status, i.org_unit_id, i.created_at,
                i.updated_at, ${DUE_SQL} AS due_at, ${timestampKeySql('i.updated_at')} AS sort_key
           FROM workflow_instances i
          WHERE ${sql.whereSql()}
          ORDER BY i.updated_at DESC, i.id DESC
          LIMIT ${sql.param(limit)}`,
        sql.params,
      ),
      manager.query<Array<{ total: string }>>(
        `SELECT count(*) AS total FROM workflow_instances i WHERE ${count.whereSql()}`,
        count.params,
      ),
    ]);
    return {
      total: Number(total),
      rows: rows.map((row) => ({
        id: row.id,
        definitionKey: row.definition_key,
        title: row.title,
        state: row.state,
        status: row.status,
        orgUnitId: row.org_unit_id,
        dueAt: row.due_at,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        sortKey: row.sort_key,
      })),
    };
  }
}

function relationSql(sql: SqlConditions, search: CaseSearch): string {
  // Each relation adds only the parameters it uses: an unused one has no type PostgreSQL can infer.
  const me = (): string => sql.param(search.userId);
  switch (search.relation) {
    case 'created':
      return `i.created_by = ${me()}::uuid`;
    case 'acted':
      return `i.id IN (SELECT h.instance_id FROM history_events h
                        WHERE h.actor_id = ${me()}::uuid AND h.type <> ${sql.param(CREATED_EVENT)})`;
    case 'followed':
      return `(i.id IN (SELECT t.instance_id FROM workflow_tasks t
                         WHERE t.kind = 'escalation'
                           AND t.assignee_unit_id = ${sql.param(search.userOrgUnitId)}::uuid)
               OR i.id IN (SELECT c.instance_id FROM instance_comments c
                            WHERE c.author_id = ${me()}::uuid))`;
    case 'copied':
      return `i.id IN (SELECT c.instance_id FROM instance_copies c
                        WHERE c.recipient_unit_id = ${sql.param(search.userOrgUnitId)}::uuid)`;
  }
}
