import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { RemindDto, RemindResultDto } from './dto/follow-up.dto';
import { FollowUpsService } from './follow-ups.service';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('api/follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  /** Reminds the late unit of the step this follow-up copy (`GET /api/inbox?kind=escalation`) is about. */
  @Post(':taskId/remind')
  @HttpCode(200)
  @ApiOkResponse({ type: RemindResultDto })
  @ApiNotFoundResponse({ description: 'No open follow-up of the caller’s unit with this id' })
  @ApiConflictResponse({ description: 'The late step was completed meanwhile' })
  remind(
    @CurrentUser() user: AuthenticatedUser,
    @Param('taskId', ParseUUIDPipe) taskId: string,
    @Body() body: RemindDto,
  ): Promise<RemindResultDto> {
    return this.followUps.remind(user, taskId, body.message);
  }
}
