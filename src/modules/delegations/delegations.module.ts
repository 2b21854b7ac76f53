import { Module } from '@nestjs/common';
import { DelegationsController } from './delegations.controller';
import { UsersModule } from '../users/users.module';
import { DelegationsRepository } from './delegations.repository';
import { DelegationsService } from './delegations.service';

@Module({
  imports: [UsersModule],
  controllers: [DelegationsController],
  providers: [DelegationsRepository, DelegationsService],
  exports: [DelegationsService],
})
export class DelegationsModule {}
