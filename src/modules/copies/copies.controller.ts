import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { CaseCopiesDto, SendCopiesDto } from './dto/copy.dto';
import { CopiesService } from './copies.service';

@ApiTags('instances')
@ApiBearerAuth()
@Controller('api/instances/:id/copies')
export class CopiesController {
  constructor(private readonly copies: CopiesService) {}

  /** Nơi nhận: the units the case was sent to for information and comment, with their comments. */
  @Get()
  @ApiOkResponse({ type: CaseCopiesDto })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CaseCopiesDto> {
    return this.copies.list(user, id);
  }

  /**
   * Gửi xin ý kiến: the official handling the current step sends the case to more units, who may
   * then read it and comment (POST /api/instances/:id/comments) but never act on it.
   */
  @Post()
  @ApiCreatedResponse({ type: CaseCopiesDto, description: 'All recipients of the case' })
  @ApiForbiddenResponse({ description: 'The caller does not handle the case’s current step' })
  @ApiUnprocessableEntityResponse({ description: 'An unknown, retired or owning unit' })
  send(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SendCopiesDto,
  ): Promise<CaseCopiesDto> {
    return this.copies.sendByHandler(user, id, body.orgUnitIds);
  }
}
