import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IsOptional } from '../../common/validation/optional';
import { Readable } from 'node:stream';
import { Roles } from '../../common/auth/auth.decorators';
import { AdminAuditService } from '../admin-audit/admin-audit.service';
import { AdminAuditPageDto, AdminAuditQueryDto } from '../admin-audit/dto/admin-audit.dto';
import { HistoryService, type VerifyReport } from '../history/history.service';
import { AuditEventsService } from './audit-events.service';
import { AuditExportService } from './audit-export.service';
import { AuditTimelineService } from './audit-timeline.service';
import { AuditEventPageDto, AuditEventsQueryDto, AuditExportQueryDto } from './dto/audit-event.dto';
import { TimelineDto } from './dto/timeline.dto';

class VerifyQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Verify one instance only' })
  @IsOptional()
  @IsUUID()
  instanceId?: string;
}

class VerifyReportDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'History events checked' }) checked!: number;
  @ApiProperty() instances!: number;
  @ApiPropertyOptional({ description: '{ instanceId, seq, reason } of the first broken link' })
  firstBroken?: object;
}

/** Read-only, for auditors and admins: nothing here writes, and nothing anywhere edits history. */
@ApiTags('audit')
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
    private readonly adminAudit: AdminAuditService,
  ) {}

  @Get('verify')
  @ApiOkResponse({ type: VerifyReportDto })
  verify(@Query() query: VerifyQueryDto): Promise<VerifyReport> {
    return this.history.verify(query.instanceId);
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
