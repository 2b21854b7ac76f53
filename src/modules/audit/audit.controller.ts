import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IsOptional } from '../../common/validation/optional';
import { Readable } from 'node:stream';
import { Roles } from '../auth/auth.decorators';
import { AdminHistoryService } from '../admin-history/admin-history.service';
import { AdminAuditPageDto, AdminAuditQueryDto } from '../admin-history/dto/admin-history.dto';
import { type BrokenLink } from '../history/hash-chain';
import { HistoryService, type VerifyReport } from '../history/history.service';
import { type BrokenLeaf } from '../transparency-log/log-auditor';
import { AuditEventsService } from './audit-events.service';
import { AuditExportService } from './audit-export.service';
import { AuditTimelineService } from './audit-timeline.service';
import { AuditEventPageDto, AuditEventsQueryDto, AuditExportQueryDto } from './dto/audit-event.dto';
import { TimelineDto } from './dto/timeline.dto';
import { BrokenLinkDto } from '../../common/errors/error-body.dto';
import { BrokenLeafDto, LogVerifyReportDto } from '../transparency-log/dto/transparency-log.dto';
import {
  type LogVerifyReport,
  TransparencyLogService,
} from '../transparency-log/transparency-log.service';

class VerifyQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Verify one instance only' })
  @IsOptional()
  @IsUUID()
  instanceId?: string;
}

class VerifyReportDto {
  @ApiProperty({ description: 'Every chain and the transparency log hold' }) ok!: boolean;
  @ApiProperty({ description: 'History events checked' }) checked!: number;
  @ApiProperty() instances!: number;
  @ApiPropertyOptional({
    oneOf: [{ $ref: getSchemaPath(BrokenLinkDto) }, { $ref: getSchemaPath(BrokenLeafDto) }],
    description: 'The first broken link of a chain, else the log’s first break',
  })
  firstBroken?: BrokenLinkDto | BrokenLeafDto;
  @ApiPropertyOptional({
    type: LogVerifyReportDto,
    description:
      'The transparency log against its stored checkpoints (database and directory); absent when verifying one instance',
  })
  log?: LogVerifyReportDto;
}

/** Read-only, for auditors and admins: nothing here writes, and nothing anywhere edits history. */
@ApiTags('audit')
@ApiExtraModels(BrokenLinkDto)
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Not an auditor or admin' })
@Controller('api/audit')
@Roles('auditor', 'admin')
export class AuditController {
  constructor(
    private readonly history: HistoryService,
    private readonly events: AuditEventsService,
    private readonly exports: AuditExportService,
    private readonly timelines: AuditTimelineService,
    private readonly adminAudit: AdminHistoryService,
    private readonly log: TransparencyLogService,
  ) {}

  /**
   * The per-instance chains, and (for the whole store, not one instance) the whole log against
   * the latest checkpoints kept in the database and in the checkpoint directory: chains alone can
   * be re-chained by whoever can write the database; the signed checkpoints cannot be re-signed
   * without the key.
   */
  @Get('verify')
  @ApiOkResponse({ type: VerifyReportDto })
  async verify(@Query() query: VerifyQueryDto): Promise<
    Omit<VerifyReport, 'firstBroken'> & {
      firstBroken?: BrokenLink | BrokenLeaf;
      log?: LogVerifyReport;
    }
  > {
    const chains = await this.history.verify(query.instanceId);
    if (query.instanceId) return chains;
    const log = await this.log.verify();
    const firstBroken = chains.firstBroken ?? log.firstBroken;
    return {
      ...chains,
      ok: chains.ok && log.ok,
      ...(firstBroken ? { firstBroken } : {}),
      log,
    };
  }

  @Get('events')
  @ApiOkResponse({ type: AuditEventPageDto })
  search(@Query() query: AuditEventsQueryDto): Promise<AuditEventPageDto> {
    return this.events.page(query);
  }

  @Get('events/export')
  @ApiProduces('text/csv', 'application/jsonl')
  @ApiOkResponse({ description: 'CSV (UTF-8 with BOM) or JSON Lines, streamed' })
  async export(@Query() query: AuditExportQueryDto): Promise<StreamableFile> {
    const file = await this.exports.open(query);
    return new StreamableFile(Readable.from(file.chunks, { objectMode: false }), {
      type: file.contentType,
      disposition: `attachment; filename="${file.filename}"`,
    });
  }

  @Get('instances/:id/timeline')
  @ApiOkResponse({ type: TimelineDto })
  timeline(@Param('id', ParseUUIDPipe) id: string): Promise<TimelineDto> {
    return this.timelines.timeline(id);
  }

  @Get('admin-events')
  @ApiOkResponse({ type: AdminAuditPageDto })
  adminEvents(@Query() query: AdminAuditQueryDto): Promise<AdminAuditPageDto> {
    return this.adminAudit.page(query);
  }
}
