import { type MachineConfigJson } from '../../../workflows/engine/definition.types';
import { replayDocuments, type ReplayedEvent } from './document-replay';

const machine: MachineConfigJson = {
  id: 'review',
  initial: 'draft',
  states: {
    draft: {
      on: {
        SUBMIT: [
          { target: 'communeReview', guard: 'belowTop', actions: [{ type: 'mergeFormData' }] },
          { target: '#review.boardReview', actions: ['mergeFormData'] },
        ],
      },
    },
    communeReview: {
      on: {
        APPROVE: { target: 'boardReview', actions: [{ type: 'recordApproval' }] },
        RETURN: { target: 'draft' },
      },
    },
    boardReview: { on: { REPLY: { target: 'replied' } } },
    replied: { type: 'final', entry: { type: 'mergeFormData' } },
  },
};

function event(
  seq: number,
  type: string,
  fromState: string | null,
  toState: string,
  data: ReplayedEvent['data'],
): ReplayedEvent {
  return { seq, type, fromState, toState, data };
}

describe('replayDocuments', () => {
  it('rebuilds the document and what each submission changed', () => {
    const timeline = replayDocuments(
      [
        event(1, 'CREATED', null, 'draft', { title: 'Dự thảo' }),
        event(2, 'SUBMIT', 'draft', 'communeReview', { title: 'Quy chế', year: 2025 }),
        event(3, 'RETURN', 'communeReview', 'draft', { returnTo: 'draft' }),
        event(4, 'SUBMIT', 'draft', 'communeReview', { year: 2026 }),
        event(5, 'APPROVE', 'communeReview', 'boardReview', { opinion: 'Đồng ý' }),
      ],
      machine,
    );
    expect(timeline.map((t) => t.submission)).toEqual([true, true, false, true, false]);
    expect(timeline[1].changes).toEqual([
      { op: 'changed', path: '/title', oldValue: 'Dự thảo', newValue: 'Quy chế' },
      { op: 'added', path: '/year', newValue: 2025 },
    ]);
    expect(timeline[2].changes).toEqual([]);
    expect(timeline[3].changes).toEqual([
      { op: 'changed', path: '/year', oldValue: 2025, newValue: 2026 },
    ]);
    // What the approver saw: the second submission, without the approval's own opinion.
    expect(timeline[4].document).toEqual({ title: 'Quy chế', year: 2026 });
  });

  it('follows #id targets, entry actions and ignores events the machine does not know', () => {
    const timeline = replayDocuments(
      [
        event(1, 'CREATED', null, 'draft', null),
        event(2, 'SUBMIT', 'draft', 'boardReview', { a: 1 }),
        event(3, 'MIGRATED', 'boardReview', 'boardReview', { b: 2 }),
        event(4, 'REPLY', 'boardReview', 'replied', { reply: 'Đã nhận' }),
      ],
      machine,
    );
    expect(timeline.map((t) => t.submission)).toEqual([true, true, false, true]);
    expect(timeline[3].document).toEqual({ a: 1, reply: 'Đã nhận' });
  });
});
