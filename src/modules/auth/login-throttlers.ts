import { type ThrottlerOptions } from '@nestjs/throttler';

/** The two limits on sign-in, counted in PostgreSQL (see LoginAttemptsStorage). */
export const LOGIN_THROTTLERS = {
  /** Guessing one account's password from one address. */
  addressAndUsername: 'address-username',
  /** Spraying many usernames from one address (an office behind NAT stays well under it). */
  address: 'address',
} as const;

/**
 * Limits sign-in attempts per client address and username, and per client address: both must
 * hold, so neither guessing one password nor trying many usernames gets far.
 */
export function loginThrottlers(
  windowMs: number,
  perAddressAndUsername: number,
  perAddress: number,
): ThrottlerOptions[] {
  return [
    {
      name: LOGIN_THROTTLERS.addressAndUsername,
      ttl: windowMs,
      limit: perAddressAndUsername,
      getTracker: (req: Record<string, unknown>) => `${addressOf(req)}|${usernameOf(req)}`,
    },
    {
      name: LOGIN_THROTTLERS.address,
      ttl: windowMs,
      limit: perAddress,
      getTracker: (req: Record<string, unknown>) => addressOf(req),
    },
  ];
}

function addressOf(req: Record<string, unknown>): string {
  return String(req.ip);
}

function usernameOf(req: Record<string, unknown>): string {
  const body = req.body as { username?: unknown } | undefined;
  return typeof body?.username === 'string' ? body.username.trim().toLowerCase() : '';
}
