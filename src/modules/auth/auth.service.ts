import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { DomainError } from '../../common/errors/domain-error';
import { type AccessTokenClaims } from './jwt-auth.guard';
import { UsersService } from '../users/users.service';
import { type LoginResponseDto } from './dto/login.dto';
import { UserPostsRepository } from '../users/user-posts.repository';
import { DataSource } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';

@Injectable()
export class AuthService implements OnModuleInit {
  /** Verified against when the username is unknown, so both failures take the same time. */
  private decoyHash = '';

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly posts: UserPostsRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    this.decoyHash = await argon2.hash('decoy-password-never-matches');
  }

  async signIn(username: string, password: string, postUnitId?: string): Promise<LoginResponseDto> {
    const user = await this.users.findByUsername(username);
    const matches = await argon2.verify(user?.passwordHash ?? this.decoyHash, password);
    if (!user || !matches) throw new DomainError('unauthenticated', 'Wrong username or password');
    // Said only to whoever knows the password: a wrong one answers as for an unknown user, so
    // this cannot be used to find out which accounts exist or are locked.
    if (!user.active) {
      throw new DomainError('forbidden', 'This account is locked', undefined, {
        reason: 'account-locked',
      });
    }

    const posts = [user.orgUnitId, ...(await this.posts.postsOf(this.dataSource.manager, user.id))];
    const orgUnitId = postUnitId ?? user.orgUnitId;
    if (!posts.includes(orgUnitId)) {
      throw new DomainError('forbidden', 'You hold no post in that unit', [
        { path: '/orgUnitId', message: 'Không giữ chức vụ tại đơn vị này / Not one of your posts' },
      ]);
    }
    const claims: AccessTokenClaims = {
      sub: user.id,
      username: user.username,
      roles: user.roles,
      capabilities: user.capabilities,
      orgUnitId,
      ver: user.tokenVersion,
    };
    return {
      accessToken: await this.jwt.signAsync(claims),
      user: {
        id: user.id,
        username: user.username,
        roles: user.roles,
        capabilities: user.capabilities,
        orgUnitId,
        posts,
        fullName: user.fullName,
      },
    };
  }
}
