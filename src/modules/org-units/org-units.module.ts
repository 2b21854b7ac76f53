import { Module } from '@nestjs/common';
import { OrgUnitsController } from './org-units.controller';
import { OrgUnitsRepository } from './org-units.repository';
import { OrgUnitsService } from './org-units.service';

@Module({
  controllers: [OrgUnitsController],
  providers: [OrgUnitsRepository, OrgUnitsService],
  exports: [OrgUnitsRepository, OrgUnitsService],
})
export class OrgUnitsModule {}
