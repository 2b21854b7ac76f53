import { progressOf, standingOf } from './campaign-standing';

describe('campaign standing', () => {
  const dueAt = new Date('2026-06-30T16:59:59Z');
  const before = new Date('2026-06-30T16:00:00Z');
  const after = new Date('2026-06-30T17:00:00Z');

  it('classifies by status, then the due date, then whether a step was taken', () => {
    expect(standingOf({ status: 'completed', version: 4, dueAt }, after)).toBe('completed');
    expect(standingOf({ status: 'cancelled', version: 2, dueAt }, after)).toBe('cancelled');
    expect(standingOf({ status: 'active', version: 3, dueAt }, after)).toBe('overdue');
    expect(standingOf({ status: 'active', version: 1, dueAt }, after)).toBe('overdue');
    expect(standingOf({ status: 'active', version: 1, dueAt }, before)).toBe('notStarted');
    expect(standingOf({ status: 'active', version: 2, dueAt }, before)).toBe('inProgress');
  });

  it('counts every standing once', () => {
    expect(progressOf(['completed', 'overdue', 'overdue', 'notStarted', 'cancelled'])).toEqual({
      total: 5,
      completed: 1,
      overdue: 2,
      notStarted: 1,
      inProgress: 0,
      cancelled: 1,
    });
  });
});
