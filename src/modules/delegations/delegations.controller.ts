import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
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
import { DelegationsService } from './delegations.service';
import { CreateDelegationDto, DelegationDto, ListDelegationsQueryDto } from './dto/delegation.dto';

@ApiTags('delegations')
@ApiBearerAuth()
@Controller('api/delegations')
export class DelegationsController {
  constructor(private readonly delegations: DelegationsService) {}

  @Post()
  @ApiCreatedResponse({ type: DelegationDto })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateDelegationDto,
  ): Promise<DelegationDto> {
    return this.delegations.create(user, body);
  }

  @Get()
  @ApiOkResponse({ type: [DelegationDto], description: 'Given by or to the caller' })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListDelegationsQueryDto,
  ): Promise<DelegationDto[]> {
    return this.delegations.list(user, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Ended now (kept on record)' })
  revoke(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    return this.delegations.revoke(user, id);
  }
}
