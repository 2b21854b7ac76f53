import { Tag } from 'antd';
import { useI18n } from '../i18n/i18n';

// Colours chosen for WCAG AA contrast of the tag text on its background.
const STATUS_STYLE: Record<string, { color: string; background: string; border: string }> = {
  active: { color: '#0b3d91', background: '#e6f0ff', border: '#8fb3f5' },
  completed: { color: '#135200', background: '#f0f9eb', border: '#95de64' },
  cancelled: { color: '#434343', background: '#f5f5f5', border: '#bfbfbf' },
};

export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  const style = STATUS_STYLE[status] ?? STATUS_STYLE.cancelled;
  const label =
    status === 'active' || status === 'completed' || status === 'cancelled'
      ? t(`instance.status.${status}`)
      : status;
  return (
    <Tag style={{ color: style.color, background: style.background, borderColor: style.border }}>
      {label}
    </Tag>
  );
}

export function OverdueTag() {
  const { t } = useI18n();
  return (
    <Tag style={{ color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' }}>
      {t('inbox.overdue')}
    </Tag>
  );
}

export function StateTag({ children }: { children: string }) {
  return (
    <Tag style={{ color: '#391085', background: '#f9f0ff', borderColor: '#d3adf7' }}>
      {children}
    </Tag>
  );
}
