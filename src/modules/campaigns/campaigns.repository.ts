import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { affectedRows } from '../../database/affected-rows';

/** A campaign as recorded. */
export interface CampaignRecord {
  id: string;
  title: string;
  definitionKey: string;
  directiveId: string | null;
  directiveSymbol: string | null;
  point: number | null;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  dueAt: Date;
  createdBy: string;
  createdAt: Date;
  lastRemindedAt: Date | null;
}

/** A unit's instance of a campaign, as it stands. */
export interface CampaignItemRecord {
  campaignId: string;
  instanceId: string;
  orgUnitId: string;
  orgUnitName: string;
  definitionId: string;
  state: string;
  status: string;
  version: number;
  updatedAt: Date;
  dueAt: Date;
}

export interface NewCampaign {
  directiveId: string | null;
  point: number | null;
  definitionKey: string;
  title: string;
  dueDate: string;
  dueAt: Date;
  createdBy: string;
  createdAt: Date;
}

/** The open step of an instance a reminder goes to. */
export interface OpenStepRecord {
  id: string;
  state: string;
  assigneeUnitId: string;
  capability: string | null;
}

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

/** The one place `campaigns`, `campaign_items` and `campaign_reminders` are read and written. */
@Injectable()
export class CampaignsRepository {
  /** Every campaign, newest first. */
  async list(manager: EntityManager): Promise<CampaignRecord[]> {
    const rows = await manager.query<CampaignRow[]>(
      `${SELECT_CAMPAIGN} ORDER BY c.created_at DESC, c.id`,
    );
    return rows.map(toCampaign);
  }

  /** The campaigns of a directive, oldest first. */
  async ofDirective(manager: EntityManager, directiveId: string): Promise<CampaignRecord[]> {
    const rows = await manager.query<CampaignRow[]>(
      `${SELECT_CAMPAIGN} WHERE c.directive_id = $1 ORDER BY c.created_at, c.id`,
      [directiveId],
    );
    return rows.map(toCampaign);
  }

  async find(manager: EntityManager, id: string): Promise<CampaignRecord | null> {
    const [row] = await manager.query<CampaignRow[]>(`${SELECT_CAMPAIGN} WHERE c.id = $1`, [id]);
    return row ? toCampaign(row) : null;
  }

  /** {@link isCampaignItem} as a SQL condition, for a caller's own statement. */
  static isCampaignItemSql(instanceId: string): string {
    return `EXISTS (SELECT 1 FROM campaign_items ci WHERE ci.instance_id = ${instanceId})`;
  }

  /**
   * Whether the instance was opened by a campaign's dispatcher (for a unit) rather than by a
   * drafter: four eyes then leaves its creation out, since the dispatcher drafted nothing.
   */
  async isCampaignItem(manager: EntityManager, instanceId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM campaign_items WHERE instance_id = $1 LIMIT 1`,
      [instanceId],
    );
    return rows.length > 0;
  }

  /** The items of the campaigns, by unit name. */
  async items(
    manager: EntityManager,
    campaignIds: readonly string[],
  ): Promise<CampaignItemRecord[]> {
    const rows = await manager.query<ItemRow[]>(
      `SELECT ci.campaign_id, ci.instance_id, ci.org_unit_id, o.name AS org_unit_name,
              i.definition_id, i.state, i.status, i.version, i.updated_at, c.due_at
         FROM campaign_items ci
         JOIN campaigns c ON c.id = ci.campaign_id
         JOIN workflow_instances i ON i.id = ci.instance_id
         JOIN org_units o ON o.id = ci.org_unit_id
        WHERE ci.campaign_id = ANY($1::uuid[])
        ORDER BY o.name, ci.org_unit_id`,
      [campaignIds],
    );
    return rows.map((row) => ({
      campaignId: row.campaign_id,
      instanceId: row.instance_id,
      orgUnitId: row.org_unit_id,
      orgUnitName: row.org_unit_name,
      definitionId: row.definition_id,
      state: row.state,
      status: row.status,
      version: row.version,
      updatedAt: row.updated_at,
      dueAt: row.due_at,
    }));
  }

  async unitNames(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await manager.query<Array<{ id: string; name: string }>>(
      `SELECT id, name FROM org_units WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((unit) => [unit.id, unit.name]));
  }

  /**
   * Whether the directive exists (null when not) and has point `point`. Read here rather than
   * through the directives module, which depends on this one for a directive's campaigns.
   */
  async directiveHasPoint(
    manager: EntityManager,
    directiveId: string,
    point: number,
  ): Promise<boolean | null> {
    const [found] = await manager.query<Array<{ has_point: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM directive_points WHERE directive_id = d.id AND no = $2)
                AS has_point
         FROM directives d WHERE d.id = $1`,
      [directiveId, point],
    );
    return found ? found.has_point : null;
  }

  /** @returns the new campaign's id */
  async insert(manager: EntityManager, campaign: NewCampaign): Promise<string> {
    const [row] = await manager.query<Array<{ id: string }>>(
      `INSERT INTO campaigns (directive_id, point, definition_key, title, due_date, due_at,
                              created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        campaign.directiveId,
        campaign.point,
        campaign.definitionKey,
        campaign.title,
        campaign.dueDate,
        campaign.dueAt,
        campaign.createdBy,
        campaign.createdAt,
      ],
    );
    return row.id;
  }

  async addItem(
    manager: EntityManager,
    item: { campaignId: string; orgUnitId: string; instanceId: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO campaign_items (campaign_id, org_unit_id, instance_id) VALUES ($1, $2, $3)`,
      [item.campaignId, item.orgUnitId, item.instanceId],
    );
  }

  /**
   * A unit handover: campaign items follow their case while it runs, unless the successor already
   * answers for that campaign (those stay, counted as kept); finished items keep the unit that did
   * the work.
   */
  async followRunningCasesToUnit(
    manager: EntityManager,
    fromId: string,
    toId: string,
  ): Promise<{ moved: number; kept: number }> {
    const moved = await affectedRows(
      manager,
      `UPDATE campaign_items c SET org_unit_id = $2
         FROM workflow_instances i
        WHERE c.org_unit_id = $1 AND i.id = c.instance_id AND i.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM campaign_items o
                           WHERE o.campaign_id = c.campaign_id AND o.org_unit_id = $2)`,
      [fromId, toId],
    );
    const [{ kept }] = await manager.query<Array<{ kept: number }>>(
      `SELECT count(*)::int AS kept FROM campaign_items c JOIN workflow_instances i ON i.id = c.instance_id
        WHERE c.org_unit_id = $1 AND i.status = 'active'`,
      [fromId],
    );
    return { moved, kept };
  }

  /** The newest open step of the instance, if any. */
  async openStep(manager: EntityManager, instanceId: string): Promise<OpenStepRecord | null> {
    const [task] = await manager.query<
      Array<{ id: string; state: string; assignee_unit_id: string; capability: string | null }>
    >(
      `SELECT id, state, assignee_unit_id, capability FROM workflow_tasks
        WHERE instance_id = $1 AND status = 'open' AND kind = 'step'
        ORDER BY created_at DESC LIMIT 1`,
      [instanceId],
    );
    return task
      ? {
          id: task.id,
          state: task.state,
          assigneeUnitId: task.assignee_unit_id,
          capability: task.capability,
        }
      : null;
  }

  async addReminderRound(
    manager: EntityManager,
    round: {
      id: string;
      campaignId: string;
      scope: string;
      message: string | null;
      instanceCount: number;
      sentBy: string;
      sentAt: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO campaign_reminders (id, campaign_id, scope, message, instance_count, sent_by, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        round.id,
        round.campaignId,
        round.scope,
        round.message,
        round.instanceCount,
        round.sentBy,
        round.sentAt,
      ],
    );
  }
}

function toCampaign(row: CampaignRow): CampaignRecord {
  return {
    id: row.id,
    title: row.title,
    definitionKey: row.definition_key,
    directiveId: row.directive_id,
    directiveSymbol: row.directive_symbol,
    point: row.point,
    dueDate: row.due_date,
    dueAt: row.due_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastRemindedAt: row.last_reminded_at,
  };
}
