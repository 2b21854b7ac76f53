import { type MessageTemplate } from '../../common/i18n/language';

/**
 * Why a simulated step (or the start) was refused, by a stable code, in Vietnamese and English.
 * The English side is the pipeline's own message, the one a real command gets; `{message}` stands
 * for it where the pipeline words it from parts the catalogue does not see.
 */
export const SIMULATION_MESSAGES = {
  'event-not-allowed': {
    vi: 'Ở bước "{state}" không làm được thao tác {event}; các thao tác được phép: {allowed}',
    en: 'Event {event} is not allowed now; allowed: {allowed}',
  },
  'not-assigned': {
    vi: 'Người thực hiện không được giao thao tác {event} ở bước "{state}"',
    en: 'You are not assigned to {event} in state {state}',
  },
  'four-eyes': {
    vi: 'Nguyên tắc bốn mắt: người đã xử lý ở bước "{step}" không được {event} ở bước "{state}", dù tự mình hay được ủy quyền',
    en: 'Four eyes: whoever acted in {step} may not {event} in {state}, in their own name or by delegation',
  },
  'form-invalid': { vi: 'Dữ liệu chưa hợp lệ: {details}', en: '{message}' },
  unassignable: {
    vi: 'Không có đơn vị nào trong tổ chức xử lý được bước "{state}"',
    en: 'No unit in the organisation can act in state {state}',
  },
  'unit-not-found': {
    vi: 'Đơn vị {unitId} không có trong tổ chức',
    en: 'Organisation unit {unitId} does not exist',
  },
  'unit-outside': {
    vi: 'Đơn vị {unitId} không thuộc địa bàn nào',
    en: 'Organisation unit {unitId} lies in no jurisdiction',
  },
  refused: { vi: 'Bước này bị từ chối (mã {code})', en: '{message}' },
  'allowed-events': { vi: 'Các thao tác được phép: {allowed}', en: 'Allowed events: {allowed}' },
  'no-matching-unit': { vi: 'Không có đơn vị phù hợp', en: 'No matching unit' },
} as const satisfies Record<string, MessageTemplate>;
