import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isUUID } from 'class-validator';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../../common/errors/domain-error';
import { type AuthenticatedUser } from './authenticated-user';
import {
  type AuthenticatedRequest,
  IS_PUBLIC,
  READS_ONLY,
  REQUIRED_ROLES,
} from './auth.decorators';
import { ActiveUsersCache } from '../users/active-users.cache';
import { type UserRole } from '../users/user.entity';

export interface AccessTokenClaims {
  sub: string;
  username: string;
  roles: AuthenticatedUser['roles'];
  capabilities: AuthenticatedUser['capabilities'];
  orgUnitId: string;
  /** The user's token version when the token was issued; an older one than theirs now is refused. */
  ver: number;
}

/**
 * Global guard: every route needs a valid bearer token unless marked `@Public()`, and a route
 * marked `@Roles(...)` needs one of those roles. Only HS256 is accepted, so `alg: none` and
 * algorithm-confusion tokens fail verification. The token names the user; whether they are still
 * active, and their roles, capabilities and unit, come from {@link ActiveUsersCache}, so a
 * deactivation or a change of roles applies to tokens already issued; and a token issued before
 * the user's last password reset, deactivation or role change (an older `ver`) is refused.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly activeUsers: ActiveUsersCache,
  ) {}

  // Decorator metadata is fixed once the routes are built; reading it through reflect-metadata
  // on every request was a tenth of this guard's CPU. Kept per class, then per handler.
  private readonly routeRules = new WeakMap<object, WeakMap<object, RouteRules>>();

  private rulesOf(context: ExecutionContext): RouteRules {
    const handler = context.getHandler();
    const owner = context.getClass();
    let byHandler = this.routeRules.get(owner);
    if (!byHandler) {
      byHandler = new WeakMap();
      this.routeRules.set(owner, byHandler);
    }
    let rules = byHandler.get(handler);
    if (!rules) {
      const targets = [handler, owner];
      rules = {
        isPublic:
          this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
        required: this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, targets),
        readsOnly: this.reflector.get<boolean | undefined>(READS_ONLY, handler) === true,
      };
      byHandler.set(handler, rules);
    }
    return rules;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rules = this.rulesOf(context);
    if (rules.isPublic) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = await this.authenticate(request);
    request.user = user;

    const { required } = rules;
    if (required && !required.some((role) => user.roles.includes(role))) {
      throw new DomainError('forbidden', `This requires the role ${required.join(' or ')}`);
    }
    // Auditors read everything and act nowhere: refused here, before any route's own rules, so
    // no route added later can forget it.
    if (
      !SAFE_METHODS.has(request.method) &&
      !rules.readsOnly &&
      user.roles.every((role) => role === 'auditor')
    ) {
      throw new DomainError('forbidden', 'Auditors have read-only access');
    }
    return true;
  }

  /** The active user the request's bearer token names; unauthenticated otherwise. */
  async authenticate(request: AuthenticatedRequest): Promise<AuthenticatedUser> {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new DomainError('unauthenticated', 'Missing bearer access token');

    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw new DomainError('unauthenticated', 'Invalid or expired access token');
    }
    // Only a token signed with our secret gets here, but its subject still goes to SQL as a uuid.
    if (typeof claims.sub !== 'string' || !isUUID(claims.sub)) {
      throw new DomainError('unauthenticated', 'Invalid or expired access token');
    }
    const active = await this.activeUsers.current(claims.sub);
    if (!active) throw new DomainError('unauthenticated', 'This account is no longer active');
    if (claims.ver !== active.tokenVersion) {
      throw new DomainError(
        'unauthenticated',
        'This token was issued before a password reset or a change of roles: sign in again',
      );
    }
    // A token signed in for another post (kiêm nhiệm) acts for that unit while the post lasts;
    // once the post is gone (or the unit merged) it falls back to the home unit.
    if (
      claims.orgUnitId !== active.user.orgUnitId &&
      active.user.posts?.includes(claims.orgUnitId)
    ) {
      return { ...active.user, orgUnitId: claims.orgUnitId };
    }
    return active.user;
  }
}

/** What a route's decorators say about access. */
interface RouteRules {
  isPublic: boolean;
  required: UserRole[] | undefined;
  readsOnly: boolean;
}

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
