import { Descriptions, Grid, Skeleton, Typography } from 'antd';
import { type ReactNode } from 'react';
import { useReference } from '../api/reference';
import { orderKeys } from '../forms/localize-schema';
import { useI18n } from '../i18n/i18n';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export interface FieldText {
  labels: Map<string, string>;
  enums: Map<string, Map<string, string>>;
  nodes: Map<string, Record<string, unknown>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Form data shown read-only with the form's own labels. Every value is rendered as React text, so
 * markup in the data (`<script>` and all) shows as the characters it is.
 */
export function DataView({
  data,
  text,
  loading = false,
}: {
  data: Record<string, unknown>;
  text: FieldText;
  /** True while the form's labels are still loading: a skeleton, not the raw field keys. */
  loading?: boolean;
}) {
  const { t } = useI18n();
  if (loading) return <Skeleton active title={false} paragraph={{ rows: 3 }} />;
  if (Object.keys(data).length === 0) {
    return <Typography.Text type="secondary">{t('instance.noData')}</Typography.Text>;
  }
  return <ObjectView value={data} pointer="" text={text} />;
}

function ObjectView({
  value,
  pointer,
  text,
}: {
  value: Record<string, unknown>;
  pointer: string;
  text: FieldText;
}) {
  // Side by side from tablet width; label above value on a phone, where columns get too narrow.
  const wide = Grid.useBreakpoint().sm ?? true;
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      layout={wide ? 'horizontal' : 'vertical'}
      styles={wide ? { label: { width: '32%', minWidth: 110 } } : undefined}
      items={orderKeys(Object.keys(value), text.nodes.get(pointer)).map((key) => {
        const child = value[key];
        const childPointer = `${pointer}/${key}`;
        return {
          key,
          label: text.labels.get(childPointer) ?? key,
          children: <ValueView value={child} pointer={childPointer} text={text} />,
        };
      })}
    />
  );
}

/** One value of form data, formatted (dates, units, choices) as in the case view. */
export function ValueView({
  value,
  pointer,
  text,
}: {
  value: unknown;
  pointer: string;
  text: FieldText;
}): ReactNode {
  const { date, dateTime, t } = useI18n();
  const { units, unitName } = useReference();
  if (value === null || value === undefined || value === '') return t('common.none');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const enumLabel = text.enums.get(pointer)?.get(value);
    if (enumLabel) return enumLabel;
    if (ISO_DATE.test(value)) return date(value);
    if (ISO_DATE_TIME.test(value)) return dateTime(value);
    if (units.some((unit) => unit.id === value)) return unitName(value);
    return <span className="data-text">{value}</span>;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return t('common.none');
    if (value.every((item) => !isRecord(item) && !Array.isArray(item))) {
      return (
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {(value as unknown[]).map((item, index) => (
            <li key={index}>
              <ValueView value={item} pointer={pointer} text={text} />
            </li>
          ))}
        </ul>
      );
    }
    return (
      <ol style={{ margin: 0, paddingInlineStart: 20 }}>
        {(value as unknown[]).map((item, index) => (
          <li key={index} style={{ marginBottom: 8 }}>
            {isRecord(item) ? (
              <ObjectView value={item} pointer={pointer} text={text} />
            ) : (
              <ValueView value={item} pointer={pointer} text={text} />
            )}
          </li>
        ))}
      </ol>
    );
  }
  if (isRecord(value)) return <ObjectView value={value} pointer={pointer} text={text} />;
  return <span className="data-text">{JSON.stringify(value)}</span>;
}
