/**
 * A clock a test moves by hand, bound in place of the app's `Clock` provider through
 * `createTestApp(env, { clock })`. Time still passes between moves, so delays computed from it
 * behave as they would in real time.
 */
export class ControlledClock {
  private offsetMs: number;

  constructor(start: Date = new Date()) {
    this.offsetMs = start.getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  set(to: Date): void {
    this.offsetMs = to.getTime() - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
