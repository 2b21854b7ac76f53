import { AdminReasonDto } from '../admin-history/dto/reason.dto';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { AdminUsersService } from './admin-users.service';
import {
  AdminUserDto,
  AdminUserPageDto,
  CreateUserDto,
  ListUsersQueryDto,
  UpdateUserDto,
} from './dto/admin-user.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Not an admin, or an admin acting on their own account' })
@Controller('api/admin/users')
@Roles('admin')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOkResponse({ type: AdminUserPageDto })
  list(@Query() query: ListUsersQueryDto): Promise<AdminUserPageDto> {
    return this.users.list(query);
  }

  @Post()
  @ApiCreatedResponse({ type: AdminUserDto })
  @ApiConflictResponse({ description: 'The username is taken' })
  create(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() body: CreateUserDto,
  ): Promise<AdminUserDto> {
    return this.users.create(actor, body);
  }

  @Patch(':id')
  @ApiOkResponse({ type: AdminUserDto })
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<AdminUserDto> {
    return this.users.update(actor, id, body);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: AdminUserDto })
  deactivate(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AdminReasonDto,
  ): Promise<AdminUserDto> {
    return this.users.setActive(actor, id, false, body.reason);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOkResponse({ type: AdminUserDto })
  reactivate(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AdminReasonDto,
  ): Promise<AdminUserDto> {
    return this.users.setActive(actor, id, true, body.reason);
  }
}
