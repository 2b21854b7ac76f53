import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OrgUnitDto, OrgUnitKindDto } from './dto/org-unit.dto';
import { OrgUnitsService } from './org-units.service';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api')
export class OrgUnitsController {
  constructor(private readonly orgUnits: OrgUnitsService) {}

  @Get('org-units')
  @ApiOkResponse({ type: [OrgUnitDto] })
  async list(): Promise<OrgUnitDto[]> {
    const units = await this.orgUnits.list();
    return units.map(({ id, slug, name, nameEn, kind, parentId, retiredAt, mergedIntoId }) => ({
      id,
      slug,
      name,
      nameEn,
      kind,
      parentId,
      ...(retiredAt ? { retiredAt: retiredAt.toISOString(), mergedIntoId } : {}),
    }));
  }

  @Get('org-unit-kinds')
  @ApiOkResponse({ type: [OrgUnitKindDto] })
  async listKinds(): Promise<OrgUnitKindDto[]> {
    const kinds = await this.orgUnits.listKinds();
    return kinds.map(({ key, nameVi, nameEn, isJurisdiction, readsOwnChain }) => ({
      key,
      nameVi,
      nameEn,
      isJurisdiction,
      ...(readsOwnChain ? { readsOwnChain: true as const } : {}),
    }));
  }
}
