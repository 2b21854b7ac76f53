/**
 * A timer ran before its time (clock skew between processes, or a deadline that moved): the
 * processor puts the job back in the delayed set for the time that remains.
 */
export class TimerNotDueError extends Error {
  constructor(readonly remainingMs: number) {
    super(`Timer not due for another ${remainingMs} ms`);
    this.name = 'TimerNotDueError';
  }
}
