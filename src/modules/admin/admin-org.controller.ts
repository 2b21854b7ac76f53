import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { OrgUnitDto, OrgUnitKindDto } from '../org-units/dto/org-unit.dto';
import { AdminOrgService } from './admin-org.service';
import {
  CreateOrgUnitDto,
  CreateOrgUnitKindDto,
  MergeOrgUnitDto,
  RetireOrgUnitDto,
  UnitHandoverDto,
  UpdateOrgUnitDto,
} from './dto/admin-org.dto';

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

  @Post('org-units/:id/merge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Merge a unit into another (sáp nhập), its open work handed over in one audited step',
    description:
      'Sub-units are merged into the successor’s of the same kind (and slug ending when a kind repeats) or moved under it. For each merged unit, open tasks, running cases and their campaign items, active users, posts and shared inbox views go to the successor; each case touched gets a UNIT_HANDED_OVER history event; registers close as they stand. The unit stays, retired (retiredAt, mergedIntoId).',
  })
  @ApiOkResponse({ type: UnitHandoverDto })
  @ApiNotFoundResponse({ description: 'No such unit' })
  @ApiConflictResponse({ description: 'The unit was already merged or retired' })
  @ApiUnprocessableEntityResponse({
    description: 'Unknown or retired successor, or the unit itself or one of its sub-units',
  })
  merge(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MergeOrgUnitDto,
  ): Promise<UnitHandoverDto> {
    return this.org.merge(actor, id, body);
  }

  @Post('org-units/:id/retire')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Retire a unit (giải thể), handing its open work to `handOverToId`',
    description:
      'Without handOverToId only a unit with no open task, running case, active user or active sub-unit may be retired (409 lists what is open).',
  })
  @ApiOkResponse({ type: UnitHandoverDto })
  @ApiNotFoundResponse({ description: 'No such unit' })
  @ApiConflictResponse({
    description: 'Already merged or retired, or open work and no unit to hand it to',
  })
  @ApiUnprocessableEntityResponse({ description: 'Unknown or retired successor' })
  retire(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RetireOrgUnitDto,
  ): Promise<UnitHandoverDto> {
    return this.org.retire(actor, id, body);
  }
}
