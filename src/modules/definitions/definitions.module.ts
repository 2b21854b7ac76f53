import { Module } from '@nestjs/common';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { UsersModule } from '../users/users.module';
import { DefinitionSimulator } from './definition-simulator.service';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';

@Module({
  imports: [OrgUnitsModule, UsersModule],
  controllers: [DefinitionsController],
  providers: [DefinitionsService, DefinitionSimulator],
  exports: [DefinitionsService],
})
export class DefinitionsModule {}
