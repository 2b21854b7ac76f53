import { type JsonObject } from '../../../common/json/json.types';

/**
 * Realistic form data for the built-in workflows, as an official would fill them in. Shared by the
 * definitions' unit test, the integration tests and the benchmark, so every one of them sends
 * documents the real forms accept.
 */

/** The definitions that run the commune committee → Dân vận Board → Standing Committee chain. */
export const REVIEW_CHAINS: readonly string[] = [
  'regulation-review',
  'joint-activity-plan',
  'annual-summary',
];

/** The commune the samples are written for (a place name only; no unit id depends on it). */
export const SAMPLE_COMMUNE = 'xã Tân Phú';
const COMMUNE = SAMPLE_COMMUNE;

/**
 * A valid document for every form of the built-in workflows, keyed `<definition key>.<EVENT>`.
 * Ids inside (`orgUnitId`, `recipientUnitId`) are placeholders: replace them with real unit ids
 * before sending a sample to a running server. Read-only; take a copy with {@link sampleForm}.
 */
export const SAMPLES: Readonly<Record<string, JsonObject>> = {
  'regulation-review.SUBMIT': {
    regulationNumber: '01/QCPH-MTTQ-UBND',
    regulationTitle: `Quy chế phối hợp giữa Ủy ban nhân dân và Ủy ban Mặt trận Tổ quốc Việt Nam ${COMMUNE}`,
    signedDate: '2021-03-15',
    issuingParties: [`Ủy ban nhân dân ${COMMUNE}`, `Ủy ban Mặt trận Tổ quốc Việt Nam ${COMMUNE}`],
    scope:
      'Phối hợp tuyên truyền, vận động nhân dân thực hiện chủ trương của Đảng, chính sách, pháp luật của Nhà nước; thực hiện cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” trên địa bàn xã.',
    coordinatingOrganizations: [
      {
        organizationName: `Ủy ban Mặt trận Tổ quốc Việt Nam ${COMMUNE}`,
        role: 'lead',
        mechanism:
          'Chủ trì xây dựng chương trình phối hợp hằng năm; tổ chức họp liên tịch 6 tháng một lần.',
        regime:
          'Báo cáo kết quả phối hợp hằng quý; trao đổi thông tin bằng văn bản khi có việc đột xuất.',
        responsibility:
          'Tập hợp ý kiến, kiến nghị của nhân dân; giám sát việc thực hiện các nội dung phối hợp.',
      },
      {
        organizationName: `Hội Nông dân ${COMMUNE}`,
        orgUnitId: '6f1c2a9e-3b7d-4c2e-9a51-0d8e4b7f2a13',
        role: 'partner',
        mechanism:
          'Tham gia kế hoạch liên tịch; cử cán bộ tham gia tổ công tác chung về phát triển kinh tế hộ.',
        regime:
          'Gửi báo cáo kết quả thực hiện mô hình về Ủy ban MTTQ xã trước ngày 20 tháng cuối quý.',
        responsibility:
          'Vận động hội viên nhân rộng mô hình “Dân vận khéo” trong sản xuất nông nghiệp.',
      },
    ],
    reviewFindings:
      'Quy chế cơ bản còn phù hợp; chưa quy định rõ chế độ trao đổi thông tin hai chiều bằng văn bản và trách nhiệm của các đoàn thể trong xây dựng, nhân rộng mô hình “Dân vận khéo”.',
    proposedAmendments: [
      {
        kind: 'supplement',
        provision: 'Điều 6',
        proposedText:
          'Bổ sung chế độ trao đổi thông tin hai chiều bằng văn bản mỗi quý một lần giữa UBND xã và Ủy ban MTTQ xã.',
        rationale: 'Thực hiện điểm 2 công văn của Thường trực Huyện ủy.',
      },
    ],
    effectiveDate: '2025-07-01',
  },
  'joint-activity-plan.SUBMIT': {
    year: 2025,
    guidingTheme:
      'Chọn ít nội dung nhưng vừa sức, vừa tầm, thiết thực: tập trung chỉnh trang khu dân cư và phát triển kinh tế hộ.',
    coordinationItems: [
      {
        content: 'Ra quân chỉnh trang đường làng, ngõ xóm “Xanh - Sạch - Đẹp” tại các ấp.',
        leadUnit: `Ủy ban MTTQ ${COMMUNE}`,
        partnerUnits: ['Xã đoàn', 'Hội Liên hiệp Phụ nữ xã', 'UBND xã'],
        timeframe: 'Q2',
        expectedResult: '100% ấp có ít nhất một tuyến đường hoa.',
        budgetSource: 'socialization',
      },
      {
        content: 'Tập huấn kỹ thuật trồng lúa hữu cơ cho hội viên nông dân.',
        leadUnit: 'Hội Nông dân xã',
        partnerUnits: ['UBND xã'],
        timeframe: 'Q3',
        expectedResult: 'Ít nhất 120 hội viên được tập huấn.',
        budgetSource: 'combined',
      },
    ],
    linkedCampaigns: ['Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh'],
    plannedModels: ['Tuyến đường hoa tự quản ấp Bình An'],
  },
  'annual-summary.SUBMIT': {
    periodKind: 'year',
    year: 2024,
    items: [
      {
        content: 'Ra quân chỉnh trang đường làng, ngõ xóm “Xanh - Sạch - Đẹp” tại các ấp.',
        resultStatus: 'done',
      },
      {
        content: 'Tập huấn kỹ thuật trồng lúa hữu cơ cho hội viên nông dân.',
        resultStatus: 'partly-done',
        assessment: 'Mới tổ chức 2/3 lớp do thời tiết bất lợi.',
      },
    ],
    replicatedModels: [
      {
        name: 'Tuyến đường hoa tự quản',
        field: 'environment',
        replicatedAt: ['Ấp Bình An', 'Ấp Phú Hòa'],
        householdsBenefited: 340,
      },
    ],
    exemplars: [
      {
        name: 'Bà Nguyễn Thị Lan',
        unit: 'Chi hội Phụ nữ ấp Bình An',
        achievement: 'Vận động 45 hộ hiến đất mở rộng đường liên ấp.',
      },
    ],
    informationExchangeAssessment:
      'UBND xã và Ủy ban MTTQ xã trao đổi thông tin hằng quý bằng văn bản; một số ban, ngành còn chậm phản hồi.',
    difficulties: 'Kinh phí hoạt động phối hợp còn hạn chế.',
    proposals: 'Đề nghị UBND huyện hỗ trợ kinh phí nhân rộng mô hình.',
  },
  'periodic-report.SUBMIT': {
    period: { kind: 'quarter', year: 2025, number: 2 },
    communesReported: 12,
    itemsDone: 58,
    itemsPartlyDone: 9,
    itemsNotDone: 3,
    modelsReplicated: 17,
    exemplarsRecognized: 24,
    assessment:
      'Công tác phối hợp liên tịch tiếp tục chuyển biến; các xã, thị trấn đã rà soát, bổ sung quy chế phối hợp.',
    difficulties: 'Một số xã chưa báo cáo đúng hạn.',
    directions: 'Tập trung nhân rộng mô hình “Dân vận khéo” trong xây dựng nông thôn mới.',
  },
  'periodic-report.ACKNOWLEDGE': {
    standingBoardDirections:
      'Ban Dân vận đôn đốc các xã chậm báo cáo; tổng hợp kết quả vào báo cáo 6 tháng.',
  },
  'information-exchange.SUBMIT': {
    recipientUnitId: '9b2d7c41-58e3-4f0a-b6c9-2e1f3a4d5c67',
    subject: 'Đề nghị cung cấp thông tin về tình hình khiếu nại đất đai quý II',
    documentNumber: '45/UBND-TNMT',
    content:
      'Phòng Nông nghiệp và Môi trường đề nghị Ủy ban MTTQ huyện cung cấp tổng hợp ý kiến, kiến nghị của cử tri liên quan đến đất đai trong quý II.',
    replyBy: '2025-07-15',
  },
  'information-exchange.REPLY': {
    replyContent:
      'Ủy ban MTTQ huyện gửi kèm tổng hợp 14 ý kiến, kiến nghị của cử tri về đất đai quý II.',
    replyDocumentNumber: '112/MTTQ-BTT',
  },
  'joint-regulation.SUBMIT': {
    regulationTitle: `Quy chế phối hợp công tác giữa Ủy ban MTTQ Việt Nam và Ủy ban nhân dân ${COMMUNE}`,
    partnerName: `Ủy ban nhân dân ${COMMUNE}`,
    mechanism:
      'Xây dựng chương trình phối hợp hằng năm; họp liên tịch 6 tháng một lần; tổ công tác chung giải quyết kiến nghị của nhân dân.',
    regime:
      'Ủy ban nhân dân thông báo tình hình kinh tế - xã hội hằng quý; Mặt trận báo cáo ý kiến, kiến nghị của cử tri trước kỳ họp Hội đồng nhân dân.',
    frontResponsibility:
      'Chủ trì tập hợp ý kiến, kiến nghị của nhân dân; giám sát, phản biện xã hội các chương trình của Ủy ban nhân dân.',
    partnerResponsibility:
      'Tạo điều kiện để Mặt trận hoạt động; trả lời kiến nghị của Mặt trận trong 15 ngày làm việc.',
    effectiveDate: '2025-09-01',
    // Placeholders: replace with the ids of the units asked for their opinion.
    copyToUnitIds: ['4e8a1c2b-7d3f-4a9e-8b6c-1f2d3e4a5b6c'],
  },
  'joint-regulation.APPROVE': { opinion: 'Thống nhất nội dung dự thảo, trình Ban Dân vận.' },
  'joint-regulation.COSIGN': {
    signerTitle: `Chủ tịch Ủy ban nhân dân ${COMMUNE}`,
    opinion: 'Ủy ban nhân dân xã thống nhất toàn văn dự thảo và cùng ký ban hành.',
  },
  'joint-regulation.RETURN': { returnTo: 'partnerSigning' },
  ...Object.fromEntries(
    REVIEW_CHAINS.flatMap((key): Array<[string, JsonObject]> => [
      [`${key}.APPROVE`, { opinion: 'Đồng ý, đề nghị bổ sung số liệu ở lần báo cáo sau.' }],
      [`${key}.RETURN`, { returnTo: 'boardReview' }],
    ]),
  ),
};

/** Documents the forms must refuse although no required field is missing: `[form, what, document]`. */
export const INVALID_SAMPLES: Array<[string, string, JsonObject]> = [
  [
    'regulation-review.SUBMIT',
    'a single issuing party',
    { ...SAMPLES['regulation-review.SUBMIT'], issuingParties: ['Ủy ban nhân dân xã Tân Phú'] },
  ],
  [
    'regulation-review.SUBMIT',
    'a date that is not a date',
    { ...SAMPLES['regulation-review.SUBMIT'], signedDate: '15/03/2021' },
  ],
  [
    'joint-activity-plan.SUBMIT',
    'an unknown timeframe',
    {
      ...SAMPLES['joint-activity-plan.SUBMIT'],
      coordinationItems: [
        {
          content: 'Ra quân chỉnh trang đường làng, ngõ xóm.',
          leadUnit: 'Ủy ban MTTQ xã',
          partnerUnits: ['Xã đoàn'],
          timeframe: 'Q5',
          expectedResult: 'Hoàn thành.',
          budgetSource: 'none',
        },
      ],
    },
  ],
  [
    'annual-summary.SUBMIT',
    'an unknown result status',
    {
      ...SAMPLES['annual-summary.SUBMIT'],
      items: [{ content: 'Ra quân chỉnh trang đường làng.', resultStatus: 'finished' }],
    },
  ],
  [
    'periodic-report.SUBMIT',
    'a third half-year',
    { ...SAMPLES['periodic-report.SUBMIT'], period: { kind: 'half-year', year: 2025, number: 3 } },
  ],
  [
    'periodic-report.SUBMIT',
    'a quarter without its number',
    { ...SAMPLES['periodic-report.SUBMIT'], period: { kind: 'quarter', year: 2025 } },
  ],
  [
    'periodic-report.SUBMIT',
    'a negative count',
    { ...SAMPLES['periodic-report.SUBMIT'], itemsNotDone: -1 },
  ],
  [
    'information-exchange.SUBMIT',
    'a recipient that is not a unit id',
    { ...SAMPLES['information-exchange.SUBMIT'], recipientUnitId: 'Ủy ban MTTQ huyện' },
  ],
  ['regulation-review.RETURN', 'an unknown return target', { returnTo: 'committeeReview' }],
];

/** A deep copy of the sample for `<definition key>.<EVENT>`; throws when there is none. */
export function sampleForm(id: string): JsonObject {
  const sample = SAMPLES[id];
  if (!sample) throw new Error(`No sample form ${id}`);
  return structuredClone(sample);
}
