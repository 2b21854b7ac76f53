import { ForbiddenError } from '../../common/errors/domain-error';
import { type AuthenticatedUser } from './authenticated-user';

/** Admins, and officials with the `dispatcher` capability, record directives and send campaigns. */
export function isDispatcher(user: AuthenticatedUser): boolean {
  return (
    user.roles.includes('admin') ||
    (user.roles.includes('official') && user.capabilities.includes('dispatcher'))
  );
}

export function assertDispatcher(user: AuthenticatedUser): void {
  if (!isDispatcher(user)) {
    throw new ForbiddenError('Only admins and dispatcher officials may do this');
  }
}
