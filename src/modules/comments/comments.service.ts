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
  UUID_PATTERN,
} from '../../common/pagination/keyset-cursor';
import { InstancesService } from '../instances/instances.service';
import {
  type CommentDto,
  type CommentPageDto,
  type CommentsQueryDto,
  type CreateCommentDto,
} from './dto/comment.dto';
import { CommentsRepository, type InstanceComment } from './comments.repository';

const DEFAULT_LIMIT = 100;
const CURSOR_SHAPE = [TIMESTAMP_PATTERN, UUID_PATTERN];

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
    private readonly repository: CommentsRepository,
  ) {}

  async list(
    user: AuthenticatedUser,
    instanceId: string,
    query: CommentsQueryDto,
  ): Promise<CommentPageDto> {
    await this.instances.findReadable(user, instanceId);
    const limit = query.limit ?? DEFAULT_LIMIT;
    let after: { at: string; id: string } | null = null;
    if (query.cursor) {
      const [at, id] = decodeKeysetCursor(query.cursor, CURSOR_SHAPE);
      after = { at, id };
    }
    const rows = await this.repository.listByInstance(
      this.dataSource.manager,
      instanceId,
      after,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toDto),
      nextCursor: rows.length > limit && last ? encodeKeysetCursor([last.sortKey, last.id]) : null,
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
      if (
        !(await this.repository.existsOnInstance(
          this.dataSource.manager,
          dto.replyToId,
          instanceId,
        ))
      ) {
        throw new DomainError('validation-failed', 'No such comment on this instance', [
          { path: '/replyToId', message: 'Not a comment of this instance' },
        ]);
      }
    }
    const comment = await this.repository.insert(this.dataSource.manager, {
      instanceId,
      authorId: user.id,
      authorOrgUnitId: user.orgUnitId,
      replyToId: dto.replyToId ?? null,
      body,
      createdAt: this.clock.now(),
    });
    return toDto(comment);
  }
}

function toDto(comment: InstanceComment): CommentDto {
  return {
    id: comment.id,
    instanceId: comment.instanceId,
    body: comment.body,
    replyToId: comment.replyToId,
    author: comment.author,
    createdAt: comment.createdAt,
  };
}
