import { Body, Controller, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { OrgUnitDto, OrgUnitKindDto } from '../org-units/dto/org-unit.dto';
import { AdminOrgService } from './admin-org.service';
import { CreateOrgUnitDto, CreateOrgUnitKindDto, UpdateOrgUnitDto } from './dto/admin-org.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Not an admin' })
@Controller('api/admin')
@Roles('admin')
export class AdminOrgController {
  constructor(private readonly org: AdminOrgService) {}

  @Post('org-unit-kinds')
  @ApiCreatedResponse({ type: OrgUnitKindDto })
  @ApiConflictResponse({ description: 'The key is taken' })
  createKind(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() body: CreateOrgUnitKindDto,
  ): Promise<OrgUnitKindDto> {
    return this.org.createKind(actor, body);
  }

  @Post('org-units')
  @ApiCreatedResponse({ type: OrgUnitDto })
  @ApiConflictResponse({ description: 'The slug is taken' })
  @ApiUnprocessableEntityResponse({
    description: 'Unknown kind or parent, or outside any jurisdiction',
  })
  createUnit(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() body: CreateOrgUnitDto,
  ): Promise<OrgUnitDto> {
    return this.org.createUnit(actor, body);
  }

  @Patch('org-units/:id')
  @ApiOkResponse({ type: OrgUnitDto })
  @ApiUnprocessableEntityResponse({ description: 'Unknown kind or parent, or a cycle' })
  updateUnit(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateOrgUnitDto,
  ): Promise<OrgUnitDto> {
    return this.org.updateUnit(actor, id, body);
  }
}
