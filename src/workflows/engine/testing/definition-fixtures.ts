import type { WorkflowDefinitionDocument } from '../definition.types';

/**
 * A review chain shaped like the built-in `regulation-review`: a commune drafter goes through the
 * commune committee, the Dân vận Board and the Standing Committee; a drafter at the top
 * jurisdiction skips the commune step. A fresh copy each call so tests can mutate it.
 */
export function reviewDefinition(): WorkflowDefinitionDocument {
  return {
    key: 'regulation-review',
    title: { vi: 'Rà soát quy chế phối hợp', en: 'Coordination regulation review' },
    machine: {
      id: 'regulation-review',
      initial: 'draft',
      states: {
        draft: {
          on: {
            SUBMIT: [
              {
                guard: 'atTopJurisdiction',
                target: 'boardReview',
                actions: ['mergeFormData', 'clearApprovals'],
              },
              { target: 'communeReview', actions: ['mergeFormData', 'clearApprovals'] },
            ],
          },
        },
        communeReview: {
          on: {
            APPROVE: {
              target: 'boardReview',
              actions: { type: 'recordApproval', params: { state: 'communeReview' } },
            },
            RETURN: { target: 'draft', actions: 'mergeFormData' },
            WITHDRAW: { guard: 'noApprovalsYet', target: 'withdrawn' },
          },
        },
        boardReview: {
          on: {
            APPROVE: {
              target: 'committeeReview',
              actions: { type: 'recordApproval', params: { state: 'boardReview' } },
            },
            RETURN: [
              {
                guard: { type: 'returnTargetIs', params: { state: 'communeReview' } },
                target: 'communeReview',
                actions: 'mergeFormData',
              },
              { target: 'draft', actions: ['mergeFormData', 'clearApprovals'] },
            ],
            WITHDRAW: { guard: 'noApprovalsYet', target: 'withdrawn' },
          },
        },
        committeeReview: {
          on: {
            APPROVE: {
              target: 'promulgated',
              actions: { type: 'recordApproval', params: { state: 'committeeReview' } },
            },
            RETURN: { target: 'draft', actions: ['mergeFormData', 'clearApprovals'] },
          },
        },
        promulgated: { type: 'final' },
        withdrawn: { type: 'final' },
      },
    },
    states: {
      draft: {
        title: { vi: 'Dự thảo', en: 'Draft' },
        assignment: { unit: { relation: 'self' }, capability: 'drafter' },
        deadline: { days: 10 },
      },
      communeReview: {
        title: { vi: 'Đảng ủy xã xem xét', en: 'Commune committee review' },
        assignment: {
          unit: { relation: 'jurisdiction', kind: 'party-committee' },
          capability: 'approver',
        },
        deadline: { days: 5 },
      },
      boardReview: {
        title: { vi: 'Ban Dân vận thẩm định', en: 'Mass Mobilisation Board review' },
        assignment: {
          unit: { relation: 'nearest', kind: 'mass-mobilization-board' },
          capability: 'approver',
        },
        deadline: { days: 7, hours: 12 },
      },
      committeeReview: {
        title: { vi: 'Ban Thường vụ phê duyệt', en: 'Standing Committee approval' },
        assignment: {
          unit: { relation: 'root', kind: 'standing-committee' },
          capability: 'approver',
        },
      },
      promulgated: { title: { vi: 'Đã ban hành', en: 'Promulgated' } },
      withdrawn: { title: { vi: 'Đã rút lại', en: 'Withdrawn' }, outcome: 'cancelled' },
    },
    events: {
      SUBMIT: {
        title: { vi: 'Gửi xem xét', en: 'Submit for review' },
        form: {
          type: 'object',
          required: ['summary'],
          properties: {
            summary: { type: 'string', title: 'Tóm tắt nội dung', minLength: 10 },
            effectiveDate: { type: 'string', format: 'date' },
          },
        },
      },
      APPROVE: { title: { vi: 'Phê duyệt', en: 'Approve' } },
      RETURN: {
        title: { vi: 'Trả lại để chỉnh sửa', en: 'Return for revision' },
        commentRequired: true,
        form: {
          type: 'object',
          properties: { returnTo: { type: 'string', enum: ['draft', 'communeReview'] } },
          additionalProperties: false,
        },
      },
      WITHDRAW: {
        title: { vi: 'Rút lại', en: 'Withdraw' },
        assignment: { unit: { relation: 'self' }, capability: 'drafter' },
      },
    },
  };
}
