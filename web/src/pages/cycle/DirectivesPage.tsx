import {
  Button,
  Card,
  Descriptions,
  Empty,
  List,
  Progress,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { Link } from 'react-router';
import { getJson } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { useAuth } from '../../auth/auth';
import { ErrorAlert } from '../../components/errors';
import { usePageTitle } from '../../components/usePageTitle';
import { useI18n } from '../../i18n/i18n';
import { type Directive } from './cycle-api';
import { useCycleTexts } from './cycle-texts';

/** The directives on record, each point with the campaigns sent from it. */
export function DirectivesPage() {
  const ct = useCycleTexts();
  usePageTitle(ct('directives.title'));
  const list = useLoad(() => getJson<Directive[]>('/api/directives'), []);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {ct('directives.title')}
      </Typography.Title>
      <ErrorAlert error={list.error} />
      {list.loading && <Skeleton active />}
      {list.data?.length === 0 && <Empty description={ct('directives.empty')} />}
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {list.data?.map((directive) => (
          <DirectiveCard key={directive.id} id={directive.id} />
        ))}
      </Space>
    </>
  );
}

function DirectiveCard({ id }: { id: string }) {
  const ct = useCycleTexts();
  const { date } = useI18n();
  const auth = useAuth();
  const mayDispatch = auth.hasRole('admin') || (auth.hasRole('official') && auth.can('dispatcher'));
  const detail = useLoad(() => getJson<Directive>(`/api/directives/${id}`), [id]);
  const directive = detail.data;
  if (!directive) return detail.error ? <ErrorAlert error={detail.error} /> : <Skeleton active />;
  return (
    <Card title={`${ct('directives.number')} ${directive.symbol}`} data-testid="directive">
      <Typography.Paragraph strong>{directive.title}</Typography.Paragraph>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={ct('directives.issuer')}>{directive.issuer}</Descriptions.Item>
        <Descriptions.Item label={ct('directives.issuedAt')}>
          {date(directive.issuedAt)}
        </Descriptions.Item>
        {directive.recipients.length > 0 && (
          <Descriptions.Item label={ct('directives.recipients')}>
            {directive.recipients.join('; ')}
          </Descriptions.Item>
        )}
      </Descriptions>
      <List
        dataSource={directive.points}
        renderItem={(point) => (
          <List.Item key={point.no}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>{ct('directives.point', { no: point.no })}</Typography.Text>
              <Typography.Paragraph style={{ marginBottom: 0 }}>{point.text}</Typography.Paragraph>
              {(point.campaigns ?? []).length === 0 ? (
                <Typography.Text type="secondary">{ct('directives.noCampaigns')}</Typography.Text>
              ) : (
                point.campaigns?.map((campaign) => (
                  <Space key={campaign.id} wrap>
                    <Link to={`/campaigns/${campaign.id}`}>{campaign.title}</Link>
                    <Progress
                      percent={Math.round(
                        (100 * campaign.progress.completed) / Math.max(campaign.progress.total, 1),
                      )}
                      size="small"
                      style={{ width: 160 }}
                      aria-label={ct('campaigns.progress')}
                    />
                    <Typography.Text type="secondary">
                      {ct('campaigns.completed')}: {campaign.progress.completed}/
                      {campaign.progress.total}; {ct('campaigns.overdue')}:{' '}
                      {campaign.progress.overdue}
                    </Typography.Text>
                  </Space>
                ))
              )}
              {mayDispatch && (
                <Link to={`/campaigns/new?directiveId=${directive.id}&point=${point.no}`}>
                  <Button size="small">{ct('directives.dispatch')}</Button>
                </Link>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
