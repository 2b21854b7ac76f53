import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { InstancesModule } from '../instances/instances.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { InstanceMigrationsController } from './instance-migrations.controller';
import { InstanceMigrationsService } from './instance-migrations.service';
import { HolidaysModule } from '../holidays/holidays.module';

@Module({
  imports: [HolidaysModule, DefinitionsModule, InstancesModule, OrgUnitsModule],
  controllers: [InstanceMigrationsController],
  providers: [InstanceMigrationsService],
})
export class InstanceMigrationsModule {}
