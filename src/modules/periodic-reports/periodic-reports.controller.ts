import { Controller, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { type Response } from 'express';
import { Roles } from '../auth/auth.decorators';
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
@Roles('admin')
export class PeriodicReportsController {
  constructor(private readonly reports: PeriodicReportService) {}

  /** Opens now the report the cycle owes (the last ended period's), as the schedule would. */
  @Post('open')
  @ApiCreatedResponse({ type: OpenedReportDto, description: 'Opened' })
  @ApiOkResponse({ type: OpenedReportDto, description: 'Already open; nothing changed' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  async open(@Res({ passthrough: true }) response: Response): Promise<OpenedReportDto> {
    const report = await this.reports.openDue('admin');
    response.status(report.created ? 201 : 200);
    return report;
  }
}
