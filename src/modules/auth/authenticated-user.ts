import { type UserCapability, type UserRole } from '../users/user.entity';

/** Who is calling, as the access token says. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  roles: UserRole[];
  capabilities: UserCapability[];
  orgUnitId: string;
}
