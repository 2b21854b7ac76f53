import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { DomainError, NotFoundError } from '../../common/errors/domain-error';
import { AdminHistoryService } from '../admin-history/admin-history.service';
import { type OrgUnitDto, type OrgUnitKindDto } from '../org-units/dto/org-unit.dto';
import { type OrgUnit } from '../org-units/org-unit.entity';
import { type OrgUnitKind } from '../org-units/org-unit-kind.entity';
import { OrgUnitsRepository } from '../org-units/org-units.repository';
import { OrgUnitsService } from '../org-units/org-units.service';
import {
  type CreateOrgUnitDto,
  type CreateOrgUnitKindDto,
  type UpdateOrgUnitDto,
} from './dto/admin-org.dto';
import { type JsonObject } from '../../common/json/json.types';
import { Clock } from '../../common/clock/clock';
import { UNIT_HANDED_OVER_EVENT } from '../history/history-event-types';
import { HistoryService } from '../history/history.service';
import { InstancesRepository } from '../instances/instances.repository';
import { ActiveUsersCache } from '../users/active-users.cache';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { DocumentsRepository } from '../documents/documents.repository';
import { InboxViewsRepository } from '../inbox/inbox-views.repository';
import { TasksRepository } from '../tasks/tasks.repository';
import { CopiesRepository } from '../copies/copies.repository';
import { UserPostsRepository } from '../users/user-posts.repository';
import { UsersRepository } from '../users/users.repository';
import {
  type MergeOrgUnitDto,
  type RetireOrgUnitDto,
  type UnitHandoverDto,
  type UnitHandoverStepDto,
} from './dto/admin-org.dto';

/** What one unit's handover moved, counted for the audit record and the answer. */
type HandoverCounts = Omit<
  UnitHandoverStepDto,
  'fromId' | 'fromSlug' | 'toId' | 'outcome' | 'historyEvents'
>;

/** What still hangs on a unit, for refusing a retirement that names no successor. */
interface OpenWork {
  openTasks: number;
  activeInstances: number;
  activeUsers: number;
  activeSubUnits: number;
}

/**
 * Admin changes to the organisation: unit kinds and units. Every change is checked against the
 * tree as it stands inside the transaction, recorded in the admin audit store in that same
 * transaction, and drops this process's cached directory once committed.
 */
@Injectable()
export class AdminOrgService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orgUnits: OrgUnitsService,
    private readonly units: OrgUnitsRepository,
    private readonly audit: AdminHistoryService,
    private readonly history: HistoryService,
    private readonly instanceRows: InstancesRepository,
    private readonly tasks: TasksRepository,
    private readonly campaignItems: CampaignsRepository,
    private readonly users: UsersRepository,
    private readonly posts: UserPostsRepository,
    private readonly inboxViews: InboxViewsRepository,
    private readonly registers: DocumentsRepository,
    private readonly copies: CopiesRepository,
    private readonly activeUsers: ActiveUsersCache,
    private readonly clock: Clock,
  ) {}

  /**
   * Merges a unit into another (sáp nhập) in one audited step: its sub-units are merged into the
   * successor's of the same kind (and slug ending, when a kind repeats) or moved under it, and
   * for each merged unit the open tasks, running cases (with their campaign items), active users,
   * posts and shared inbox views go to the successor; every case touched records a
   * UNIT_HANDED_OVER event in its history. Registers close as they stand: a successor body keeps
   * numbering its own documents. The unit is kept, retired, so its past still names it.
   */
  merge(actor: AuthenticatedUser, id: string, dto: MergeOrgUnitDto): Promise<UnitHandoverDto> {
    return this.reorganise(actor, 'merge', id, dto.intoId, '/intoId', dto.comment ?? null);
  }

  /**
   * Retires a unit (giải thể). With `handOverToId` its open work goes there as for a merge; without,
   * only a unit with nothing open may go (409 listing what is still open).
   */
  async retire(
    actor: AuthenticatedUser,
    id: string,
    dto: RetireOrgUnitDto,
  ): Promise<UnitHandoverDto> {
    if (dto.handOverToId !== undefined) {
      return this.reorganise(
        actor,
        'retire',
        id,
        dto.handOverToId,
        '/handOverToId',
        dto.comment ?? null,
      );
    }
    return this.changeTree(async (manager) => {
      const unit = await this.activeUnit(manager, id);
      const open = await this.openWork(manager, id);
      const blocking = (Object.keys(open) as Array<keyof OpenWork>)
        .map((what) => [what, open[what]] as const)
        .filter(([, count]) => count > 0);
      if (blocking.length > 0) {
        throw new DomainError(
          'conflict',
          `Unit ${unit.slug} still has open work: name a unit to hand it to (handOverToId)`,
          blocking.map(([what, count]) => ({
            path: '/handOverToId',
            message: `${count} ${what}`,
            what,
            count,
          })),
        );
      }
      const at = this.clock.now();
      await this.units.retire(manager, id, null, at);
      await this.audit.record(manager, actor, {
        action: 'org-unit.retire',
        targetType: 'org-unit',
        targetId: id,
        before: handoverSnapshot(unit, null),
        after: { ...handoverSnapshot(unit, at), comment: dto.comment ?? null, steps: [] },
      });
      return { action: 'retire', unitId: id, intoId: null, retiredAt: at.toISOString(), steps: [] };
    });
  }

  private async reorganise(
    actor: AuthenticatedUser,
    action: 'merge' | 'retire',
    id: string,
    intoId: string,
    path: string,
    comment: string | null,
  ): Promise<UnitHandoverDto> {
    const stale = new Set<string>();
    const result = await this.changeTree(async (manager) => {
      const source = await this.activeUnit(manager, id);
      const target = await this.units.findById(manager, intoId);
      if (!target) throw invalid(path, `Unknown unit ${intoId}`);
      if (target.retiredAt !== null)
        throw invalid(path, `Unit ${target.slug} was merged or retired`);
      if (await this.units.isWithin(manager, target.id, source.id)) {
        throw invalid(path, 'Work cannot go to the unit itself or one of its sub-units');
      }
      const at = this.clock.now();
      const steps: UnitHandoverStepDto[] = [];
      await this.handOver(manager, actor, {
        source,
        target,
        at,
        action,
        comment,
        steps,
        stale,
        top: true,
      });
      // The top unit of a retirement hands its work over without becoming part of the successor.
      if (action === 'retire') await this.units.retire(manager, source.id, null, at);
      await this.audit.record(manager, actor, {
        action: `org-unit.${action}`,
        targetType: 'org-unit',
        targetId: id,
        before: handoverSnapshot(source, null),
        after: {
          ...handoverSnapshot(source, at),
          intoId: target.id,
          comment,
          steps: steps.map((step) => ({ ...step })),
        },
      });
      return {
        action,
        unitId: id,
        intoId: target.id,
        retiredAt: at.toISOString(),
        steps,
      } satisfies UnitHandoverDto;
    });
    for (const userId of stale) this.activeUsers.forget(userId);
    return result;
  }

  /** One unit's handover, its sub-units first so their work lands at their counterparts. */
  private async handOver(
    manager: EntityManager,
    actor: AuthenticatedUser,
    step: {
      source: OrgUnit;
      target: OrgUnit;
      at: Date;
      action: 'merge' | 'retire';
      comment: string | null;
      steps: UnitHandoverStepDto[];
      stale: Set<string>;
      /** The unit the admin named, not one of its sub-units. */
      top: boolean;
    },
  ): Promise<void> {
    const { source, target, at, steps } = step;
    const here = steps.length;
    const children = await this.units.activeChildren(manager, source.id);
    const theirs = await this.units.activeChildren(manager, target.id);
    for (const child of children) {
      const counterpart = counterpartOf(child, children, theirs);
      if (counterpart) {
        await this.handOver(manager, actor, {
          ...step,
          source: child,
          target: counterpart,
          top: false,
        });
      } else {
        await this.units.moveUnder(manager, child.id, target.id);
        steps.push({
          ...NOTHING_MOVED,
          fromId: child.id,
          fromSlug: child.slug,
          toId: target.id,
          outcome: 'moved',
        });
      }
    }
    for (const userId of await this.posts.usersOf(manager, source.id)) step.stale.add(userId);
    const cases = await this.instanceRows.lockActiveTouching(manager, source.id);
    const counts = await this.moveWork(manager, source.id, target.id);
    for (const instance of cases) {
      const seq = instance.version + 1;
      const head = await this.history.append(manager, {
        instanceId: instance.id,
        seq,
        prevHash: instance.historyHead,
        type: UNIT_HANDED_OVER_EVENT,
        fromState: instance.state,
        toState: instance.state,
        actor,
        data: {
          reason: step.action,
          fromUnitId: source.id,
          fromUnitName: source.name,
          toUnitId: target.id,
          toUnitName: target.name,
          caseMoved: instance.caseMoved,
        },
        comment: step.comment,
        commandId: null,
        at,
      });
      await this.instanceRows.advanceHead(manager, instance.id, seq, head, at);
    }
    // A sub-unit (or a merge's top unit) becomes part of its successor; a retirement's top unit
    // is marked by the caller, with no successor named.
    if (!(step.top && step.action === 'retire')) {
      await this.units.retire(manager, source.id, target.id, at);
    }
    steps.splice(here, 0, {
      fromId: source.id,
      fromSlug: source.slug,
      toId: target.id,
      outcome: 'merged',
      ...counts,
      historyEvents: cases.length,
    });
  }

  /**
   * Moves a unit's open work to its successor, each table through the repository that owns it, in
   * the caller's transaction: open tasks, the campaign items of running cases, active users (before
   * their posts, which skip whoever now has the successor as home unit), posts, shared inbox views
   * and the running cases themselves. Registers are counted, not moved.
   */
  private async moveWork(
    manager: EntityManager,
    fromId: string,
    toId: string,
  ): Promise<HandoverCounts> {
    const openTasks = await this.tasks.moveOpenToUnit(manager, fromId, toId);
    const items = await this.campaignItems.followRunningCasesToUnit(manager, fromId, toId);
    const users = await this.users.moveActiveToUnit(manager, fromId, toId);
    await this.copies.followUnitToSuccessor(manager, fromId, toId);
    const posts = await this.posts.handOver(manager, fromId, toId);
    const inboxViews = await this.inboxViews.reshareWithUnit(manager, fromId, toId);
    const registersClosed = await this.registers.countRegistersOf(manager, fromId);
    const instances = await this.instanceRows.moveActiveToUnit(manager, fromId, toId);
    return {
      openTasks,
      instances,
      campaignItems: items.moved,
      campaignItemsKept: items.kept,
      users,
      posts,
      inboxViews,
      registersClosed,
    };
  }

  private async openWork(manager: EntityManager, unitId: string): Promise<OpenWork> {
    return {
      openTasks: await this.tasks.countOpenAt(manager, unitId),
      activeInstances: await this.instanceRows.countActiveAt(manager, unitId),
      activeUsers: await this.users.countActiveAt(manager, unitId),
      activeSubUnits: await this.units.countActiveChildren(manager, unitId),
    };
  }

  private async activeUnit(manager: EntityManager, id: string): Promise<OrgUnit> {
    const unit = await this.units.findById(manager, id);
    if (!unit) throw new NotFoundError('Org unit', id);
    if (unit.retiredAt !== null) {
      throw new DomainError('conflict', `Unit ${unit.slug} was already merged or retired`);
    }
    return unit;
  }

  async createKind(actor: AuthenticatedUser, dto: CreateOrgUnitKindDto): Promise<OrgUnitKindDto> {
    const kind = await this.changeTree(async (manager) => {
      if (await this.units.findKind(manager, dto.key)) {
        throw new DomainError('conflict', `Unit kind ${dto.key} already exists`);
      }
      const created = await this.units.createKind(manager, {
        key: dto.key,
        nameVi: dto.nameVi,
        nameEn: dto.nameEn,
        isJurisdiction: dto.isJurisdiction ?? false,
        readsOwnChain: dto.readsOwnChain ?? false,
      });
      await this.audit.record(manager, actor, {
        action: 'org-unit-kind.create',
        targetType: 'org-unit-kind',
        targetId: created.key,
        before: null,
        after: kindSnapshot(created),
      });
      return created;
    });
    return kindSnapshot(kind);
  }

  async createUnit(actor: AuthenticatedUser, dto: CreateOrgUnitDto): Promise<OrgUnitDto> {
    const unit = await this.changeTree(async (manager) => {
      if (await this.units.slugTaken(manager, dto.slug)) {
        throw new DomainError('conflict', `A unit with slug ${dto.slug} already exists`);
      }
      const parentId = dto.parentId ?? null;
      await this.checkPlacement(manager, { id: null, kind: dto.kind, parentId });
      const created = await this.units.createUnit(manager, {
        slug: dto.slug,
        name: dto.name,
        nameEn: dto.nameEn ?? null,
        kind: dto.kind,
        parentId,
      });
      await this.audit.record(manager, actor, {
        action: 'org-unit.create',
        targetType: 'org-unit',
        targetId: created.id,
        before: null,
        after: unitSnapshot(created),
      });
      return created;
    });
    return unitSnapshot(unit);
  }

  /** Renames, re-kinds or moves a unit (its sub-units move with it). */
  async updateUnit(
    actor: AuthenticatedUser,
    id: string,
    dto: UpdateOrgUnitDto,
  ): Promise<OrgUnitDto> {
    const unit = await this.changeTree(async (manager) => {
      const current = await this.units.findById(manager, id);
      if (!current) throw new NotFoundError('Org unit', id);
      if (current.retiredAt !== null) {
        throw new DomainError('conflict', `Unit ${current.slug} was merged or retired`);
      }
      const next: OrgUnit = {
        ...current,
        ...(dto.name !== undefined ? { name: dto.name } : {}),
        ...(dto.nameEn !== undefined ? { nameEn: dto.nameEn } : {}),
        ...(dto.kind !== undefined ? { kind: dto.kind } : {}),
        ...(dto.parentId !== undefined ? { parentId: dto.parentId } : {}),
      };
      const before = unitSnapshot(current);
      const after = unitSnapshot(next);
      if (JSON.stringify(before) === JSON.stringify(after)) return current;
      if (next.kind !== current.kind || next.parentId !== current.parentId) {
        await this.checkPlacement(manager, next);
      }
      await this.units.updateUnit(manager, id, {
        name: next.name,
        nameEn: next.nameEn,
        kind: next.kind,
        parentId: next.parentId,
      });
      await this.audit.record(manager, actor, {
        action: next.parentId !== current.parentId ? 'org-unit.move' : 'org-unit.update',
        targetType: 'org-unit',
        targetId: id,
        before,
        after,
      });
      return next;
    });
    return unitSnapshot(unit);
  }

  private async changeTree<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(async (manager) => {
      await this.units.lockTree(manager);
      return work(manager);
    });
    this.orgUnits.invalidate();
    return result;
  }

  /**
   * The kind must exist, the parent must exist and not be the unit or one of its sub-units, and
   * the unit must be or lie inside a jurisdiction: routing finds every assignee through one.
   */
  private async checkPlacement(
    manager: EntityManager,
    unit: { id: string | null; kind: string; parentId: string | null },
  ): Promise<void> {
    const kind = await this.units.findKind(manager, unit.kind);
    if (!kind) throw invalid('/kind', `Unknown unit kind ${unit.kind}`);
    if (unit.parentId === null) {
      if (!kind.isJurisdiction) {
        throw invalid('/parentId', 'A top unit must be of a jurisdiction kind');
      }
      return;
    }
    const parent = await this.units.findById(manager, unit.parentId);
    if (parent?.retiredAt) {
      throw invalid('/parentId', `Unit ${parent.slug} was merged or retired`);
    }
    // The new parent and its ancestors, nearest first.
    const ancestors = await this.units.selfAndAncestors(manager, unit.parentId);
    if (ancestors.length === 0) throw invalid('/parentId', `Unknown parent unit ${unit.parentId}`);
    if (unit.id !== null && ancestors.some((a) => a.id === unit.id)) {
      throw invalid('/parentId', 'A unit cannot be moved under itself or one of its sub-units');
    }
    if (!kind.isJurisdiction && !ancestors.some((a) => a.isJurisdiction)) {
      throw invalid('/parentId', 'The unit would lie in no jurisdiction');
    }
  }
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('validation-failed', message, [{ path, message }]);
}

const NOTHING_MOVED = {
  openTasks: 0,
  instances: 0,
  historyEvents: 0,
  campaignItems: 0,
  campaignItemsKept: 0,
  users: 0,
  posts: 0,
  inboxViews: 0,
  registersClosed: 0,
} as const;

/**
 * The successor's sub-unit that takes over `child`: the one of the same kind when each side has
 * one of that kind (Đảng ủy, UBND, MTTQ of two communes), else the one of the same kind whose slug
 * ends the same way (`an-binh.hoi-nong-dan` → `phu-hoa.hoi-nong-dan`); none, and the child moves.
 */
function counterpartOf(
  child: OrgUnit,
  siblings: readonly OrgUnit[],
  theirs: readonly OrgUnit[],
): OrgUnit | undefined {
  const sameKind = theirs.filter((unit) => unit.kind === child.kind);
  if (sameKind.length === 1 && siblings.filter((u) => u.kind === child.kind).length === 1) {
    return sameKind[0];
  }
  const ending = (slug: string): string => slug.slice(slug.lastIndexOf('.') + 1);
  return sameKind.find((unit) => ending(unit.slug) === ending(child.slug));
}

function handoverSnapshot(unit: OrgUnit, retiredAt: Date | null): JsonObject {
  return {
    id: unit.id,
    slug: unit.slug,
    name: unit.name,
    kind: unit.kind,
    parentId: unit.parentId,
    retiredAt: retiredAt?.toISOString() ?? null,
  };
}

function unitSnapshot(unit: OrgUnit): OrgUnitDto & JsonObject {
  return {
    id: unit.id,
    slug: unit.slug,
    name: unit.name,
    nameEn: unit.nameEn,
    kind: unit.kind,
    parentId: unit.parentId,
    ...(unit.retiredAt
      ? { retiredAt: unit.retiredAt.toISOString(), mergedIntoId: unit.mergedIntoId }
      : {}),
  };
}

function kindSnapshot(kind: OrgUnitKind): OrgUnitKindDto & JsonObject {
  return {
    key: kind.key,
    nameVi: kind.nameVi,
    nameEn: kind.nameEn,
    isJurisdiction: kind.isJurisdiction,
    ...(kind.readsOwnChain ? { readsOwnChain: true as const } : {}),
  };
}
