import { Module } from '@nestjs/common';
import { AdminHistoryModule } from '../admin-history/admin-history.module';
import { HeavyWorkModule } from '../heavy-work/heavy-work.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { UsersModule } from '../users/users.module';
import { DefinitionDiagramsService } from './definition-diagrams.service';
import { DefinitionSimulator } from './definition-simulator.service';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsRepository } from './definitions.repository';
import { DefinitionsService } from './definitions.service';
import { HolidaysModule } from '../holidays/holidays.module';

@Module({
  imports: [AdminHistoryModule, HolidaysModule, OrgUnitsModule, UsersModule, HeavyWorkModule],
  controllers: [DefinitionsController],
  providers: [
    DefinitionsRepository,
    DefinitionsService,
    DefinitionSimulator,
    DefinitionDiagramsService,
  ],
  exports: [DefinitionsRepository, DefinitionsService, DefinitionDiagramsService],
})
export class DefinitionsModule {}
