import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type BatchWrite } from '../../database/batch-write';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { type StepActors } from '../../workflows/engine/command-planner';
import { DigestsService } from '../heavy-work/digests.service';
import { type BrokenLink, type ChainedEventFields, verifyChain } from './hash-chain';
import { ReturnedNoticeDto } from './dto/returned-notice.dto';
import { type HistoryEvent } from './history-event.entity';
import { type ChainHead, HistoryRepository } from './history.repository';
import { ATTACHMENT_ADDED_EVENT, CREATED_EVENT, SEND_BACK_EVENTS } from './history-event-types';
import { type JsonObject } from '../../common/json/json.types';

export interface NewHistoryEvent {
  instanceId: string;
  /** The instance version this event brings it to (its position in the history). */
  seq: number;
  prevHash: string;
  type: string;
  fromState: string | null;
  toState: string;
  actor: { id: string; username: string; orgUnitId: string };
  onBehalfOfId?: string | null;
  data: JsonObject | null;
  comment: string | null;
  commandId: string | null;
  at: Date;
}

export interface VerifyReport {
  ok: boolean;
  /** Events checked. */
  checked: number;
  instances: number;
  firstBroken?: BrokenLink;
}

const VERIFY_BATCH = 5000;

@Injectable()
export class HistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: HistoryRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly digests: DigestsService,
  ) {}

  /**
   * For each instance whose last step was a return (or rejection) into the state it is in now:
   * who sent it back, when and why. Attachments added since do not hide it.
   */
  async returnedNotices(instanceIds: readonly string[]): Promise<Map<string, ReturnedNoticeDto>> {
    if (instanceIds.length === 0) return new Map();
    return this.repository.lastSendBacks(
      this.dataSource.manager,
      instanceIds,
      ATTACHMENT_ADDED_EVENT,
      SEND_BACK_EVENTS,
    );
  }

  /**
   * Who acted in each of `steps` of an instance, for four eyes: the actors and the delegators they
   * acted for, of every event recorded in those states (the creation counts for the initial one).
   * Undefined when no step is asked for, so callers pay a query only where four eyes apply.
   */
  async stepActors(
    manager: EntityManager,
    instanceId: string,
    steps: readonly string[],
  ): Promise<StepActors | undefined> {
    if (steps.length === 0) return undefined;
    // A campaign's dispatcher opens the instance for the unit but drafts nothing.
    const openedByDispatcher = await this.campaigns.isCampaignItem(manager, instanceId);
    return this.repository.actorsBySteps(
      manager,
      instanceId,
      steps,
      openedByDispatcher ? CREATED_EVENT : null,
    );
  }

  /** Appends one chained event inside the caller's transaction and returns its hash. */
  async append(manager: EntityManager, event: NewHistoryEvent): Promise<string> {
    const fields = chainedFields(event);
    // The search text is derived for audit search, outside the hash: the chain covers what was
    // said, not this. Both off the event loop for a big document.
    const { hash, searchText } = await this.digests.historyDigest(fields, event.comment);
    await this.repository.insert(manager, fields, hash, searchText);
    return hash;
  }

  /**
   * Adds events to a batch write (each `prevHash` already chained by the caller) and returns
   * their hashes in order; they are written when the batch runs.
   */
  async appendPart(write: BatchWrite, events: readonly NewHistoryEvent[]): Promise<string[]> {
    const rows = await Promise.all(
      events.map(async (event) => {
        const fields = chainedFields(event);
        return { fields, ...(await this.digests.historyDigest(fields, event.comment)) };
      }),
    );
    if (rows.length > 0) this.repository.insertManyPart(write, rows);
    return rows.map((row) => row.hash);
  }

  list(instanceId: string): Promise<HistoryEvent[]> {
    return this.repository.listByInstance(this.dataSource.manager, instanceId);
  }

  /**
   * The `sha256` the upload event at `seq` vouches for (not the attachment row's copy), or null
   * when there is no such event.
   */
  uploadedSha256(manager: EntityManager, instanceId: string, seq: number): Promise<string | null> {
    return this.repository.recordedSha256(manager, instanceId, seq, ATTACHMENT_ADDED_EVENT);
  }

  /**
   * Verifies every instance's chain (or one instance's), in batches of instances so memory stays
   * bounded however large the store. Stops at the first broken link.
   */
  async verify(instanceId?: string): Promise<VerifyReport> {
    let checked = 0;
    let instances = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const manager = this.dataSource.manager;
      const heads: ChainHead[] = instanceId
        ? await this.repository.headOf(manager, instanceId)
        : await this.repository.headsAfter(manager, after, VERIFY_BATCH / 10);
      if (heads.length === 0) break;
      const events = await this.repository.listByInstances(
        manager,
        heads.map((h) => h.id),
      );
      const byInstance = new Map<string, HistoryEvent[]>();
      for (const event of events) {
        const list = byInstance.get(event.instanceId) ?? [];
        list.push(event);
        byInstance.set(event.instanceId, list);
      }
      for (const head of heads) {
        const chain = byInstance.get(head.id) ?? [];
        checked += chain.length;
        instances += 1;
        const broken = verifyChain(head.id, chain, {
          hash: head.historyHead,
          version: head.version,
        });
        if (broken) return { ok: false, checked, instances, firstBroken: broken };
      }
      if (instanceId) break;
      after = heads[heads.length - 1].id;
    }
    return { ok: true, checked, instances };
  }
}

function chainedFields(event: NewHistoryEvent): ChainedEventFields {
  return {
    instanceId: event.instanceId,
    seq: event.seq,
    type: event.type,
    fromState: event.fromState,
    toState: event.toState,
    actorId: event.actor.id,
    actorUsername: event.actor.username,
    actorOrgUnitId: event.actor.orgUnitId,
    onBehalfOfId: event.onBehalfOfId ?? null,
    data: event.data,
    comment: event.comment,
    commandId: event.commandId,
    at: event.at,
    prevHash: event.prevHash,
  };
}
