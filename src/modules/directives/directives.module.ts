import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { DirectivesController } from './directives.controller';
import { DirectivesService } from './directives.service';
import { DirectivesRepository } from './directives.repository';

@Module({
  imports: [CampaignsModule],
  controllers: [DirectivesController],
  providers: [DirectivesService, DirectivesRepository],
  exports: [DirectivesRepository],
})
export class DirectivesModule {}
