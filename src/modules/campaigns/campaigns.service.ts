import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertDispatcher, isDispatcher } from '../auth/dispatcher';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { Clock } from '../../common/clock/clock';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { endOfLocalDay } from '../../common/time/local-time';
import { isRealCalendarDate } from '../../common/validation/calendar-date';
import { AppConfigService } from '../../config/app-config.service';
import { DefinitionNotFoundError } from '../definitions/definitions.errors';
import { DefinitionsService } from '../definitions/definitions.service';
import { InstancesService, type PlannedStart } from '../instances/instances.service';
import { NotificationsService } from '../notifications/notifications.service';
import { progressOf, standingOf } from './campaign-standing';
import { campaignFileName, campaignWorkbook } from './campaign-workbook';
import { type CampaignRecord, CampaignsRepository } from './campaigns.repository';
import { ownEntry } from '../../workflows/engine/own-entry';
import {
  type CampaignCreatedDto,
  type CampaignDto,
  type CampaignItemDto,
  type CampaignSummaryDto,
  type CreateCampaignDto,
  type RemindersSentDto,
  type SendRemindersDto,
} from './dto/campaign.dto';

/**
 * Campaigns (đợt giao việc): one task sent from a directive's point to many units with one
 * calendar due date, followed up unit by unit, the late ones reminded (đôn đốc).
 */
@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instances: InstancesService,
    private readonly definitions: DefinitionsService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
    private readonly repository: CampaignsRepository,
  ) {}

  /**
   * Opens one instance per unit, all in one transaction: either every unit gets its task or none
   * does. The dispatcher opens them in the units' name, so no drafter check applies; each first
   * step is due at the end of the campaign's date.
   */
  async create(user: AuthenticatedUser, dto: CreateCampaignDto): Promise<CampaignCreatedDto> {
    assertDispatcher(user);
    if (!isRealCalendarDate(dto.dueDate)) {
      throw invalid('/dueDate', `${dto.dueDate} is not a calendar date`);
    }
    const now = this.clock.now();
    const dueAt = endOfLocalDay(dto.dueDate, this.config.get('TIMEZONE'));
    if (dueAt.getTime() <= now.getTime()) throw invalid('/dueDate', 'The due date has passed');
    await this.checkDirectivePoint(dto.directiveId ?? null, dto.point ?? null);

    const starts: PlannedStart[] = [];
    for (const [index, unitId] of dto.orgUnitIds.entries()) {
      try {
        starts.push(await this.instances.planStart(dto.definitionKey, unitId, {}));
      } catch (error) {
        if (error instanceof DefinitionNotFoundError) {
          throw invalid('/definitionKey', `No published workflow ${dto.definitionKey}`);
        }
        if (error instanceof DomainError && error.code === 'validation-failed') {
          throw invalid(`/orgUnitIds/${index}`, error.message);
        }
        throw error;
      }
    }
    const title = dto.title.trim();
    const unitNames = await this.repository.unitNames(this.dataSource.manager, dto.orgUnitIds);
    const id = await this.dataSource.transaction(async (manager) => {
      const campaignId = await this.repository.insert(manager, {
        directiveId: dto.directiveId ?? null,
        point: dto.point ?? null,
        definitionKey: dto.definitionKey,
        title,
        dueDate: dto.dueDate,
        dueAt,
        createdBy: user.id,
        createdAt: now,
      });
      for (const start of starts) {
        const instanceId = await this.instances.writeStart(
          manager,
          start,
          user,
          `${title} — ${unitNames.get(start.orgUnitId) ?? ''}`,
          now,
          dueAt,
        );
        await this.repository.addItem(manager, {
          campaignId,
          orgUnitId: start.orgUnitId,
          instanceId,
        });
      }
      return campaignId;
    });
    const items = await this.itemsOf([id]);
    return {
      id,
      instanceIds: items.map((item) => item.instanceId),
      items: items.map(withoutCampaignId),
    };
  }

  async list(user: AuthenticatedUser): Promise<CampaignSummaryDto[]> {
    this.assertMayFollow(user);
    const rows = await this.repository.list(this.dataSource.manager);
    return this.summaries(rows);
  }

  /** The campaigns of a directive, each with its progress and items (for the directive's page). */
  async ofDirective(
    directiveId: string,
  ): Promise<Array<CampaignSummaryDto & { items: CampaignItemDto[] }>> {
    const rows = await this.repository.ofDirective(this.dataSource.manager, directiveId);
    const items = await this.itemsOf(rows.map((row) => row.id));
    return rows.map((row) => {
      const own = items.filter((item) => item.campaignId === row.id);
      return { ...summary(row, own), items: own };
    });
  }

  /** The campaign's state as an `.xlsx` workbook, with its download name. */
  async export(
    user: AuthenticatedUser,
    id: string,
  ): Promise<{ fileName: string; content: Buffer }> {
    const campaign = await this.read(user, id);
    return {
      fileName: campaignFileName(campaign),
      content: await campaignWorkbook(campaign, this.config.get('TIMEZONE'), this.clock.now()),
    };
  }

  async read(user: AuthenticatedUser, id: string): Promise<CampaignDto> {
    this.assertMayFollow(user);
    const row = await this.findRow(id);
    const items = await this.itemsOf([id]);
    return {
      id: row.id,
      title: row.title,
      definitionKey: row.definitionKey,
      directiveId: row.directiveId,
      directiveSymbol: row.directiveSymbol,
      point: row.point,
      dueDate: row.dueDate,
      dueAt: row.dueAt,
      progress: progressOf(items.map((item) => item.standing)),
      items: items.map(withoutCampaignId),
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      lastRemindedAt: row.lastRemindedAt,
    };
  }

  /**
   * Đôn đốc: notifies the officials who hold the open step of each late (or each unfinished)
   * instance, and records the round. Every round notifies again; one round never twice.
   */
  async remind(
    user: AuthenticatedUser,
    id: string,
    dto: SendRemindersDto,
  ): Promise<RemindersSentDto> {
    assertDispatcher(user);
    const row = await this.findRow(id);
    const scope = dto.scope ?? 'overdue';
    const targets = (await this.itemsOf([id])).filter((item) =>
      scope === 'overdue'
        ? item.standing === 'overdue'
        : item.standing === 'overdue' ||
          item.standing === 'notStarted' ||
          item.standing === 'inProgress',
    );
    const roundId = randomUUID();
    const sentAt = this.clock.now();
    const message = dto.message?.trim() || null;
    const notified = await this.dataSource.transaction(async (manager) => {
      let count = 0;
      for (const item of targets) {
        const task = await this.repository.openStep(manager, item.instanceId);
        if (!task) continue;
        count += await this.notifications.notify(
          manager,
          { unitId: task.assigneeUnitId, capability: task.capability },
          {
            kind: 'campaign-reminder',
            instanceId: item.instanceId,
            taskId: task.id,
            dedupeKey: `campaign-reminder:${roundId}:${item.instanceId}`,
            facts: { state: task.state, dueAt: row.dueAt, comment: message },
          },
        );
      }
      await this.repository.addReminderRound(manager, {
        id: roundId,
        campaignId: id,
        scope,
        message,
        instanceCount: targets.length,
        sentBy: user.id,
        sentAt,
      });
      return count;
    });
    return {
      id: roundId,
      scope,
      instanceIds: targets.map((item) => item.instanceId),
      notified,
      sentAt,
    };
  }

  /** Admins, auditors and dispatchers follow campaigns; a unit follows its own task in its inbox. */
  assertMayFollow(user: AuthenticatedUser): void {
    if (!isDispatcher(user) && !user.roles.includes('auditor')) {
      throw new ForbiddenError('Only admins, auditors and dispatchers follow campaigns');
    }
  }

  async findRow(id: string): Promise<CampaignRecord> {
    const row = await this.repository.find(this.dataSource.manager, id);
    if (!row) throw new NotFoundError('Campaign', id);
    return row;
  }

  async itemsOf(
    campaignIds: readonly string[],
  ): Promise<Array<CampaignItemDto & { campaignId: string }>> {
    if (campaignIds.length === 0) return [];
    const rows = await this.repository.items(this.dataSource.manager, campaignIds);
    const now = this.clock.now();
    const items: Array<CampaignItemDto & { campaignId: string }> = [];
    for (const row of rows) {
      const { document } = await this.definitions.runnable(row.definitionId);
      items.push({
        campaignId: row.campaignId,
        instanceId: row.instanceId,
        orgUnitId: row.orgUnitId,
        orgUnitName: row.orgUnitName,
        state: row.state,
        stateTitle: ownEntry(document.states, row.state)?.title.vi ?? row.state,
        status: row.status,
        standing: standingOf({ status: row.status, version: row.version, dueAt: row.dueAt }, now),
        dueAt: row.dueAt,
        updatedAt: row.updatedAt,
      });
    }
    return items;
  }

  private async summaries(rows: readonly CampaignRecord[]): Promise<CampaignSummaryDto[]> {
    const items = await this.itemsOf(rows.map((row) => row.id));
    return rows.map((row) =>
      summary(
        row,
        items.filter((item) => item.campaignId === row.id),
      ),
    );
  }

  private async checkDirectivePoint(
    directiveId: string | null,
    point: number | null,
  ): Promise<void> {
    if (point !== null && directiveId === null) {
      throw invalid('/point', 'A point needs the directive it belongs to (directiveId)');
    }
    if (directiveId === null) return;
    const hasPoint = await this.repository.directiveHasPoint(
      this.dataSource.manager,
      directiveId,
      point ?? 0,
    );
    if (hasPoint === null) throw invalid('/directiveId', `No directive ${directiveId}`);
    if (point !== null && !hasPoint) {
      throw invalid('/point', `The directive has no point ${point}`);
    }
  }
}

function summary(
  row: CampaignRecord,
  items: ReadonlyArray<Pick<CampaignItemDto, 'standing'>>,
): CampaignSummaryDto {
  return {
    id: row.id,
    title: row.title,
    definitionKey: row.definitionKey,
    directiveId: row.directiveId,
    point: row.point,
    dueDate: row.dueDate,
    progress: progressOf(items.map((item) => item.standing)),
    createdAt: row.createdAt,
  };
}

function withoutCampaignId({
  campaignId: _campaignId,
  ...item
}: CampaignItemDto & { campaignId: string }): CampaignItemDto {
  return item;
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('validation-failed', message, [{ path, message }]);
}
