import { Controller, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { ErrorBodyDto } from '../../common/errors/error-body.dto';
import { InstanceDto } from '../instances/dto/instance.dto';
import { PeriodicReportService } from './periodic-report.service';

class OpenedReportDto {
  @ApiProperty({ example: '2026-Q1', description: 'The period reported on: the last that ended' })
  periodKey!: string;
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty({ description: 'False when this period’s report was already open' })
  created!: boolean;
}

@ApiTags('periodic-reports')
@ApiBearerAuth()
@Controller('api/periodic-reports')
export class PeriodicReportsController {
  constructor(private readonly reports: PeriodicReportService) {}

  /** Opens now the report the cycle owes (the last ended period's), as the schedule would. */
  @Post('open')
  @Roles('admin')
  @ApiCreatedResponse({ type: OpenedReportDto, description: 'Opened' })
  @ApiOkResponse({ type: OpenedReportDto, description: 'Already open; nothing changed' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  async open(@Res({ passthrough: true }) response: Response): Promise<OpenedReportDto> {
    const report = await this.reports.openDue('admin');
    response.status(report.created ? 201 : 200);
    return report;
  }

  @Post(':instanceId/refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Recompute a periodic report’s pre-filled figures while it is still in drafting',
    description:
      'For the reporting board’s officials (or an admin). Counts the approved summaries and plans by the period they declare (a 2025 year review counts in the report on 2025-Q4 whenever approved), for the communes and the organisations at the board’s level; keeps what the Board wrote, and records a REPORT_REFRESHED history event with the new figures. Once the report was sent: 409.',
  })
  @ApiOkResponse({ type: InstanceDto, description: 'The report with its refreshed data' })
  @ApiForbiddenResponse({
    type: ErrorBodyDto,
    description: 'Not the reporting board, or cannot read it',
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'No such instance' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'The report was already sent' })
  @ApiUnprocessableEntityResponse({ type: ErrorBodyDto, description: 'Not a periodic report' })
  refresh(
    @CurrentUser() user: AuthenticatedUser,
    @Param('instanceId', ParseUUIDPipe) instanceId: string,
  ): Promise<InstanceDto> {
    return this.reports.refresh(user, instanceId);
  }
}
