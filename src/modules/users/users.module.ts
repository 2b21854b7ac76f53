import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActiveUsersCache } from './active-users.cache';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [UsersService, ActiveUsersCache],
  exports: [UsersService, ActiveUsersCache],
})
export class UsersModule {}
