import { Button, Empty, Skeleton, Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { getJson } from '../../api/client';
import { useReference } from '../../api/reference';
import { useLoad } from '../../api/use-load';
import { useAuth } from '../../auth/auth';
import { ErrorAlert } from '../../components/errors';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';
import { type CampaignSummary } from './cycle-api';
import { useCycleTexts } from './cycle-texts';

/** Every campaign, newest first, with its counts. */
export function CampaignsPage() {
  const ct = useCycleTexts();
  const { date } = useI18n();
  const auth = useAuth();
  const reference = useReference();
  usePageTitle(ct('campaigns.title'));
  const list = useLoad(() => getJson<CampaignSummary[]>('/api/campaigns'), []);
  const mayDispatch = auth.hasRole('admin') || (auth.hasRole('official') && auth.can('dispatcher'));
  return (
    <>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {ct('campaigns.title')}
        </Typography.Title>
        {mayDispatch && (
          <Link to="/campaigns/new">
            <Button type="primary">{ct('campaigns.new')}</Button>
          </Link>
        )}
      </Space>
      <ErrorAlert error={list.error} />
      {list.loading && <Skeleton active />}
      {list.data?.length === 0 && <Empty description={ct('campaigns.empty')} />}
      {list.data && list.data.length > 0 && (
        <Table<CampaignSummary>
          rowKey="id"
          dataSource={list.data}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            {
              title: ct('campaigns.task'),
              dataIndex: 'title',
              render: (title: string, row) => <Link to={`/campaigns/${row.id}`}>{title}</Link>,
            },
            {
              title: ct('campaigns.workflow'),
              dataIndex: 'definitionKey',
              render: (key: string) => reference.definitionTitle(key),
            },
            {
              title: ct('campaigns.dueDate'),
              dataIndex: 'dueDate',
              render: (due: string) => date(due),
            },
            {
              title: ct('campaigns.completed'),
              render: (_, row) => `${row.progress.completed}/${row.progress.total}`,
            },
            { title: ct('campaigns.overdue'), render: (_, row) => row.progress.overdue },
          ]}
        />
      )}
    </>
  );
}
