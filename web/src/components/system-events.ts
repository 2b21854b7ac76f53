import { type MessageKey } from '../i18n/dictionary';

/** History events the engine records itself (no definition names them), with their UI text. */
const SYSTEM_EVENT_KEYS: Record<string, MessageKey> = {
  CREATED: 'instance.event.CREATED',
  MIGRATED: 'instance.event.MIGRATED',
  ATTACHMENT_ADDED: 'instance.event.ATTACHMENT_ADDED',
  UNIT_HANDED_OVER: 'instance.event.UNIT_HANDED_OVER',
  REPORT_REFRESHED: 'instance.event.REPORT_REFRESHED',
};

export function systemEventKey(type: string): MessageKey | undefined {
  return SYSTEM_EVENT_KEYS[type];
}
