import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { InstancesModule } from '../instances/instances.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { VersionUpgradesController } from './version-upgrades.controller';
import { VersionUpgradesService } from './version-upgrades.service';
import { HolidaysModule } from '../holidays/holidays.module';

@Module({
  imports: [HolidaysModule, DefinitionsModule, InstancesModule, OrgUnitsModule],
  controllers: [VersionUpgradesController],
  providers: [VersionUpgradesService],
})
export class VersionUpgradesModule {}
