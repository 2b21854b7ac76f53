import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { assertDispatcher } from '../auth/dispatcher';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { DomainError, NotFoundError } from '../../common/errors/domain-error';
import { isRealCalendarDate } from '../../common/validation/calendar-date';
import { CampaignsService } from '../campaigns/campaigns.service';
import {
  type CreateDirectiveDto,
  type DirectiveDetailDto,
  type DirectiveDto,
} from './dto/directive.dto';
import { type DirectiveRecord, DirectivesRepository } from './directives.repository';

/**
 * Directives (chỉ thị, công văn) as records: number and symbol, date, issuer, addressees and
 * numbered points. Campaigns hang off a point, so the letter shows what was done about each.
 */
@Injectable()
export class DirectivesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly repository: DirectivesRepository,
  ) {}

  async create(user: AuthenticatedUser, dto: CreateDirectiveDto): Promise<DirectiveDto> {
    assertDispatcher(user);
    const id = await this.dataSource.transaction((manager) =>
      recordDirective(this.repository, manager, dto, user.id),
    );
    return this.find(id);
  }

  /** Every directive, newest first, with its points. Every signed-in user reads the letters. */
  async list(): Promise<DirectiveDto[]> {
    const rows = await this.repository.list(this.dataSource.manager);
    return rows.map(toDto);
  }

  /** One directive, each point with its campaigns (and their progress) and the tasks they opened. */
  async read(id: string): Promise<DirectiveDetailDto> {
    const directive = await this.find(id);
    const campaigns = await this.campaigns.ofDirective(id);
    return {
      ...directive,
      points: directive.points.map((point) => {
        const own = campaigns.filter((campaign) => campaign.point === point.no);
        return {
          ...point,
          campaigns: own.map(({ items: _items, ...campaign }) => campaign),
          tasks: own.flatMap((campaign) =>
            campaign.items.map((item) => ({
              instanceId: item.instanceId,
              campaignId: campaign.id,
              definitionKey: campaign.definitionKey,
              title: campaign.title,
              orgUnitId: item.orgUnitId,
              state: item.state,
              status: item.status,
            })),
          ),
        };
      }),
    };
  }

  private async find(id: string): Promise<DirectiveDto> {
    const row = await this.repository.find(this.dataSource.manager, id);
    if (!row) throw new NotFoundError('Directive', id);
    return toDto(row);
  }
}

/**
 * Checks and writes a directive and its points in the caller's transaction (the API, and the demo
 * seed, which has no injector and passes a repository of its own: it holds no state).
 * @returns the directive's id
 */
export async function recordDirective(
  repository: DirectivesRepository,
  manager: EntityManager,
  dto: CreateDirectiveDto,
  createdBy: string | null,
): Promise<string> {
  if (!isRealCalendarDate(dto.issuedAt)) {
    throw invalid('/issuedAt', `${dto.issuedAt} is not a calendar date`);
  }
  const numbers = dto.points.map((point) => point.no);
  const repeated = numbers.findIndex((no, index) => numbers.indexOf(no) !== index);
  if (repeated >= 0) {
    throw invalid(`/points/${repeated}/no`, `Point ${numbers[repeated]} appears twice`);
  }
  if (await repository.symbolTaken(manager, dto.symbol.trim())) {
    throw new DomainError('conflict', `A directive ${dto.symbol} is already recorded`, [
      { path: '/symbol', message: 'Already recorded' },
    ]);
  }
  return repository.insert(manager, {
    symbol: dto.symbol.trim(),
    issuedAt: dto.issuedAt,
    issuer: dto.issuer.trim(),
    title: dto.title.trim(),
    recipients: (dto.recipients ?? []).map((r) => r.trim()),
    createdBy,
    points: dto.points.map((point) => ({ no: point.no, text: point.text.trim() })),
  });
}

function toDto(row: DirectiveRecord): DirectiveDto {
  return {
    id: row.id,
    symbol: row.symbol,
    issuedAt: row.issuedAt,
    issuer: row.issuer,
    title: row.title,
    recipients: row.recipients,
    points: row.points,
    createdAt: row.createdAt,
  };
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('validation-failed', message, [{ path, message }]);
}
