import { aggregatePeriod, type ApprovedDocument } from './report-aggregate';
import { periodContaining } from './reporting-period';

const period = periodContaining(new Date('2026-02-10T00:00:00Z'), 'quarter', 'Asia/Ho_Chi_Minh');
const communes = [
  { id: 'a', name: 'Xã An Bình' },
  { id: 'b', name: 'Xã Phú Hòa' },
  { id: 'c', name: 'Xã Tân Lộc' },
];

function summary(communeId: string, late: boolean, statuses: string[]): ApprovedDocument {
  return {
    definitionKey: 'annual-summary',
    communeId,
    late,
    data: {
      items: statuses.map((resultStatus) => ({ content: 'Nội dung phối hợp', resultStatus })),
      replicatedModels: [{ name: `Mô hình ${communeId}` }],
      exemplars: [{ name: `Điển hình ${communeId}`, unit: 'Chi hội', achievement: '...' }],
    },
  };
}

describe('aggregatePeriod', () => {
  it('adds up summaries and plans per commune, and names who did not report', () => {
    const result = aggregatePeriod(period, communes, [
      summary('a', false, ['done', 'done', 'partly-done']),
      summary('b', true, ['not-done']),
      {
        definitionKey: 'joint-activity-plan',
        communeId: 'a',
        late: false,
        data: { coordinationItems: [{}, {}, {}], plannedModels: ['x'] },
      },
      summary('elsewhere', false, ['done']),
    ]);
    expect(result).toMatchObject({
      period: { key: '2026-Q1' },
      communesTotal: 3,
      communesReported: 2,
      communesReportedLate: 1,
      communesNotReported: 1,
      summariesApproved: 2,
      plansApproved: 1,
      plannedItems: 3,
      plannedModels: 1,
      itemsDone: 2,
      itemsPartlyDone: 1,
      itemsNotDone: 1,
      modelsReplicated: 2,
      exemplarsRecognized: 2,
      notReported: ['Xã Tân Lộc'],
      reportedLate: ['Xã Phú Hòa'],
    });
    expect(result.communes.map((c) => c.status)).toEqual([
      'reported',
      'reported-late',
      'not-reported',
    ]);
    expect(result.exemplars[0]).toEqual({
      name: 'Điển hình a',
      unit: 'Chi hội',
      commune: 'Xã An Bình',
    });
  });

  it('counts a commune on time when any of its summaries was', () => {
    const result = aggregatePeriod(period, communes, [
      summary('a', true, []),
      summary('a', false, []),
    ]);
    expect(result.communes[0]).toMatchObject({ status: 'reported', summaries: 2 });
  });

  it('tolerates data that lacks the expected arrays', () => {
    const result = aggregatePeriod(period, communes, [
      { definitionKey: 'annual-summary', communeId: 'c', late: false, data: { items: 'x' } },
    ]);
    expect(result.itemsDone).toBe(0);
    expect(result.communesReported).toBe(1);
  });
});
