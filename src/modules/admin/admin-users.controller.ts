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
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { AdminUsersService } from './admin-users.service';
import {
  AdminUserDto,
  AdminUserPageDto,
  CreateUserDto,
  ListUsersQueryDto,
  SetUserPostsDto,
  UpdateUserDto,
  UserPostsDto,
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

  @Put(':id/posts')
  @ApiOperation({
    summary: 'Set the units a user also holds a post in (kiêm nhiệm)',
    description:
      'The user then signs in for one of them with `POST /api/auth/login { orgUnitId }` and acts for that unit.',
  })
  @ApiOkResponse({ type: UserPostsDto })
  @ApiUnprocessableEntityResponse({ description: 'An unknown, merged or retired unit' })
  setPosts(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SetUserPostsDto,
  ): Promise<UserPostsDto> {
    return this.users.setPosts(actor, id, body);
  }
}
