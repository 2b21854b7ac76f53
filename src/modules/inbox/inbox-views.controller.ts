import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CreateInboxViewDto, InboxViewDto } from './dto/inbox-view.dto';
import { InboxViewsService } from './inbox-views.service';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('api/inbox/views')
export class InboxViewsController {
  constructor(private readonly views: InboxViewsService) {}

  @Post()
  @ApiCreatedResponse({ type: InboxViewDto })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateInboxViewDto,
  ): Promise<InboxViewDto> {
    return this.views.create(user, body);
  }

  @Get()
  @ApiOkResponse({
    type: [InboxViewDto],
    description: 'Own views and those shared with the caller',
  })
  list(@CurrentUser() user: AuthenticatedUser): Promise<InboxViewDto[]> {
    return this.views.list(user);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    return this.views.remove(user, id);
  }
}
