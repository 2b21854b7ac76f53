import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { DomainError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error';
import { OrgUnitsService } from '../org-units/org-units.service';
import { type InboxFiltersDto } from './dto/inbox.dto';
import { type CreateInboxViewDto, type InboxViewDto } from './dto/inbox-view.dto';
import { type InboxView, InboxViewsRepository, type ViewViewer } from './inbox-views.repository';

const MAX_VIEWS_LISTED = 200;

/**
 * Saved inbox views: named filter sets kept on the server. Private, or shared with the users of a
 * unit and/or of a role. A view holds filters only; whoever opens it still sees their own inbox.
 */
@Injectable()
export class InboxViewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orgUnits: OrgUnitsService,
    private readonly repository: InboxViewsRepository,
  ) {}

  async create(user: AuthenticatedUser, dto: CreateInboxViewDto): Promise<InboxViewDto> {
    if (dto.sharedWithUnitId && !(await this.orgUnits.directory()).unit(dto.sharedWithUnitId)) {
      throw new DomainError('validation-failed', 'Unknown unit', [
        { path: '/sharedWithUnitId', message: 'No such unit' },
      ]);
    }
    // Stored as validated: only the filter fields, none undefined.
    const filters = JSON.parse(JSON.stringify(dto.filters)) as InboxFiltersDto;
    const id = await this.repository.insert(this.dataSource.manager, {
      ownerId: user.id,
      name: dto.name.trim(),
      filters,
      sharedWithUnitId: dto.sharedWithUnitId ?? null,
      sharedWithRole: dto.sharedWithRole ?? null,
    });
    if (id === null) {
      throw new DomainError('conflict', `You already have a view named “${dto.name.trim()}”`);
    }
    return (await this.visible(user, id)) as InboxViewDto;
  }

  /** The caller's own views, then those shared with their unit or role, by name. */
  async list(user: AuthenticatedUser): Promise<InboxViewDto[]> {
    const views = await this.repository.listVisible(
      this.dataSource.manager,
      viewer(user),
      MAX_VIEWS_LISTED,
    );
    return views.map((view) => toDto(view, user));
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
    await this.repository.delete(this.dataSource.manager, id);
  }

  private async visible(user: AuthenticatedUser, id: string): Promise<InboxViewDto | null> {
    const view = await this.repository.findVisible(this.dataSource.manager, viewer(user), id);
    return view ? toDto(view, user) : null;
  }
}

/** Shared views reach a user through their unit, their roles and their capabilities. */
function viewer(user: AuthenticatedUser): ViewViewer {
  return { id: user.id, orgUnitId: user.orgUnitId, roles: [...user.roles, ...user.capabilities] };
}

function toDto(view: InboxView, user: AuthenticatedUser): InboxViewDto {
  return {
    id: view.id,
    name: view.name,
    filters: view.filters,
    owner: view.owner,
    mine: view.owner.id === user.id,
    sharedWithUnitId: view.sharedWithUnitId,
    sharedWithRole: view.sharedWithRole,
    createdAt: view.createdAt,
  };
}
