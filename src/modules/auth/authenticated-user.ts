import { type UserCapability, type UserRole } from '../users/user.entity';

/** Who is calling, as the access token says. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  roles: UserRole[];
  capabilities: UserCapability[];
  /** The unit the user acts for now: their home unit, or another post they signed in for. */
  orgUnitId: string;
  /** Every unit the user holds a post in, the home unit first (kiêm nhiệm). */
  posts?: readonly string[];
}
