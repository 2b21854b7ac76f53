import { Alert } from 'antd';
import { ApiError } from '../api/client';
import { type MessageKey } from '../i18n/dictionary';
import { useI18n, type I18n } from '../i18n/i18n';

/** Error codes of api.md with a sentence of their own in both languages. */
const CODE_KEYS: Record<string, MessageKey> = {
  'bad-request': 'error.bad-request',
  'validation-failed': 'error.validation-failed',
  'form-invalid': 'error.form-invalid',
  'event-not-allowed': 'error.event-not-allowed',
  conflict: 'error.conflict',
  'idempotency-key-reused': 'error.idempotency-key-reused',
  'definition-invalid': 'error.definition-invalid',
  unassignable: 'error.unassignable',
  'payload-too-large': 'error.payload-too-large',
  'unsupported-media-type': 'error.unsupported-media-type',
  'integrity-violation': 'error.integrity-violation',
  unavailable: 'error.unavailable',
};

/** The code's key, or (errors raised outside the services, e.g. a malformed id) the status's. */
function keyOf(error: ApiError): MessageKey | undefined {
  const code = error.body?.code;
  if (code && CODE_KEYS[code]) return CODE_KEYS[code];
  if (error.status === 400) return 'error.bad-request';
  if (error.status === 413) return 'error.payload-too-large';
  if (error.status === 415) return 'error.unsupported-media-type';
  if (error.status === 429) return 'error.too-many';
  if (error.status === 503) return 'error.unavailable';
  return undefined;
}

/**
 * A human sentence for a failed request. The server's `message` is English; the details' own
 * `messages.vi` (form errors) are used when every detail has one, else the code's sentence.
 */
export function errorText(error: unknown, t: I18n['t']): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return t('common.forbidden');
    if (error.status === 404) return t('common.notFound');
    const language = document.documentElement.lang === 'en' ? 'en' : 'vi';
    const details = error.body?.details ?? [];
    if (details.length > 0 && details.every((d) => d.messages?.[language])) {
      return details.map((d) => d.messages?.[language]).join('; ');
    }
    const key = keyOf(error);
    if (key) return t(key);
    return language === 'en' ? (error.body?.message ?? t('common.error')) : t('common.error');
  }
  if (error instanceof TypeError) return t('common.offline');
  return t('common.error');
}

/**
 * Why text typed as JSON does not parse. The browser's reason is English, so Vietnamese names only
 * the place (line and column, when the browser gives them).
 */
export function invalidJsonText(error: unknown, t: I18n['t']): string {
  const reason = error instanceof Error ? error.message : String(error);
  if (document.documentElement.lang === 'en') return t('admin.invalidJson', { message: reason });
  const place = /line (\d+) column (\d+)/.exec(reason);
  return place
    ? t('admin.invalidJsonAt', { line: place[1], column: place[2] })
    : t('admin.invalidJsonPlain');
}

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? t('common.error')}
      description={errorText(error, t)}
      style={{ marginBottom: 16 }}
    />
  );
}
