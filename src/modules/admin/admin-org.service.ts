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
  ) {}

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

function unitSnapshot(unit: OrgUnit): OrgUnitDto & JsonObject {
  return {
    id: unit.id,
    slug: unit.slug,
    name: unit.name,
    nameEn: unit.nameEn,
    kind: unit.kind,
    parentId: unit.parentId,
  };
}

function kindSnapshot(kind: OrgUnitKind): OrgUnitKindDto & JsonObject {
  return {
    key: kind.key,
    nameVi: kind.nameVi,
    nameEn: kind.nameEn,
    isJurisdiction: kind.isJurisdiction,
  };
}
