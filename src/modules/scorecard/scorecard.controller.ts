import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { contentDisposition } from '../attachments/file-names';
import { XLSX_CONTENT_TYPE } from '../campaigns/campaign-workbook';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import {
  ScorecardDto,
  ScorecardItemsPageDto,
  ScorecardItemsQueryDto,
  ScorecardQueryDto,
} from './dto/scorecard.dto';
import { ScorecardService } from './scorecard.service';

@ApiTags('monitoring')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Not the Dân vận Board, a Standing body, auditor or admin' })
@Controller('api/monitoring')
export class ScorecardController {
  constructor(private readonly monitoring: ScorecardService) {}

  @Get('scorecard')
  @ApiOkResponse({ type: ScorecardDto })
  scorecard(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ScorecardQueryDto,
  ): Promise<ScorecardDto> {
    return this.monitoring.scorecard(user, query);
  }

  @Get('scorecard/export')
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The scorecard as an Excel workbook: one row per unit, a total' })
  async export(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ScorecardQueryDto,
  ): Promise<StreamableFile> {
    const file = await this.monitoring.export(user, query);
    return new StreamableFile(file.content, {
      type: XLSX_CONTENT_TYPE,
      length: file.content.length,
      disposition: contentDisposition(file.fileName),
    });
  }

  @Get('scorecard/items')
  @ApiOkResponse({ type: ScorecardItemsPageDto, description: 'The instances behind a number' })
  items(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ScorecardItemsQueryDto,
  ): Promise<ScorecardItemsPageDto> {
    return this.monitoring.items(user, query);
  }
}
