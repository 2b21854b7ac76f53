import {
  Alert,
  Button,
  Card,
  Col,
  Input,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { getBlob, getJson, request } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useAuth } from '../../auth/auth';
import { ErrorAlert } from '../../components/errors';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';
import {
  type Campaign,
  type CampaignItem,
  type CampaignStanding,
  type RemindersSent,
} from './cycle-api';
import { type CycleKey, useCycleTexts } from './cycle-texts';

const STANDING_COLOURS: Record<CampaignStanding, string> = {
  completed: 'green',
  overdue: 'red',
  inProgress: 'blue',
  notStarted: 'default',
  cancelled: 'default',
};

/** One campaign: counts, each unit's standing, reminders to the late ones, the Excel export. */
export function CampaignPage() {
  const { id = '' } = useParams();
  const ct = useCycleTexts();
  const { date, dateTime } = useI18n();
  const auth = useAuth();
  const mayDispatch = auth.hasRole('admin') || (auth.hasRole('official') && auth.can('dispatcher'));
  const campaign = useLoad(() => getJson<Campaign>(`/api/campaigns/${id}`), [id]);
  const [message, setMessage] = useState('');
  const [sent, setSent] = useState<RemindersSent | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(campaign.data?.title ?? ct('campaigns.title'));

  const remind = async () => {
    setBusy(true);
    setActionError(null);
    try {
      const { body } = await request<RemindersSent>(`/api/campaigns/${id}/reminders`, {
        method: 'POST',
        body: message.trim() ? { message: message.trim() } : {},
      });
      setSent(body);
      setMessage('');
      campaign.reload();
    } catch (failure) {
      setActionError(failure);
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    setActionError(null);
    try {
      const blob = await getBlob(`/api/campaigns/${id}/export`);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `tien-do-${id}.xlsx`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (failure) {
      setActionError(failure);
    }
  };

  const data = campaign.data;
  if (!data) return campaign.error ? <ErrorAlert error={campaign.error} /> : <Skeleton active />;
  const counts: Array<[CycleKey, number]> = [
    ['campaigns.total', data.progress.total],
    ['campaigns.completed', data.progress.completed],
    ['campaigns.overdue', data.progress.overdue],
    ['campaigns.inProgress', data.progress.inProgress],
    ['campaigns.notStarted', data.progress.notStarted],
  ];
  return (
    <>
      <Typography.Title level={2}>{data.title}</Typography.Title>
      <Typography.Paragraph>
        {data.directiveSymbol && data.directiveId && (
          <>
            <Link to="/directives">
              {ct('campaigns.from', { symbol: data.directiveSymbol, point: data.point ?? '' })}
            </Link>
            {' — '}
          </>
        )}
        {ct('campaigns.dueDate')}: <strong>{date(data.dueDate)}</strong>
      </Typography.Paragraph>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {counts.map(([key, value]) => (
          <Col key={key} xs={12} md={4}>
            <Card size="small">
              <Statistic title={ct(key)} value={value} />
            </Card>
          </Col>
        ))}
      </Row>
      <ErrorAlert error={actionError} />
      {sent && (
        <Alert
          type="success"
          role="status"
          style={{ marginBottom: 16 }}
          title={ct('campaigns.reminded', {
            count: sent.instanceIds.length,
            notified: sent.notified,
          })}
        />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        {mayDispatch && (
          <>
            <Input
              aria-label={ct('campaigns.remindMessage')}
              placeholder={ct('campaigns.remindMessage')}
              value={message}
              maxLength={1000}
              onChange={(event) => setMessage(event.target.value)}
              style={{ width: 320 }}
            />
            <Button
              danger
              disabled={data.progress.overdue === 0}
              loading={busy}
              onClick={() => void remind()}
            >
              {ct('campaigns.remind')}
            </Button>
          </>
        )}
        <Button onClick={() => void download()}>{ct('campaigns.export')}</Button>
        {data.lastRemindedAt && (
          <Typography.Text type="secondary">
            {ct('campaigns.lastReminded', { at: dateTime(data.lastRemindedAt) })}
          </Typography.Text>
        )}
      </Space>
      <Table<CampaignItem>
        rowKey="instanceId"
        dataSource={data.items}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            title: ct('campaigns.unit'),
            dataIndex: 'orgUnitName',
            render: (name: string, item) => (
              <Link to={`/instances/${item.instanceId}`}>{name}</Link>
            ),
          },
          {
            title: ct('campaigns.standing'),
            dataIndex: 'standing',
            render: (standing: CampaignStanding) => (
              <Tag color={STANDING_COLOURS[standing]}>{ct(`campaigns.${standing}`)}</Tag>
            ),
          },
          { title: ct('campaigns.step'), dataIndex: 'stateTitle' },
          {
            title: ct('campaigns.document'),
            render: (_, item) =>
              item.status === 'completed' ? (
                <Link to={`/instances/${item.instanceId}/document`}>
                  {ct('campaigns.document')}
                </Link>
              ) : null,
          },
          {
            title: ct('campaigns.updatedAt'),
            dataIndex: 'updatedAt',
            render: (at: string) => dateTime(at),
          },
        ]}
      />
    </>
  );
}
