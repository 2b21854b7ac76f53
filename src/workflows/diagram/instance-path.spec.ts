import { pathHighlight } from './instance-path';

const PLACEMENTS = new Set(['CREATED', 'MIGRATED']);

describe('pathHighlight', () => {
  it('collects the states passed and the transitions taken, oldest first', () => {
    const path = pathHighlight(
      [
        { type: 'CREATED', fromState: null, toState: 'draft' },
        { type: 'SUBMIT', fromState: 'draft', toState: 'review' },
        { type: 'RETURN', fromState: 'review', toState: 'draft' },
        { type: 'SUBMIT', fromState: 'draft', toState: 'review' },
      ],
      PLACEMENTS,
    );
    expect(path.visitedStates).toEqual(['draft', 'review']);
    expect(path.takenTransitions).toEqual([
      { from: 'draft', event: 'SUBMIT', to: 'review' },
      { from: 'review', event: 'RETURN', to: 'draft' },
      { from: 'draft', event: 'SUBMIT', to: 'review' },
    ]);
  });

  it('starts again where the instance was moved onto another version', () => {
    const path = pathHighlight(
      [
        { type: 'CREATED', fromState: null, toState: 'draft' },
        { type: 'SUBMIT', fromState: 'draft', toState: 'communeReview' },
        { type: 'MIGRATED', fromState: 'communeReview', toState: 'boardReview' },
        { type: 'RETURN', fromState: 'boardReview', toState: 'draft' },
      ],
      PLACEMENTS,
    );
    expect(path.visitedStates).toEqual(['boardReview', 'draft']);
    expect(path.takenTransitions).toEqual([{ from: 'boardReview', event: 'RETURN', to: 'draft' }]);
  });

  it('is empty without history', () => {
    expect(pathHighlight([], PLACEMENTS)).toEqual({ visitedStates: [], takenTransitions: [] });
  });
});
