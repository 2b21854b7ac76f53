import { Button, Card, DatePicker, Skeleton, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { getBlob, getJson } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { ErrorAlert } from '../../components/errors';
import { usePageTitle } from '../../components/usePageTitle';
import { DATE_FORMAT, useI18n } from '../../i18n/i18n';
import { type ChartSeries } from './ScorecardChart';

// Chart.js comes with this page only: the inbox and the case pages never download it.
const ScorecardChart = lazy(() => import('./ScorecardChart'));

interface Counts {
  onTime: number;
  late: number;
  inProgress: number;
  overdue: number;
  cancelled: number;
  notStarted: number;
  total: number;
}

interface Scorecard {
  rows: Array<{ unit: { id: string; slug: string; name: string }; totals: Counts }>;
}

interface Row extends Counts {
  id: string;
  name: string;
}

// Colour-blind-safe (Okabe–Ito) and readable on white.
const BUCKETS = [
  { key: 'onTime', color: '#009E73' },
  { key: 'late', color: '#E69F00' },
  { key: 'overdue', color: '#D55E00' },
  { key: 'notStarted', color: '#56B4E9' },
] as const;

/** The Dân vận Board's view of every commune: on time, late, overdue, not started. */
export function MonitoringPage() {
  const { t } = useI18n();
  usePageTitle(t('monitoring.title'));
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(() => [
    dayjs().startOf('year'),
    dayjs().endOf('day'),
  ]);
  const query = useMemo(
    () => ({
      from: period[0].format('YYYY-MM-DD'),
      // `to` is exclusive; a date alone includes that whole day.
      to: period[1].add(1, 'day').format('YYYY-MM-DD'),
    }),
    [period],
  );
  const scorecard = useLoad(
    () => getJson<Scorecard>('/api/monitoring/scorecard', { query }),
    [query],
  );
  const [exportError, setExportError] = useState<unknown>(null);
  const rows: Row[] = useMemo(
    () =>
      (scorecard.data?.rows ?? []).map((r) => ({ id: r.unit.id, name: r.unit.name, ...r.totals })),
    [scorecard.data],
  );
  const series: ChartSeries[] = useMemo(
    () =>
      BUCKETS.map((b) => ({
        label: t(`monitoring.${b.key}`),
        color: b.color,
        values: rows.map((r) => r[b.key]),
      })),
    [rows, t],
  );
  const units = useMemo(() => rows.map((r) => r.name), [rows]);

  const download = async () => {
    setExportError(null);
    try {
      const blob = await getBlob('/api/monitoring/scorecard/export', { query });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `theo-doi-tien-do-${query.from}.xlsx`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (failure) {
      setExportError(failure);
    }
  };

  const number = (key: keyof Counts) => ({
    title: t(`monitoring.${key}`),
    dataIndex: key,
    key,
    align: 'right' as const,
    sorter: (a: Row, b: Row) => a[key] - b[key],
  });

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('monitoring.title')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          aria-label={t('monitoring.period')}
          format={DATE_FORMAT}
          value={period}
          allowClear={false}
          onChange={(range) => {
            if (range?.[0] && range[1]) setPeriod([range[0], range[1]]);
          }}
        />
        <Button onClick={() => void download()}>{t('monitoring.export')}</Button>
      </Space>
      <ErrorAlert error={scorecard.error ?? exportError} />
      {scorecard.loading && !scorecard.data ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card title={<h2 className="card-heading">{t('monitoring.chart')}</h2>} size="small">
            <Suspense fallback={<Skeleton active />}>
              <ScorecardChart units={units} series={series} label={t('monitoring.chartLabel')} />
            </Suspense>
          </Card>
          <Card title={<h2 className="card-heading">{t('monitoring.table')}</h2>} size="small">
            <Table<Row>
              rowKey="id"
              size="small"
              dataSource={rows}
              pagination={false}
              scroll={{ x: 720 }}
              columns={[
                { title: t('monitoring.unit'), dataIndex: 'name', key: 'name' },
                number('onTime'),
                number('late'),
                number('overdue'),
                number('notStarted'),
                number('inProgress'),
                number('total'),
              ]}
            />
          </Card>
        </Space>
      )}
    </>
  );
}
