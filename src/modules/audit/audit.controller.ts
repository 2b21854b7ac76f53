import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Roles } from '../../common/auth/auth.decorators';
import { HistoryService, type VerifyReport } from '../history/history.service';

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

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
@Roles('auditor', 'admin')
export class AuditController {
  constructor(private readonly history: HistoryService) {}

  @Get('verify')
  @ApiOkResponse({ type: VerifyReportDto })
  verify(@Query() query: VerifyQueryDto): Promise<VerifyReport> {
    return this.history.verify(query.instanceId);
  }
}
