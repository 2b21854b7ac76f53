import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActiveUsersCache } from './active-users.cache';
import { User } from './user.entity';
import { UsersService } from './users.service';
import { UserPostsRepository } from './user-posts.repository';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [UsersService, ActiveUsersCache, UserPostsRepository],
  exports: [UsersService, ActiveUsersCache, UserPostsRepository],
})
export class UsersModule {}
