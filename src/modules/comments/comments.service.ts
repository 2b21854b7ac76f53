import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError } from '../../common/errors/domain-error';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  TIMESTAMP_PATTERN,
  timestampKeySql,
  UUID_PATTERN,
} from '../../common/pagination/keyset-cursor';
import { InstancesService } from '../instances/instances.service';
import {
  type CommentDto,
  type CommentPageDto,
  type CommentsQueryDto,
  type CreateCommentDto,
} from './dto/comment.dto';

const DEFAULT_LIMIT = 100;
const CURSOR_SHAPE = [TIMESTAMP_PATTERN, UUID_PATTERN];

interface CommentRow {
  id: string;
  instance_id: string;
  body: string;
  reply_to_id: string | null;
  created_at: Date;
  author_id: string;
  author_username: string;
  author_full_name: string;
  author_org_unit_id: string;
  author_org_unit_name: string;
  sort_key: string;
}

const SELECT_COMMENT = `
  SELECT c.id, c.instance_id, c.body, c.reply_to_id, c.created_at,
         u.id AS author_id, u.username AS author_username, u.full_name AS author_full_name,
         o.id AS author_org_unit_id, o.name AS author_org_unit_name,
         ${timestampKeySql('c.created_at')} AS sort_key
    FROM instance_comments c
    JOIN users u ON u.id = c.author_id
    JOIN org_units o ON o.id = c.author_org_unit_id`;

/**
 * The thread on every instance: the two-way exchange between the units an instance passes
 * through. Whoever may read the instance reads the thread, and officials among them may write to
 * it; comments are append-only (a trigger refuses UPDATE and DELETE) and stand outside the
 * workflow's history, so talking never moves the version a command acts on.
 */
@Injectable()
export class CommentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instances: InstancesService,
    private readonly clock: Clock,
  ) {}

  async list(
    user: AuthenticatedUser,
    instanceId: string,
    query: CommentsQueryDto,
  ): Promise<CommentPageDto> {
    await this.instances.findReadable(user, instanceId);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const params: unknown[] = [instanceId];
    let after = '';
    if (query.cursor) {
      const [at, id] = decodeKeysetCursor(query.cursor, CURSOR_SHAPE);
      params.push(at, id);
      after = `AND (c.created_at, c.id) > ($2::timestamptz, $3::uuid)`;
    }
    const rows = await this.dataSource.query<CommentRow[]>(
      `${SELECT_COMMENT} WHERE c.instance_id = $1 ${after}
        ORDER BY c.created_at, c.id LIMIT ${limit + 1}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toDto),
      nextCursor: rows.length > limit && last ? encodeKeysetCursor([last.sort_key, last.id]) : null,
    };
  }

  async add(
    user: AuthenticatedUser,
    instanceId: string,
    dto: CreateCommentDto,
  ): Promise<CommentDto> {
    await this.instances.findReadable(user, instanceId);
    if (!user.roles.includes('official')) {
      throw new ForbiddenError('Auditors and admins read the thread; officials write in it');
    }
    const body = dto.body.trim();
    if (!body) {
      throw new DomainError('validation-failed', 'A comment needs text', [
        { path: '/body', message: 'Empty' },
      ]);
    }
    if (dto.replyToId) {
      const [parent] = await this.dataSource.query<unknown[]>(
        `SELECT 1 FROM instance_comments WHERE id = $1 AND instance_id = $2`,
        [dto.replyToId, instanceId],
      );
      if (!parent) {
        throw new DomainError('validation-failed', 'No such comment on this instance', [
          { path: '/replyToId', message: 'Not a comment of this instance' },
        ]);
      }
    }
    const [{ id }] = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO instance_comments (instance_id, author_id, author_org_unit_id, reply_to_id, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [instanceId, user.id, user.orgUnitId, dto.replyToId ?? null, body, this.clock.now()],
    );
    const [row] = await this.dataSource.query<CommentRow[]>(`${SELECT_COMMENT} WHERE c.id = $1`, [
      id,
    ]);
    return toDto(row);
  }
}

function toDto(row: CommentRow): CommentDto {
  return {
    id: row.id,
    instanceId: row.instance_id,
    body: row.body,
    replyToId: row.reply_to_id,
    author: {
      id: row.author_id,
      username: row.author_username,
      fullName: row.author_full_name,
      orgUnitId: row.author_org_unit_id,
      orgUnitName: row.author_org_unit_name,
    },
    createdAt: row.created_at,
  };
}
