import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type Request } from 'express';
import { type UserRole } from '../users/user.entity';
import { type AuthenticatedUser } from './authenticated-user';

export const IS_PUBLIC = 'auth:isPublic';
export const REQUIRED_ROLES = 'auth:roles';
export const READS_ONLY = 'auth:readsOnly';

/** The route needs no access token (sign-in, health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * A route that changes nothing although its method is not GET (a question too large for a query
 * string, such as verifying a checkpoint): auditors may call it.
 */
export const ReadsOnly = (): MethodDecorator => SetMetadata(READS_ONLY, true);

/** The caller must hold one of these roles. */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

export type AuthenticatedRequest = Request & { user?: AuthenticatedUser };

export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedUser => {
    const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
    // The global guard runs first; a public route asking for the user is a programming error.
    if (!user) throw new Error('CurrentUser used on a route without authentication');
    return user;
  },
);
