import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, getJson } from '../api/client';
import { useReference } from '../api/reference';
import { type InboxCounts, type InboxItem, type InboxPage as InboxPageBody } from '../api/types';
import { useLoad } from '../api/use-load';
import { ErrorAlert } from '../components/errors';
import { ReturnedLine, ReturnedTag } from '../components/ReturnedNotice';
import { OverdueTag, StateTag } from '../components/StatusTags';
import { useDefinitions, useStateTitle } from '../components/useDefinitions';
import { usePageTitle } from '../components/usePageTitle';
import { DATE_FORMAT, useI18n } from '../i18n/i18n';

const PAGE_SIZE = 20;
const COUNT_LIMIT = 100;
const SOON_DAYS = 3;

interface Filters {
  q: string;
  definitionKey: string;
  overdue: boolean;
  dueBefore: string;
}

function readFilters(params: URLSearchParams): Filters {
  return {
    q: params.get('q') ?? '',
    definitionKey: params.get('definitionKey') ?? '',
    overdue: params.get('overdue') === 'true',
    dueBefore: params.get('dueBefore') ?? '',
  };
}

function query(filters: Filters, extra: Record<string, string | number | undefined> = {}) {
  return {
    q: filters.q || undefined,
    definitionKey: filters.definitionKey || undefined,
    overdue: filters.overdue ? 'true' : undefined,
    dueBefore: filters.dueBefore
      ? dayjs(filters.dueBefore, 'YYYY-MM-DD').endOf('day').toISOString()
      : undefined,
    ...extra,
  };
}

export function InboxPage() {
  const { t, date, dateTime, pick } = useI18n();
  const reference = useReference();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const [searchText, setSearchText] = useState(filters.q);
  const [extra, setExtra] = useState<InboxItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  usePageTitle(t('inbox.title'));

  const filterKey = params.toString();
  const page = useLoad(
    () => getJson<InboxPageBody>('/api/inbox', { query: query(filters, { limit: PAGE_SIZE }) }),
    [filterKey],
  );
  const counts = useLoad(async (): Promise<InboxCounts & { more?: boolean }> => {
    try {
      return await getJson<InboxCounts>('/api/inbox/counts', {
        query: { dueSoonHours: SOON_DAYS * 24 },
      });
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      // A server without the counts route: count the first page of the inbox here.
      const page = await getJson<InboxPageBody>('/api/inbox', { query: { limit: COUNT_LIMIT } });
      const soon = dayjs().add(SOON_DAYS, 'day');
      return {
        total: page.items.length,
        more: page.nextCursor !== null,
        overdue: page.items.filter((item) => item.overdue).length,
        dueSoon: page.items.filter(
          (item) => !item.overdue && item.dueAt && dayjs(item.dueAt).isBefore(soon),
        ).length,
      };
    }
  }, []);

  useEffect(() => {
    setExtra([]);
    setCursor(page.data?.nextCursor ?? null);
  }, [page.data]);

  const items = useMemo(() => [...(page.data?.items ?? []), ...extra], [page.data, extra]);
  const definitions = useDefinitions(items.map((item) => item.definitionKey));
  const stateTitle = useStateTitle(definitions);

  const update = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    const search = new URLSearchParams();
    if (next.q) search.set('q', next.q);
    if (next.definitionKey) search.set('definitionKey', next.definitionKey);
    if (next.overdue) search.set('overdue', 'true');
    if (next.dueBefore) search.set('dueBefore', next.dueBefore);
    setParams(search, { replace: true });
  };

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const next = await getJson<InboxPageBody>('/api/inbox', {
        query: query(filters, { limit: PAGE_SIZE, cursor }),
      });
      setExtra((previous) => [...previous, ...next.items]);
      setCursor(next.nextCursor);
    } finally {
      setLoadingMore(false);
    }
  };

  const more = counts.data?.more ? '+' : '';
  const overdueCount = counts.data?.overdue ?? 0;
  const soonCount = counts.data?.dueSoon ?? 0;

  const due = (item: InboxItem) =>
    item.dueAt ? (
      <span title={dateTime(item.dueAt)}>{date(item.dueAt)}</span>
    ) : (
      <Typography.Text type="secondary">{t('inbox.noDeadline')}</Typography.Text>
    );

  const titleLink = (item: InboxItem) => (
    <>
      <Link to={`/instances/${item.instanceId}`} className="data-text">
        {item.title}
      </Link>
      {item.returned && (
        <div>
          <ReturnedTag notice={item.returned} />
          <ReturnedLine notice={item.returned} />
        </div>
      )}
    </>
  );

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('inbox.title')}
      </Typography.Title>

      <section aria-label={t('inbox.counts')}>
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          <Col xs={8}>
            <Card size="small">
              <Statistic
                title={t('inbox.count.total')}
                value={counts.loading ? '…' : `${counts.data?.total ?? 0}${more}`}
              />
            </Card>
          </Col>
          <Col xs={8}>
            <Card size="small" className={overdueCount > 0 ? 'overdue-card' : undefined}>
              <Statistic
                title={t('inbox.count.overdue')}
                value={counts.loading ? '…' : overdueCount}
                styles={{ content: overdueCount > 0 ? { color: '#a8071a' } : undefined }}
              />
            </Card>
          </Col>
          <Col xs={8}>
            <Card size="small">
              <Statistic
                title={t('inbox.count.dueSoon')}
                value={counts.loading ? '…' : soonCount}
              />
            </Card>
          </Col>
        </Row>
      </section>

      <section aria-label={t('inbox.filters')}>
        <Form layout="vertical" component="div">
          <Row gutter={[12, 0]}>
            <Col xs={24} md={10}>
              <Form.Item label={t('inbox.search')} htmlFor="inbox-q">
                <Input.Search
                  id="inbox-q"
                  allowClear
                  placeholder={t('inbox.searchPlaceholder')}
                  value={searchText}
                  enterButton={t('inbox.search')}
                  onChange={(event) => setSearchText(event.target.value)}
                  onSearch={(value) => update({ q: value.trim() })}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={6}>
              <Form.Item label={t('inbox.filter.workflow')} htmlFor="inbox-workflow">
                <Select
                  id="inbox-workflow"
                  value={filters.definitionKey}
                  onChange={(value: string) => update({ definitionKey: value })}
                  options={[
                    { value: '', label: t('inbox.filter.allWorkflows') },
                    ...reference.definitions.map((d) => ({
                      value: d.key,
                      label: pick(d.title, d.titleEn),
                    })),
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} md={4}>
              <Form.Item label={t('inbox.filter.dueBefore')} htmlFor="inbox-due">
                <DatePicker
                  id="inbox-due"
                  format={DATE_FORMAT}
                  style={{ width: '100%' }}
                  value={filters.dueBefore ? dayjs(filters.dueBefore, 'YYYY-MM-DD') : null}
                  onChange={(value: Dayjs | null) =>
                    update({ dueBefore: value ? value.format('YYYY-MM-DD') : '' })
                  }
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} md={4}>
              <Form.Item label={t('inbox.filter.overdueOnly')} htmlFor="inbox-overdue">
                <Switch
                  id="inbox-overdue"
                  checked={filters.overdue}
                  onChange={(checked) => update({ overdue: checked })}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </section>

      <ErrorAlert error={page.error} />

      <section aria-label={t('inbox.list')}>
        {screens.md ? (
          <Table<InboxItem>
            rowKey={(item) => item.taskId ?? `${item.instanceId}:${item.state}`}
            loading={page.loading}
            dataSource={items}
            pagination={false}
            rowClassName={(item) => (item.overdue ? 'row-overdue' : '')}
            locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
            columns={[
              { title: t('inbox.col.title'), key: 'title', render: (_, item) => titleLink(item) },
              {
                title: t('inbox.col.workflow'),
                key: 'workflow',
                render: (_, item) => reference.definitionTitle(item.definitionKey),
              },
              {
                title: t('inbox.col.state'),
                key: 'state',
                render: (_, item) => (
                  <StateTag>{stateTitle(item.definitionKey, item.state)}</StateTag>
                ),
              },
              {
                title: t('inbox.col.unit'),
                key: 'unit',
                render: (_, item) => reference.unitName(item.orgUnitId),
              },
              {
                title: t('claim.claimedBy'),
                key: 'claimedBy',
                render: (_, item) =>
                  item.claimedBy
                    ? item.claimedBy.fullName || item.claimedBy.username
                    : t('claim.nobody'),
              },
              {
                title: t('inbox.col.due'),
                key: 'due',
                render: (_, item) => (
                  <Space size={4} wrap>
                    {due(item)}
                    {item.overdue && <OverdueTag />}
                  </Space>
                ),
              },
            ]}
          />
        ) : (
          <List<InboxItem>
            loading={page.loading}
            dataSource={items}
            locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
            renderItem={(item) => (
              <List.Item style={{ padding: '4px 0' }}>
                <Card
                  size="small"
                  style={{ width: '100%' }}
                  className={item.overdue ? 'overdue-card' : undefined}
                >
                  <div style={{ fontWeight: 600 }}>{titleLink(item)}</div>
                  <div>{reference.definitionTitle(item.definitionKey)}</div>
                  <Space size={4} wrap style={{ marginTop: 4 }}>
                    <StateTag>{stateTitle(item.definitionKey, item.state)}</StateTag>
                    {item.overdue && <OverdueTag />}
                  </Space>
                  <div style={{ marginTop: 4 }}>
                    {t('inbox.col.unit')}: {reference.unitName(item.orgUnitId)}
                  </div>
                  <div>
                    {t('inbox.col.due')}: {due(item)}
                  </div>
                  {item.claimedBy && (
                    <div>
                      {t('claim.claimedBy')}: {item.claimedBy.fullName || item.claimedBy.username}
                    </div>
                  )}
                </Card>
              </List.Item>
            )}
          />
        )}
        {cursor && (
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            <Button onClick={() => void loadMore()} loading={loadingMore}>
              {t('inbox.loadMore')}
            </Button>
          </div>
        )}
      </section>
    </>
  );
}
