import {
  Button,
  Col,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { getJson } from '../api/client';
import { useReference } from '../api/reference';
import { type CaseRelation, type MyCase, type MyCasesPage as Page } from '../api/types';
import { useLoad } from '../api/use-load';
import { ErrorAlert } from '../components/errors';
import { ReturnedLine, ReturnedTag } from '../components/ReturnedNotice';
import { OverdueTag, StateTag, StatusTag } from '../components/StatusTags';
import { useDefinitions, useStateTitle } from '../components/useDefinitions';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n/i18n';

const PAGE_SIZE = 20;
const RELATIONS: CaseRelation[] = ['created', 'acted', 'followed', 'copied'];
const FILTER_NAMES = ['q', 'definitionKey', 'status', 'overdue'] as const;

/** "Hồ sơ của tôi": what I started, acted on and follow, with the inbox's filters and paging. */
export function MyCasesPage() {
  const { t, date, pick } = useI18n();
  const reference = useReference();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const relation = (RELATIONS as string[]).includes(params.get('relation') ?? '')
    ? (params.get('relation') as CaseRelation)
    : 'created';
  const [searchText, setSearchText] = useState(params.get('q') ?? '');
  const [extra, setExtra] = useState<MyCase[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  usePageTitle(t('myCases.title'));

  const query = Object.fromEntries(
    FILTER_NAMES.map((name) => [name, params.get(name) ?? undefined]),
  );
  const filterKey = params.toString();
  const page = useLoad(
    () => getJson<Page>('/api/instances', { query: { ...query, relation, limit: PAGE_SIZE } }),
    [filterKey],
  );
  useEffect(() => {
    setExtra([]);
    setCursor(page.data?.nextCursor ?? null);
  }, [page.data]);
  const items = useMemo(() => [...(page.data?.items ?? []), ...extra], [page.data, extra]);
  const definitions = useDefinitions(items.map((item) => item.definitionKey));
  const stateTitle = useStateTitle(definitions);

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(patch)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setParams(next, { replace: true });
  };

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const next = await getJson<Page>('/api/instances', {
        query: { ...query, relation, limit: PAGE_SIZE, cursor },
      });
      setExtra((previous) => [...previous, ...next.items]);
      setCursor(next.nextCursor);
    } finally {
      setLoadingMore(false);
    }
  };

  const filtered = FILTER_NAMES.some((name) => params.get(name));
  const empty = (
    <Empty description={filtered ? t('common.noMatch') : t(`myCases.empty.${relation}`)} />
  );
  const title = (item: MyCase) => (
    <>
      <Link to={`/instances/${item.instanceId}`} className="data-text">
        {item.title}
      </Link>
      {item.returned && item.status === 'active' && (
        <div>
          <ReturnedTag notice={item.returned} />
          <ReturnedLine notice={item.returned} />
        </div>
      )}
    </>
  );
  const stateCell = (item: MyCase) => (
    <Space size={4} wrap>
      <StateTag>{stateTitle(item.definitionKey, item.state)}</StateTag>
      <StatusTag status={item.status} />
      {item.overdue && <OverdueTag />}
    </Space>
  );

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('myCases.title')}
      </Typography.Title>
      <Tabs
        // Small, with a narrow gutter: the four lists fit a 390 px phone, so antd never adds its
        // overflow menu, which axe flags inside the tab list.
        size="small"
        tabBarGutter={16}
        activeKey={relation}
        onChange={(key) => update({ relation: key })}
        items={RELATIONS.map((key) => ({ key, label: t(`myCases.tab.${key}`) }))}
      />
      <section aria-label={t('inbox.filters')}>
        <Form layout="vertical" component="div">
          <Row gutter={[12, 0]}>
            <Col xs={24} md={10}>
              <Form.Item label={t('inbox.search')} htmlFor="cases-q">
                <Input.Search
                  id="cases-q"
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
              <Form.Item label={t('inbox.filter.workflow')} htmlFor="cases-workflow">
                <Select
                  id="cases-workflow"
                  value={params.get('definitionKey') ?? ''}
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
              <Form.Item label={t('instance.status')} htmlFor="cases-status">
                <Select
                  id="cases-status"
                  value={params.get('status') ?? ''}
                  onChange={(value: string) => update({ status: value })}
                  options={[
                    { value: '', label: t('myCases.allStatuses') },
                    { value: 'active', label: t('instance.status.active') },
                    { value: 'completed', label: t('instance.status.completed') },
                    { value: 'cancelled', label: t('instance.status.cancelled') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} md={4}>
              <Form.Item label={t('inbox.filter.overdueOnly')} htmlFor="cases-overdue">
                <Switch
                  id="cases-overdue"
                  checked={params.get('overdue') === 'true'}
                  onChange={(checked) => update({ overdue: checked ? 'true' : '' })}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </section>
      <ErrorAlert error={page.error} />
      <section aria-label={t('myCases.list')}>
        <Typography.Paragraph className="result-total" aria-live="polite">
          {page.data ? t('common.total', { count: page.data.total }) : ' '}
        </Typography.Paragraph>
        {screens.md ? (
          <Table<MyCase>
            rowKey="instanceId"
            loading={page.loading}
            dataSource={items}
            pagination={false}
            locale={{ emptyText: empty }}
            columns={[
              { title: t('inbox.col.title'), key: 'title', render: (_, item) => title(item) },
              {
                title: t('inbox.col.workflow'),
                key: 'workflow',
                render: (_, item) => reference.definitionTitle(item.definitionKey),
              },
              { title: t('inbox.col.state'), key: 'state', render: (_, item) => stateCell(item) },
              {
                title: t('inbox.col.unit'),
                key: 'unit',
                render: (_, item) => reference.unitName(item.orgUnitId),
              },
              {
                title: t('myCases.col.updated'),
                key: 'updated',
                render: (_, item) => date(item.updatedAt),
              },
            ]}
          />
        ) : (
          <List<MyCase>
            loading={page.loading}
            dataSource={items}
            locale={{ emptyText: empty }}
            renderItem={(item) => (
              <List.Item style={{ display: 'block' }}>
                <div style={{ fontWeight: 600 }}>{title(item)}</div>
                <div>{reference.definitionTitle(item.definitionKey)}</div>
                {stateCell(item)}
                <div>
                  {t('myCases.col.updated')}: {date(item.updatedAt)}
                </div>
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
