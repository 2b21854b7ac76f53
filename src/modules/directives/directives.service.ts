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

interface DirectiveRow {
  id: string;
  symbol: string;
  issued_at: string;
  issuer: string;
  title: string;
  recipients: string[];
  created_at: Date;
  points: Array<{ no: number; text: string }>;
}

const SELECT_DIRECTIVE = `
  SELECT d.id, d.symbol, to_char(d.issued_at, 'YYYY-MM-DD') AS issued_at, d.issuer, d.title,
         d.recipients, d.created_at,
         COALESCE((SELECT json_agg(json_build_object('no', p.no, 'text', p.text) ORDER BY p.no)
                     FROM directive_points p WHERE p.directive_id = d.id), '[]') AS points
    FROM directives d`;

/**
 * Directives (chỉ thị, công văn) as records: number and symbol, date, issuer, addressees and
 * numbered points. Campaigns hang off a point, so the letter shows what was done about each.
 */
@Injectable()
export class DirectivesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
  ) {}

  async create(user: AuthenticatedUser, dto: CreateDirectiveDto): Promise<DirectiveDto> {
    assertDispatcher(user);
    const id = await this.dataSource.transaction((manager) =>
      recordDirective(manager, dto, user.id),
    );
    return this.find(id);
  }

  /** Every directive, newest first, with its points. Every signed-in user reads the letters. */
  async list(): Promise<DirectiveDto[]> {
    const rows = await this.dataSource.query<DirectiveRow[]>(
      `${SELECT_DIRECTIVE} ORDER BY d.issued_at DESC, d.created_at DESC, d.id`,
    );
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
    const [row] = await this.dataSource.query<DirectiveRow[]>(
      `${SELECT_DIRECTIVE} WHERE d.id = $1`,
      [id],
    );
    if (!row) throw new NotFoundError('Directive', id);
    return toDto(row);
  }
}

/**
 * Writes a directive and its points in the caller's transaction (the API, and the demo seed).
 * @returns the directive's id
 */
export async function recordDirective(
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
  const [taken] = await manager.query<unknown[]>(`SELECT 1 FROM directives WHERE symbol = $1`, [
    dto.symbol.trim(),
  ]);
  if (taken) {
    throw new DomainError('conflict', `A directive ${dto.symbol} is already recorded`, [
      { path: '/symbol', message: 'Already recorded' },
    ]);
  }
  const [row] = await manager.query<Array<{ id: string }>>(
    `INSERT INTO directives (symbol, issued_at, issuer, title, recipients, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      dto.symbol.trim(),
      dto.issuedAt,
      dto.issuer.trim(),
      dto.title.trim(),
      (dto.recipients ?? []).map((r) => r.trim()),
      createdBy,
    ],
  );
  await manager.query(
    `INSERT INTO directive_points (directive_id, no, text)
     SELECT $1, p.no, p.text FROM unnest($2::int[], $3::text[]) AS p(no, text)`,
    [row.id, numbers, dto.points.map((point) => point.text.trim())],
  );
  return row.id;
}

function toDto(row: DirectiveRow): DirectiveDto {
  return {
    id: row.id,
    symbol: row.symbol,
    issuedAt: row.issued_at,
    issuer: row.issuer,
    title: row.title,
    recipients: row.recipients,
    points: row.points,
    createdAt: row.created_at,
  };
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('validation-failed', message, [{ path, message }]);
}
