import { Injectable } from '@nestjs/common';
import { type BatchWrite } from '../../database/batch-write';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { DefinitionsService } from '../definitions/definitions.service';
import { InstancesService } from '../instances/instances.service';
import { type DraftDto, type SaveDraftDto } from './dto/draft.dto';
import { type JsonObject } from '../../common/json/json.types';
import { DraftsRepository } from './drafts.repository';

const MAX_DRAFTS_LISTED = 200;

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
    private readonly repository: DraftsRepository,
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
    return this.repository.upsert(
      this.dataSource.manager,
      user.id,
      {
        instanceId: instance.id,
        eventType: dto.eventType,
        data,
        comment: dto.comment ?? null,
        instanceVersion: instance.version,
      },
      this.clock.now(),
    );
  }

  async get(user: AuthenticatedUser, instanceId: string, eventType: string): Promise<DraftDto> {
    await this.instances.findReadable(user, instanceId);
    const draft = await this.repository.find(
      this.dataSource.manager,
      user.id,
      instanceId,
      eventType,
    );
    if (!draft) throw new NotFoundError('Draft', `${instanceId}/${eventType}`);
    return draft;
  }

  /** The caller's drafts on every instance, latest first: work left half done. */
  async listMine(user: AuthenticatedUser): Promise<DraftDto[]> {
    return this.repository.listByUser(this.dataSource.manager, user.id, MAX_DRAFTS_LISTED);
  }

  async remove(user: AuthenticatedUser, instanceId: string, eventType: string): Promise<void> {
    await this.instances.findReadable(user, instanceId);
    await this.discard(this.dataSource.manager, user.id, instanceId, eventType);
  }

  /** {@link discard} of many drafts, added to a batch write. */
  discardPart(
    write: BatchWrite,
    drafts: ReadonlyArray<{ userId: string; instanceId: string; eventType: string }>,
  ): void {
    if (drafts.length > 0) this.repository.deletePart(write, drafts);
  }

  /** Drops a draft inside the caller's transaction (the command that submits it). */
  async discard(
    manager: EntityManager,
    userId: string,
    instanceId: string,
    eventType: string,
  ): Promise<void> {
    await this.repository.delete(manager, userId, instanceId, eventType);
  }
}
