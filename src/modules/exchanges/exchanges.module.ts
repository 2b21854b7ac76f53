import { Module } from '@nestjs/common';
import { CommandsModule } from '../commands/commands.module';
import { InstancesModule } from '../instances/instances.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { ExchangesController } from './exchanges.controller';
import { ExchangesService } from './exchanges.service';

/** Point 2 of the letter sent to several recipients at once. */
@Module({
  imports: [CommandsModule, InstancesModule, OrgUnitsModule],
  controllers: [ExchangesController],
  providers: [ExchangesService],
})
export class ExchangesModule {}
