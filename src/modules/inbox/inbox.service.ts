import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../../common/auth/authenticated-user';
import { DomainError } from '../../common/errors/domain-error';
import { foldDiacritics } from '../../common/text/fold-diacritics';
import { type InboxItemDto, type InboxPageDto, type InboxQueryDto } from './dto/inbox.dto';

const DEFAULT_LIMIT = 20;

interface InboxRow {
  task_id: string;
  instance_id: string;
  definition_key: string;
  title: string;
  state: string;
  org_unit_id: string;
  due_at: Date | null;
  sort_due: Date | string;
  created_at: Date;
  overdue: boolean;
}

/** A page position: the sort key of the last item seen. */
interface InboxCursor {
  due: string;
  id: string;
}

/**
 * What waits for the caller's unit and capabilities, soonest deadline first, paged by keyset so a
 * page costs the same at the millionth row as at the first.
 */
@Injectable()
export class InboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(user: AuthenticatedUser, query: InboxQueryDto): Promise<InboxPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const params: unknown[] = [user.orgUnitId, user.capabilities];
    const where = [
      `t.status = 'open'`,
      `t.assignee_unit_id = $1`,
      `(t.capability IS NULL OR t.capability = ANY($2))`,
    ];
    const add = (sql: (n: number) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (query.definitionKey) add((n) => `i.definition_key = $${n}`, query.definitionKey);
    if (query.overdue !== undefined) {
      where.push(query.overdue ? `t.due_at < now()` : `(t.due_at IS NULL OR t.due_at >= now())`);
    }
    if (query.dueBefore) add((n) => `t.due_at < $${n}`, new Date(query.dueBefore));
    const text = query.q ? foldDiacritics(query.q.trim()) : '';
    if (text) add((n) => `i.search_text LIKE $${n}`, `%${escapeLike(text)}%`);
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      params.push(cursor.due, cursor.id);
      where.push(
        `(COALESCE(t.due_at, 'infinity'::timestamptz), t.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    params.push(limit + 1);

    const rows = await this.dataSource.query<InboxRow[]>(
      `SELECT t.id AS task_id, t.instance_id, i.definition_key, i.title, t.state, i.org_unit_id,
              t.due_at, COALESCE(t.due_at, 'infinity'::timestamptz) AS sort_due, t.created_at,
              COALESCE(t.due_at < now(), false) AS overdue
         FROM workflow_tasks t
         JOIN workflow_instances i ON i.id = t.instance_id
        WHERE ${where.join(' AND ')}
        ORDER BY COALESCE(t.due_at, 'infinity'::timestamptz), t.id
        LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toItem),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ due: sortKey(last.sort_due), id: last.task_id })
          : null,
    };
  }
}

function toItem(row: InboxRow): InboxItemDto {
  return {
    taskId: row.task_id,
    instanceId: row.instance_id,
    definitionKey: row.definition_key,
    title: row.title,
    state: row.state,
    orgUnitId: row.org_unit_id,
    dueAt: row.due_at,
    overdue: row.overdue,
    createdAt: row.created_at,
  };
}

function sortKey(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function encodeCursor(cursor: InboxCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(raw: string): InboxCursor {
  try {
    const parsed = JSON.parse(
      Buffer.from(raw, 'base64url').toString('utf8'),
    ) as Partial<InboxCursor>;
    const uuid = /^[0-9a-f-]{36}$/i;
    if (
      typeof parsed.id === 'string' &&
      uuid.test(parsed.id) &&
      typeof parsed.due === 'string' &&
      (parsed.due === 'infinity' || !Number.isNaN(Date.parse(parsed.due)))
    ) {
      return { due: parsed.due, id: parsed.id };
    }
  } catch {
    // fall through to the error below
  }
  throw new DomainError('bad-request', 'Invalid cursor', [
    { path: '/cursor', message: 'Invalid cursor' },
  ]);
}
