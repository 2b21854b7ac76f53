import { reminderAtFor, weekdaysOnlyCalendar } from '../calendar/working-calendar';
import { taskFor } from './command-planner';
import { validateDefinition } from './definition-validator';
import { reviewDefinition } from './testing/definition-fixtures';
import { CAPABILITIES, directoryOf, districtUnits, UNIT_KINDS } from './testing/org-fixtures';

const DAY = 86_400_000;
const opened = new Date('2026-03-02T01:00:00Z');
const at = (ms: number): Date => new Date(opened.getTime() + ms);
const calendar = weekdaysOnlyCalendar();
const reminderTime = (
  openedAt: Date,
  dueAt: Date,
  before?: { days?: number; hours?: number },
): Date => reminderAtFor(openedAt, dueAt, before, calendar);

describe('reminders before a deadline', () => {
  it('defaults to a day ahead, or halfway through a deadline under two days', () => {
    expect(reminderTime(opened, at(10 * DAY))).toEqual(at(9 * DAY));
    expect(reminderTime(opened, at(DAY))).toEqual(at(DAY / 2));
  });

  it('follows reminderBefore, never before the task opened', () => {
    expect(reminderTime(opened, at(10 * DAY), { days: 3 })).toEqual(at(7 * DAY));
    expect(reminderTime(opened, at(10 * DAY), { hours: 6 })).toEqual(at(10 * DAY - DAY / 4));
    expect(reminderTime(opened, at(DAY), { days: 5 })).toEqual(opened);
  });

  it('gives every planned task with a deadline its reminder time', () => {
    const definition = reviewDefinition();
    definition.states.draft = {
      ...definition.states.draft,
      deadline: { days: 15 },
      reminderBefore: { days: 2 },
    };
    const directory = directoryOf(districtUnits());
    const task = taskFor(
      definition,
      { state: 'draft', status: 'active', context: { data: {} } },
      'xa-a.mttq',
      directory,
      opened,
      calendar,
    );
    expect(task).toMatchObject({ dueAt: at(15 * DAY), remindAt: at(13 * DAY) });
  });

  it('validates reminderBefore like a deadline, and only beside one', () => {
    const vocabulary = { unitKinds: UNIT_KINDS, capabilities: CAPABILITIES };
    const definition = reviewDefinition();
    definition.states.draft = {
      ...definition.states.draft,
      deadline: { days: 15 },
      reminderBefore: { days: 2 },
    };
    expect(validateDefinition(definition, vocabulary)).toEqual([]);
    const withoutDeadline = { ...definition.states.draft };
    delete withoutDeadline.deadline;
    definition.states.draft = withoutDeadline;
    expect(validateDefinition(definition, vocabulary)).toEqual([
      expect.objectContaining({ path: '/states/draft/reminderBefore' }),
    ]);
    definition.states.draft = {
      ...withoutDeadline,
      deadline: { days: 1 },
      reminderBefore: { weeks: 1 } as never,
    };
    expect(validateDefinition(definition, vocabulary)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/states/draft/reminderBefore/weeks' }),
      ]),
    );
  });
});
