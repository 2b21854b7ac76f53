import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { DirectivesController } from './directives.controller';
import { DirectivesService } from './directives.service';

@Module({
  imports: [CampaignsModule],
  controllers: [DirectivesController],
  providers: [DirectivesService],
})
export class DirectivesModule {}
