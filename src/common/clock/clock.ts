/**
 * What time it is, for every deadline, reminder, escalation and reporting-period computation.
 * Injected rather than read from `new Date()` so tests can move time by overriding this provider
 * in their testing module; production binds the system clock and offers no way to move it.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
