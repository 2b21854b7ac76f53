import { useEffect } from 'react';
import { useI18n } from '../i18n/i18n';

/** Names the browser tab after the page, for screen readers and history. */
export function usePageTitle(title: string | undefined): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = title ? `${title} — ${t('app.title')}` : t('app.title');
  }, [title, t]);
}
