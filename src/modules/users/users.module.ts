import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActiveUsersCache } from './active-users.cache';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { UserPostsRepository } from './user-posts.repository';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [UsersRepository, UsersService, ActiveUsersCache, UserPostsRepository],
  exports: [UsersRepository, UsersService, ActiveUsersCache, UserPostsRepository],
})
export class UsersModule {}
