import type { DiagramHighlight } from './definition-diagram';

/** The parts of a history event the path needs. */
export interface PathEvent {
  type: string;
  fromState: string | null;
  toState: string;
}

/** The path an instance took, as the diagram highlights it. */
export type TakenPath = Required<Pick<DiagramHighlight, 'visitedStates' | 'takenTransitions'>>;

/**
 * The path of an instance from its history (oldest first): the states it passed through (the
 * current one included) and the transitions it took. The path restarts at each placement
 * (the start, or a move onto another definition version): states before a move belong to another
 * version's machine.
 */
export function pathHighlight(
  events: readonly PathEvent[],
  placementTypes: ReadonlySet<string>,
): TakenPath {
  const visitedStates: string[] = [];
  const takenTransitions: TakenPath['takenTransitions'] = [];
  for (const event of events) {
    if (event.fromState === null || placementTypes.has(event.type)) {
      visitedStates.length = 0;
      takenTransitions.length = 0;
    } else {
      takenTransitions.push({ from: event.fromState, event: event.type, to: event.toState });
    }
    if (!visitedStates.includes(event.toState)) visitedStates.push(event.toState);
  }
  return { visitedStates, takenTransitions };
}
