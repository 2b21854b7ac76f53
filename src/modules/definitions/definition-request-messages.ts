import { type MessageTemplate } from '../../common/i18n/language';

/**
 * Why a request about definitions (a simulation, a version upgrade) cannot be done, in Vietnamese
 * and English: the error's `message` and each detail's, by a stable code. The English side is the
 * text the API has always answered, word for word.
 */
export const DEFINITION_REQUEST_MESSAGES = {
  'unknown-unit': {
    vi: 'Không có đơn vị {unitId} trong tổ chức',
    en: 'Unknown org unit {unitId}',
  },
  'no-such-unit': { vi: 'Không có đơn vị này', en: 'No such unit' },
  'definition-and-key': {
    vi: 'Chỉ gửi hoặc định nghĩa, hoặc mã quy trình, không gửi cả hai',
    en: 'Give either a definition or a key, not both',
  },
  'definition-or-key-detail': {
    vi: 'Hoặc định nghĩa, hoặc mã quy trình và phiên bản',
    en: 'Either definition or key/version',
  },
  'definition-or-key-missing': {
    vi: 'Cần gửi một định nghĩa hoặc mã của một quy trình đã ban hành',
    en: 'A definition or a key is required',
  },
  'definition-or-key-missing-detail': {
    vi: 'Gửi một định nghĩa quy trình hoặc mã của một quy trình đã ban hành',
    en: 'Give a definition document or the key of a published one',
  },
  'unknown-actors': {
    vi: 'Có người thực hiện không tồn tại',
    en: 'Unknown actors',
  },
  'no-active-user': {
    vi: 'Không có người dùng đang hoạt động với tên đăng nhập "{username}"',
    en: 'No active user "{username}"',
  },
  'not-newer': {
    vi: 'Hồ sơ chỉ chuyển được sang phiên bản mới hơn',
    en: 'Instances only move to a newer version',
  },
  'not-newer-detail': {
    vi: 'phải mới hơn phiên bản {version}',
    en: 'must be newer than version {version}',
  },
  'target-deprecated': {
    vi: 'Hồ sơ không chuyển được sang phiên bản đã ngừng dùng',
    en: 'Instances cannot move to a deprecated version',
  },
  'target-deprecated-detail': {
    vi: 'phiên bản {version} đã ngừng dùng',
    en: 'version {version} is deprecated',
  },
} as const satisfies Record<string, MessageTemplate>;

export type DefinitionRequestMessageCode = keyof typeof DEFINITION_REQUEST_MESSAGES;
