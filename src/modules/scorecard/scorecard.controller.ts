import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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

  @Get('scorecard/items')
  @ApiOkResponse({ type: ScorecardItemsPageDto, description: 'The instances behind a number' })
  items(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ScorecardItemsQueryDto,
  ): Promise<ScorecardItemsPageDto> {
    return this.monitoring.items(user, query);
  }
}
