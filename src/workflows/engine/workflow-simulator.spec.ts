import { createWorkflowMachine } from '../registry/workflow-registry';
import { type RunnableDefinition } from './command-planner';
import { reviewDefinition } from './testing/definition-fixtures';
import { directoryOf, districtUnits } from './testing/org-fixtures';
import { simulateWorkflow } from './workflow-simulator';
import { weekdaysOnlyCalendar } from '../calendar/working-calendar';

const document = reviewDefinition();
const definition: RunnableDefinition = {
  cacheKey: 'simulator-spec',
  document,
  machine: createWorkflowMachine(document),
};
const directory = directoryOf(districtUnits());
const now = new Date('2026-01-05T08:00:00Z');
const drafter = { id: 'd', orgUnitId: 'xa-a.mttq', capabilities: ['drafter'], label: 'drafter' };
const commune = {
  id: 'c',
  orgUnitId: 'xa-a.dang-uy',
  capabilities: ['approver'],
  label: 'commune',
};

describe('simulateWorkflow', () => {
  it('lists the states passed and goes on after a refused step', () => {
    const result = simulateWorkflow(
      definition,
      directory,
      { orgUnitId: 'xa-a.mttq', data: {} },
      [
        { actor: drafter, type: 'SUBMIT', data: { summary: 'Tóm tắt nội dung rà soát' } },
        { actor: drafter, type: 'APPROVE' },
        { actor: commune, type: 'APPROVE' },
      ],
      now,
      weekdaysOnlyCalendar(),
    );
    expect(result.states).toEqual(['draft', 'communeReview', 'boardReview']);
    expect(result.steps.map((s) => [s.ok, s.error?.code])).toEqual([
      [true, undefined],
      [false, 'forbidden'],
      [true, undefined],
    ]);
    expect(result.ok).toBe(false);
    expect(result.finalState).toBe('boardReview');
    expect(result.data).toEqual({ summary: 'Tóm tắt nội dung rà soát' });
  });

  it('reports a unit outside any jurisdiction instead of throwing', () => {
    const result = simulateWorkflow(
      definition,
      directory,
      { orgUnitId: 'nowhere', data: {} },
      [],
      now,
      weekdaysOnlyCalendar(),
    );
    expect(result).toEqual(
      expect.objectContaining({
        ok: false,
        states: [],
        error: expect.objectContaining({ code: 'ORG_UNIT_NOT_FOUND' }),
      }),
    );
  });
});
