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
import {
  type CampaignCreatedDto,
  type CampaignDto,
  type CampaignItemDto,
  type CampaignSummaryDto,
  type CreateCampaignDto,
  type RemindersSentDto,
  type SendRemindersDto,
} from './dto/campaign.dto';

interface CampaignRow {
  id: string;
  title: string;
  definition_key: string;
  directive_id: string | null;
  directive_symbol: string | null;
  point: number | null;
  due_date: string;
  due_at: Date;
  created_by: string;
  created_at: Date;
  last_reminded_at: Date | null;
}

interface ItemRow {
  campaign_id: string;
  instance_id: string;
  org_unit_id: string;
  org_unit_name: string;
  definition_id: string;
  state: string;
  status: string;
  version: number;
  updated_at: Date;
  due_at: Date;
}

const SELECT_CAMPAIGN = `
  SELECT c.id, c.title, c.definition_key, c.directive_id, d.symbol AS directive_symbol, c.point,
         to_char(c.due_date, 'YYYY-MM-DD') AS due_date, c.due_at, c.created_by, c.created_at,
         (SELECT max(r.sent_at) FROM campaign_reminders r WHERE r.campaign_id = c.id)
           AS last_reminded_at
    FROM campaigns c LEFT JOIN directives d ON d.id = c.directive_id`;

const SELECT_ITEMS = `
  SELECT ci.campaign_id, ci.instance_id, ci.org_unit_id, o.name AS org_unit_name,
         i.definition_id, i.state, i.status, i.version, i.updated_at, c.due_at
    FROM campaign_items ci
    JOIN campaigns c ON c.id = ci.campaign_id
    JOIN workflow_instances i ON i.id = ci.instance_id
    JOIN org_units o ON o.id = ci.org_unit_id
   WHERE ci.campaign_id = ANY($1::uuid[])
   ORDER BY o.name, ci.org_unit_id`;

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
    const unitNames = new Map(
      (
        await this.dataSource.query<Array<{ id: string; name: string }>>(
          `SELECT id, name FROM org_units WHERE id = ANY($1::uuid[])`,
          [dto.orgUnitIds],
        )
      ).map((unit) => [unit.id, unit.name]),
    );
    const id = await this.dataSource.transaction(async (manager) => {
      const [campaign] = await manager.query<Array<{ id: string }>>(
        `INSERT INTO campaigns (directive_id, point, definition_key, title, due_date, due_at,
                                created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          dto.directiveId ?? null,
          dto.point ?? null,
          dto.definitionKey,
          title,
          dto.dueDate,
          dueAt,
          user.id,
          now,
        ],
      );
      for (const start of starts) {
        const instanceId = await this.instances.writeStart(
          manager,
          start,
          user,
          `${title} — ${unitNames.get(start.orgUnitId) ?? ''}`,
          now,
          dueAt,
        );
        await manager.query(
          `INSERT INTO campaign_items (campaign_id, org_unit_id, instance_id) VALUES ($1, $2, $3)`,
          [campaign.id, start.orgUnitId, instanceId],
        );
      }
      return campaign.id;
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
    const rows = await this.dataSource.query<CampaignRow[]>(
      `${SELECT_CAMPAIGN} ORDER BY c.created_at DESC, c.id`,
    );
    return this.summaries(rows);
  }

  /** The campaigns of a directive, each with its progress and items (for the directive's page). */
  async ofDirective(
    directiveId: string,
  ): Promise<Array<CampaignSummaryDto & { items: CampaignItemDto[] }>> {
    const rows = await this.dataSource.query<CampaignRow[]>(
      `${SELECT_CAMPAIGN} WHERE c.directive_id = $1 ORDER BY c.created_at, c.id`,
      [directiveId],
    );
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
      definitionKey: row.definition_key,
      directiveId: row.directive_id,
      directiveSymbol: row.directive_symbol,
      point: row.point,
      dueDate: row.due_date,
      dueAt: row.due_at,
      progress: progressOf(items.map((item) => item.standing)),
      items: items.map(withoutCampaignId),
      createdBy: row.created_by,
      createdAt: row.created_at,
      lastRemindedAt: row.last_reminded_at,
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
        const [task] = await manager.query<
          Array<{ id: string; state: string; assignee_unit_id: string; capability: string | null }>
        >(
          `SELECT id, state, assignee_unit_id, capability FROM workflow_tasks
            WHERE instance_id = $1 AND status = 'open' AND kind = 'step'
            ORDER BY created_at DESC LIMIT 1`,
          [item.instanceId],
        );
        if (!task) continue;
        count += await this.notifications.notify(
          manager,
          { unitId: task.assignee_unit_id, capability: task.capability },
          {
            kind: 'campaign-reminder',
            instanceId: item.instanceId,
            taskId: task.id,
            dedupeKey: `campaign-reminder:${roundId}:${item.instanceId}`,
            facts: { state: task.state, dueAt: row.due_at, comment: message },
          },
        );
      }
      await manager.query(
        `INSERT INTO campaign_reminders (id, campaign_id, scope, message, instance_count, sent_by, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [roundId, id, scope, message, targets.length, user.id, sentAt],
      );
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

  async findRow(id: string): Promise<CampaignRow> {
    const [row] = await this.dataSource.query<CampaignRow[]>(`${SELECT_CAMPAIGN} WHERE c.id = $1`, [
      id,
    ]);
    if (!row) throw new NotFoundError('Campaign', id);
    return row;
  }

  async itemsOf(
    campaignIds: readonly string[],
  ): Promise<Array<CampaignItemDto & { campaignId: string }>> {
    if (campaignIds.length === 0) return [];
    const rows = await this.dataSource.query<ItemRow[]>(SELECT_ITEMS, [campaignIds]);
    const now = this.clock.now();
    const items: Array<CampaignItemDto & { campaignId: string }> = [];
    for (const row of rows) {
      const { document } = await this.definitions.runnable(row.definition_id);
      items.push({
        campaignId: row.campaign_id,
        instanceId: row.instance_id,
        orgUnitId: row.org_unit_id,
        orgUnitName: row.org_unit_name,
        state: row.state,
        stateTitle: document.states[row.state]?.title.vi ?? row.state,
        status: row.status,
        standing: standingOf({ status: row.status, version: row.version, dueAt: row.due_at }, now),
        dueAt: row.due_at,
        updatedAt: row.updated_at,
      });
    }
    return items;
  }

  private async summaries(rows: readonly CampaignRow[]): Promise<CampaignSummaryDto[]> {
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
    const [found] = await this.dataSource.query<Array<{ has_point: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM directive_points WHERE directive_id = d.id AND no = $2)
                AS has_point
         FROM directives d WHERE d.id = $1`,
      [directiveId, point ?? 0],
    );
    if (!found) throw invalid('/directiveId', `No directive ${directiveId}`);
    if (point !== null && !found.has_point) {
      throw invalid('/point', `The directive has no point ${point}`);
    }
  }
}

function summary(
  row: CampaignRow,
  items: ReadonlyArray<Pick<CampaignItemDto, 'standing'>>,
): CampaignSummaryDto {
  return {
    id: row.id,
    title: row.title,
    definitionKey: row.definition_key,
    directiveId: row.directive_id,
    point: row.point,
    dueDate: row.due_date,
    progress: progressOf(items.map((item) => item.standing)),
    createdAt: row.created_at,
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
