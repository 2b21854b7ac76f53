import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { DraftDto, DraftQueryDto, SaveDraftDto } from './dto/draft.dto';
import { DraftsService } from './drafts.service';

@ApiTags('drafts')
@ApiBearerAuth()
@Controller('api')
export class DraftsController {
  constructor(private readonly drafts: DraftsService) {}

  @Put('instances/:id/draft')
  @ApiOkResponse({ type: DraftDto })
  @ApiUnprocessableEntityResponse({ description: 'Unknown event, or data not a JSON object' })
  @ApiPayloadTooLargeResponse({ description: 'The draft exceeds the body size limit (BODY_LIMIT)' })
  save(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SaveDraftDto,
  ): Promise<DraftDto> {
    return this.drafts.save(user, id, body);
  }

  @Get('instances/:id/draft')
  @ApiOkResponse({ type: DraftDto })
  @ApiNotFoundResponse({ description: 'No draft for this event' })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DraftQueryDto,
  ): Promise<DraftDto> {
    return this.drafts.get(user, id, query.eventType);
  }

  @Delete('instances/:id/draft')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DraftQueryDto,
  ): Promise<void> {
    return this.drafts.remove(user, id, query.eventType);
  }

  @Get('drafts')
  @ApiOkResponse({ type: [DraftDto], description: 'The caller’s drafts, latest first' })
  mine(@CurrentUser() user: AuthenticatedUser): Promise<DraftDto[]> {
    return this.drafts.listMine(user);
  }
}
