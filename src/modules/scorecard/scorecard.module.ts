import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { ScorecardController } from './scorecard.controller';
import { ScorecardService } from './scorecard.service';
import { ScorecardRepository } from './scorecard.repository';

@Module({
  imports: [OrgUnitsModule, DefinitionsModule],
  controllers: [ScorecardController],
  providers: [ScorecardService, ScorecardRepository],
})
export class ScorecardModule {}
