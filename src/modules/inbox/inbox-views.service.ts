import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { OrgUnitsService } from '../org-units/org-units.service';
import { type UserRefDto, userRef } from '../users/dto/user-ref.dto';
import { type InboxFiltersDto } from './dto/inbox.dto';
import { type CreateInboxViewDto, type InboxViewDto } from './dto/inbox-view.dto';

const MAX_VIEWS_LISTED = 200;

interface ViewRow {
  id: string;
  name: string;
  filters: InboxFiltersDto;
  owner_id: string;
  owner_username: string;
  owner_full_name: string;
  shared_with_unit_id: string | null;
  shared_with_role: string | null;
  created_at: Date;
}

/**
 * Saved inbox views: named filter sets kept on the server. Private, or shared with the users of a
 * unit and/or of a role. A view holds filters only; whoever opens it still sees their own inbox.
 */
@Injectable()
export class InboxViewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orgUnits: OrgUnitsService,
  ) {}

  async create(user: AuthenticatedUser, dto: CreateInboxViewDto): Promise<InboxViewDto> {
    if (dto.sharedWithUnitId && !(await this.orgUnits.directory()).unit(dto.sharedWithUnitId)) {
      throw new DomainError('validation-failed', 'Unknown unit', [
        { path: '/sharedWithUnitId', message: 'No such unit' },
      ]);
    }
    // Stored as validated: only the filter fields, none undefined.
    const filters = JSON.parse(JSON.stringify(dto.filters)) as InboxFiltersDto;
    try {
      const [{ id }] = await this.dataSource.query<Array<{ id: string }>>(
        `INSERT INTO inbox_views (owner_id, name, filters, shared_with_unit_id, shared_with_role)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [
          user.id,
          dto.name.trim(),
          filters,
          dto.sharedWithUnitId ?? null,
          dto.sharedWithRole ?? null,
        ],
      );
      return (await this.visible(user, id)) as InboxViewDto;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('conflict', `You already have a view named “${dto.name.trim()}”`);
      }
      throw error;
    }
  }

  /** The caller's own views, then those shared with their unit or role, by name. */
  async list(user: AuthenticatedUser): Promise<InboxViewDto[]> {
    const rows = await this.dataSource.query<ViewRow[]>(
      `${SELECT_VIEW} WHERE ${VISIBLE}
        ORDER BY (v.owner_id = $1) DESC, v.name, v.id LIMIT ${MAX_VIEWS_LISTED}`,
      visibilityParams(user),
    );
    return rows.map((row) => toDto(row, user));
  }

  /** The filters of a view the caller may see (404 otherwise). */
  async filtersOf(user: AuthenticatedUser, id: string): Promise<InboxFiltersDto> {
    const view = await this.visible(user, id);
    if (!view) throw new NotFoundError('Inbox view', id);
    return view.filters;
  }

  async remove(user: AuthenticatedUser, id: string): Promise<void> {
    const view = await this.visible(user, id);
    if (!view) throw new NotFoundError('Inbox view', id);
    if (!view.mine && !user.roles.includes('admin')) {
      throw new ForbiddenError('Only its owner may delete a shared view');
    }
    await this.dataSource.query(`DELETE FROM inbox_views WHERE id = $1`, [id]);
  }

  private async visible(user: AuthenticatedUser, id: string): Promise<InboxViewDto | null> {
    const [row] = await this.dataSource.query<ViewRow[]>(
      `${SELECT_VIEW} WHERE v.id = $4 AND ${VISIBLE}`,
      [...visibilityParams(user), id],
    );
    return row ? toDto(row, user) : null;
  }
}

const SELECT_VIEW = `
  SELECT v.id, v.name, v.filters, v.shared_with_unit_id, v.shared_with_role, v.created_at,
         u.id AS owner_id, u.username AS owner_username, u.full_name AS owner_full_name
    FROM inbox_views v JOIN users u ON u.id = v.owner_id`;

// $1 the caller, $2 their unit, $3 their roles and capabilities.
const VISIBLE = `(v.owner_id = $1 OR (
    (v.shared_with_unit_id IS NOT NULL OR v.shared_with_role IS NOT NULL)
    AND (v.shared_with_unit_id IS NULL OR v.shared_with_unit_id = $2)
    AND (v.shared_with_role IS NULL OR v.shared_with_role = ANY($3::text[]))))`;

function visibilityParams(user: AuthenticatedUser): unknown[] {
  return [user.id, user.orgUnitId, [...user.roles, ...user.capabilities]];
}

function toDto(row: ViewRow, user: AuthenticatedUser): InboxViewDto {
  return {
    id: row.id,
    name: row.name,
    filters: row.filters,
    owner: userRef(row.owner_id, row.owner_username, row.owner_full_name) as UserRefDto,
    mine: row.owner_id === user.id,
    sharedWithUnitId: row.shared_with_unit_id,
    sharedWithRole: row.shared_with_role,
    createdAt: row.created_at,
  };
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError: unknown = (error as { driverError?: unknown }).driverError;
  return (
    typeof driverError === 'object' &&
    driverError !== null &&
    (driverError as { code?: unknown }).code === '23505'
  );
}
