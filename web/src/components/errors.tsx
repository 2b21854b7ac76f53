import { Alert } from 'antd';
import { ApiError } from '../api/client';
import { useI18n, type I18n } from '../i18n/i18n';

/** A human sentence for a failed request (the server's message when it said one). */
export function errorText(error: unknown, t: I18n['t']): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return t('common.forbidden');
    if (error.status === 404) return t('common.notFound');
    return error.body?.message ?? t('common.error');
  }
  if (error instanceof TypeError) return t('common.offline');
  return t('common.error');
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
