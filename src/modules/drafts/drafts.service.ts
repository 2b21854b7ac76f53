import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { DefinitionsService } from '../definitions/definitions.service';
import { InstancesService } from '../instances/instances.service';
import { type DraftDto, type SaveDraftDto } from './dto/draft.dto';
import { type JsonObject } from '../../common/json/json.types';

const MAX_DRAFTS_LISTED = 200;

interface DraftRow {
  instance_id: string;
  event_type: string;
  data: JsonObject;
  comment: string | null;
  instance_version: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * Form data kept without submitting, one draft per user, instance and event. A draft is kept as
 * typed, whatever its state (rows half filled, required fields missing, a number still being
 * typed as text): what someone typed is never refused, only a body over the size limit (413 from
 * the body parser). The form is validated when the command is sent. A draft is dropped when its
 * author's command for that event applies.
 */
@Injectable()
export class DraftsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instances: InstancesService,
    private readonly definitions: DefinitionsService,
    private readonly clock: Clock,
  ) {}

  async save(user: AuthenticatedUser, instanceId: string, dto: SaveDraftDto): Promise<DraftDto> {
    if (!user.roles.includes('official')) throw new ForbiddenError('Only officials keep drafts');
    const instance = await this.instances.findReadable(user, instanceId);
    if (instance.status !== 'active') {
      throw new DomainError('conflict', `The instance is ${instance.status}; nothing to draft`);
    }
    const definition = await this.definitions.runnable(instance.definitionId);
    const spec = definition.document.events[dto.eventType];
    if (!spec) {
      throw new DomainError(
        'validation-failed',
        `${dto.eventType} is not an event of this workflow`,
        [
          {
            path: '/eventType',
            message: `Events: ${Object.keys(definition.document.events).join(', ')}`,
          },
        ],
      );
    }
    const data = (dto.data ?? {}) as JsonObject;
    const now = this.clock.now();
    const [row] = await this.dataSource.query<DraftRow[]>(
      `INSERT INTO form_drafts (user_id, instance_id, event_type, data, comment, instance_version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       ON CONFLICT (user_id, instance_id, event_type) DO UPDATE
         SET data = EXCLUDED.data, comment = EXCLUDED.comment,
             instance_version = EXCLUDED.instance_version, updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [user.id, instance.id, dto.eventType, data, dto.comment ?? null, instance.version, now],
    );
    return toDto(row);
  }

  async get(user: AuthenticatedUser, instanceId: string, eventType: string): Promise<DraftDto> {
    await this.instances.findReadable(user, instanceId);
    const [row] = await this.dataSource.query<DraftRow[]>(
      `SELECT * FROM form_drafts WHERE user_id = $1 AND instance_id = $2 AND event_type = $3`,
      [user.id, instanceId, eventType],
    );
    if (!row) throw new NotFoundError('Draft', `${instanceId}/${eventType}`);
    return toDto(row);
  }

  /** The caller's drafts on every instance, latest first: work left half done. */
  async listMine(user: AuthenticatedUser): Promise<DraftDto[]> {
    const rows = await this.dataSource.query<DraftRow[]>(
      `SELECT * FROM form_drafts WHERE user_id = $1 ORDER BY updated_at DESC LIMIT ${MAX_DRAFTS_LISTED}`,
      [user.id],
    );
    return rows.map(toDto);
  }

  async remove(user: AuthenticatedUser, instanceId: string, eventType: string): Promise<void> {
    await this.instances.findReadable(user, instanceId);
    await this.discard(this.dataSource.manager, user.id, instanceId, eventType);
  }

  /** Drops a draft inside the caller's transaction (the command that submits it). */
  async discard(
    manager: EntityManager,
    userId: string,
    instanceId: string,
    eventType: string,
  ): Promise<void> {
    await manager.query(
      `DELETE FROM form_drafts WHERE user_id = $1 AND instance_id = $2 AND event_type = $3`,
      [userId, instanceId, eventType],
    );
  }
}

function toDto(row: DraftRow): DraftDto {
  return {
    instanceId: row.instance_id,
    eventType: row.event_type,
    data: row.data,
    comment: row.comment,
    instanceVersion: row.instance_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
