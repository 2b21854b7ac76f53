import { Module } from '@nestjs/common';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { HeavyWorkModule } from '../heavy-work/heavy-work.module';
import { HistoryRepository } from './history.repository';
import { HistoryService } from './history.service';

@Module({
  imports: [HeavyWorkModule],
  // CampaignsRepository is stateless and provided here too: the campaigns module imports the
  // instances module, which imports this one, so importing CampaignsModule would be a cycle.
  providers: [HistoryRepository, HistoryService, CampaignsRepository],
  exports: [HistoryService, HistoryRepository],
})
export class HistoryModule {}
