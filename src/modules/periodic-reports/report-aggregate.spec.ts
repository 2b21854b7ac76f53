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
    reportingUnitId: communeId,
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
        reportingUnitId: 'a',
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
      { definitionKey: 'annual-summary', reportingUnitId: 'c', late: false, data: { items: 'x' } },
    ]);
    expect(result.itemsDone).toBe(0);
    expect(result.communesReported).toBe(1);
  });

  it('accounts for the organisations at the board’s level beside the communes, in Vietnamese', () => {
    const organisations = [
      { id: 'front', name: 'Ủy ban MTTQ Việt Nam huyện' },
      { id: 'farmers', name: 'Hội Nông dân huyện' },
    ];
    const result = aggregatePeriod(
      period,
      communes,
      [summary('a', false, ['done']), summary('front', true, ['done', 'not-done'])],
      organisations,
    );
    expect(result).toMatchObject({
      period: { label: 'quý I năm 2026' },
      communesReported: 1,
      organisationsTotal: 2,
      organisationsReported: 1,
      organisationsReportedLate: 1,
      organisationsNotReported: 1,
      organisationsNotReportedNames: ['Hội Nông dân huyện'],
      organisationsReportedLateNames: ['Ủy ban MTTQ Việt Nam huyện'],
      itemsDone: 2,
      itemsNotDone: 1,
      summariesApproved: 2,
    });
    expect(result.organisations.map((o) => o.statusLabel)).toEqual([
      'Báo cáo trễ hạn',
      'Chưa báo cáo',
    ]);
    expect(result.communes.map((c) => c.statusLabel)).toEqual([
      'Đã báo cáo',
      'Chưa báo cáo',
      'Chưa báo cáo',
    ]);
    expect(result.exemplars).toContainEqual(
      expect.objectContaining({ name: 'Điển hình front', commune: 'Ủy ban MTTQ Việt Nam huyện' }),
    );
  });
});
