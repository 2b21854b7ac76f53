import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { InboxCountsDto, InboxCountsQueryDto, InboxPageDto, InboxQueryDto } from './dto/inbox.dto';
import { InboxService } from './inbox.service';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('api/inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOkResponse({ type: InboxPageDto })
  page(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: InboxQueryDto,
  ): Promise<InboxPageDto> {
    return this.inbox.page(user, query);
  }

  @Get('counts')
  @ApiOkResponse({ type: InboxCountsDto, description: 'Badge counts over the caller’s inbox' })
  counts(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: InboxCountsQueryDto,
  ): Promise<InboxCountsDto> {
    return this.inbox.counts(user, query);
  }
}
