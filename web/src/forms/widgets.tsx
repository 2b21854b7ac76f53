import { DatePicker, Select } from 'antd';
import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';
import dayjs from 'dayjs';
import { DATE_FORMAT } from '../i18n/i18n';
import { useReference } from '../api/reference';
import { useI18n } from '../i18n/i18n';

/** A JSON Schema `format: date` value (YYYY-MM-DD) picked and shown as dd/MM/yyyy. */
export function VietnameseDateWidget(props: WidgetProps) {
  const { id, disabled, readonly, onChange, onBlur, onFocus, placeholder, required } = props;
  const value: unknown = props.value;
  const parsed = typeof value === 'string' && value ? dayjs(value, 'YYYY-MM-DD') : null;
  return (
    <DatePicker
      id={id}
      name={id}
      format={DATE_FORMAT}
      value={parsed && parsed.isValid() ? parsed : null}
      disabled={disabled || readonly}
      placeholder={placeholder || DATE_FORMAT.toLowerCase()}
      aria-required={required}
      aria-describedby={ariaDescribedByIds(id)}
      style={{ width: '100%' }}
      onChange={(next) => onChange(next ? next.format('YYYY-MM-DD') : undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}

/** A unit id chosen from the organisation list by name. */
export function OrgUnitWidget(props: WidgetProps) {
  const { id, disabled, readonly, onChange, onBlur, onFocus } = props;
  const value: unknown = props.value;
  const { units } = useReference();
  const { pick } = useI18n();
  return (
    <Select
      id={id}
      value={typeof value === 'string' && value ? value : undefined}
      disabled={disabled || readonly}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      aria-describedby={ariaDescribedByIds(id)}
      style={{ width: '100%' }}
      options={units.map((unit) => ({ value: unit.id, label: pick(unit.name, unit.nameEn) }))}
      onChange={(next: string | undefined) => onChange(next || undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
