import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../errors/domain-error';
import { type AuthenticatedUser } from './authenticated-user';
import { type AuthenticatedRequest, IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { type UserRole } from '../../modules/users/user.entity';

export interface AccessTokenClaims {
  sub: string;
  username: string;
  roles: AuthenticatedUser['roles'];
  capabilities: AuthenticatedUser['capabilities'];
  orgUnitId: string;
}

/**
 * Global guard: every route needs a valid bearer token unless marked `@Public()`, and a route
 * marked `@Roles(...)` needs one of those roles. Only HS256 is accepted, so `alg: none` and
 * algorithm-confusion tokens fail verification.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new DomainError('unauthenticated', 'Missing bearer access token');

    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw new DomainError('unauthenticated', 'Invalid or expired access token');
    }
    request.user = {
      id: claims.sub,
      username: claims.username,
      roles: claims.roles,
      capabilities: claims.capabilities,
      orgUnitId: claims.orgUnitId,
    };

    const required = this.reflector.getAllAndOverride<UserRole[] | undefined>(
      REQUIRED_ROLES,
      targets,
    );
    if (required && !required.some((role) => claims.roles.includes(role))) {
      throw new DomainError('forbidden', `This requires the role ${required.join(' or ')}`);
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
