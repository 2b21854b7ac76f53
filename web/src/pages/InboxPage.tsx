import {
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Typography,
  message,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { getJson, request } from '../api/client';
import { useReference } from '../api/reference';
import {
  type InboxCounts,
  type InboxItem,
  type InboxPage as InboxPageBody,
  type InboxView,
} from '../api/types';
import { useLoad } from '../api/use-load';
import { useAuth } from '../auth/auth';
import { dismissEarlyInbox } from '../components/early-inbox-shell';
import { ErrorAlert, errorText } from '../components/errors';
import { FollowUpActions } from '../components/FollowUpActions';
import { ReturnedLine, ReturnedTag } from '../components/ReturnedNotice';
import { OverdueTag, StateTag } from '../components/StatusTags';
import { useDefinitions, useStateTitle } from '../components/useDefinitions';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n/i18n';

const PAGE_SIZE = 20;
const SOON_HOURS = 3 * 24;

type Kind = 'step' | 'escalation';
type Sort = 'due' | 'age';

interface Filters {
  q: string;
  definitionKey: string;
  /** 'true', 'false' (due soon excludes the overdue) or '' (either). */
  overdue: string;
  dueBefore: string;
  dueWithinHours: string;
  sort: Sort;
}

const FILTER_PARAMS = ['q', 'definitionKey', 'overdue', 'dueBefore', 'dueWithinHours'] as const;

function readFilters(params: URLSearchParams): Filters {
  return {
    q: params.get('q') ?? '',
    definitionKey: params.get('definitionKey') ?? '',
    overdue: params.get('overdue') ?? '',
    dueBefore: params.get('dueBefore') ?? '',
    dueWithinHours: params.get('dueWithinHours') ?? '',
    sort: params.get('sort') === 'age' ? 'age' : 'due',
  };
}

function filterQuery(filters: Filters, kind: Kind) {
  return {
    kind,
    q: filters.q || undefined,
    definitionKey: filters.definitionKey || undefined,
    overdue: filters.overdue || undefined,
    dueBefore: filters.dueBefore
      ? dayjs(filters.dueBefore, 'YYYY-MM-DD').endOf('day').toISOString()
      : undefined,
    dueWithinHours: filters.dueWithinHours || undefined,
    sort: filters.sort,
  };
}

/**
 * The inbox: what the caller can act on, and in a tab of its own the follow-up copies (đôn đốc)
 * of overdue steps in the units below. Filters live in the address, so a view is a link.
 */
export function InboxPage() {
  const { t, date, dateTime, pick } = useI18n();
  const reference = useReference();
  const auth = useAuth();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const kind: Kind = params.get('tab') === 'follow-ups' ? 'escalation' : 'step';
  const [searchText, setSearchText] = useState(filters.q);
  const [extra, setExtra] = useState<InboxItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [saving, setSaving] = useState(false);
  const [toast, toastHolder] = message.useMessage();
  usePageTitle(t('inbox.title'));

  const filterKey = params.toString();
  const filtered = FILTER_PARAMS.some((name) => params.get(name));
  const page = useLoad(
    () =>
      getJson<InboxPageBody>('/api/inbox', {
        query: { ...filterQuery(filters, kind), limit: PAGE_SIZE },
      }),
    [filterKey],
  );
  // The counters count the whole tab; the total under the filters counts what they match.
  const counts = useLoad(
    () => getJson<InboxCounts>('/api/inbox/counts', { query: { kind, dueSoonHours: SOON_HOURS } }),
    [kind],
  );
  const followUpCounts = useLoad(
    () => getJson<InboxCounts>('/api/inbox/counts', { query: { kind: 'escalation' } }),
    [],
  );
  const matching = useLoad(
    () =>
      filtered
        ? getJson<InboxCounts>('/api/inbox/counts', {
            query: { ...filterQuery(filters, kind), sort: undefined },
          })
        : Promise.resolve(null),
    [filterKey],
  );
  const views = useLoad(() => getJson<InboxView[]>('/api/inbox/views'), []);

  useEffect(() => {
    setExtra([]);
    setCursor(page.data?.nextCursor ?? null);
  }, [page.data]);

  const items = useMemo(() => [...(page.data?.items ?? []), ...extra], [page.data, extra]);
  const definitions = useDefinitions(items.map((item) => item.definitionKey));
  const stateTitle = useStateTitle(definitions);

  // The rows drawn before the app started (src/early-inbox.ts) give way once these rows can show
  // the same names (workflow, step, unit), before the browser paints: no flash of an empty table
  // or of raw keys. A name that never comes does not keep the page waiting for long.
  const namesReady = reference.loaded && items.every((item) => definitions.has(item.definitionKey));
  useLayoutEffect(() => {
    if (page.loading) return undefined;
    if (page.error || namesReady) {
      dismissEarlyInbox();
      return undefined;
    }
    const timer = window.setTimeout(dismissEarlyInbox, 2_000);
    return () => window.clearTimeout(timer);
  }, [page.loading, page.error, namesReady]);

  const setAll = (next: Record<string, string>) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(next)) if (value) search.set(name, value);
    setParams(search, { replace: true });
  };
  const update = (patch: Record<string, string>) =>
    setAll({ ...Object.fromEntries(params.entries()), ...patch });

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const next = await getJson<InboxPageBody>('/api/inbox', {
        query: { ...filterQuery(filters, kind), limit: PAGE_SIZE, cursor },
      });
      setExtra((previous) => [...previous, ...next.items]);
      setCursor(next.nextCursor);
    } finally {
      setLoadingMore(false);
    }
  };

  const tab = kind === 'escalation' ? 'follow-ups' : '';
  const total = counts.data?.total ?? 0;
  const overdueCount = counts.data?.overdue ?? 0;
  const soonCount = counts.data?.dueSoon ?? 0;
  const shown = filtered ? (matching.data?.total ?? null) : total;

  const counter = (
    key: string,
    label: string,
    value: number,
    active: boolean,
    apply: Record<string, string>,
    className?: string,
  ) => (
    <Col xs={8} key={key}>
      <button
        type="button"
        className={`counter-button${active ? ' counter-active' : ''}`}
        aria-pressed={active}
        onClick={() => setAll({ tab, sort: params.get('sort') ?? '', ...apply })}
      >
        <Card size="small" className={className}>
          <Statistic
            title={label}
            value={counts.loading ? '…' : value}
            styles={{
              content: key === 'overdue' && value > 0 ? { color: '#a8071a' } : undefined,
            }}
          />
        </Card>
      </button>
    </Col>
  );

  const applyView = (id: string) => {
    const view = views.data?.find((v) => v.id === id);
    if (!view) return;
    const f = view.filters;
    setAll({
      tab: f.kind === 'escalation' ? 'follow-ups' : '',
      q: f.q ?? '',
      definitionKey: f.definitionKey ?? '',
      overdue: f.overdue === undefined ? '' : String(f.overdue),
      dueWithinHours: f.dueWithinHours ? String(f.dueWithinHours) : '',
      dueBefore: f.dueBefore ? dayjs(f.dueBefore).format('YYYY-MM-DD') : '',
      sort: f.sort ?? '',
      view: view.id,
    });
    setSearchText(f.q ?? '');
  };

  const saveView = async (values: { name: string; shared: boolean }) => {
    setSaving(true);
    try {
      const body = filterQuery(filters, kind);
      await request('/api/inbox/views', {
        method: 'POST',
        body: {
          name: values.name,
          filters: {
            ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
            ...(body.dueWithinHours ? { dueWithinHours: Number(body.dueWithinHours) } : {}),
            ...(filters.overdue ? { overdue: filters.overdue === 'true' } : {}),
          },
          ...(values.shared && auth.user ? { sharedWithUnitId: auth.user.orgUnitId } : {}),
        },
      });
      setSaveOpen(false);
      views.reload();
      void toast.success(t('views.saved'));
    } catch (error) {
      void toast.error(errorText(error, t));
    } finally {
      setSaving(false);
    }
  };
  const [saveOpen, setSaveOpen] = useState(false);
  const [saveForm] = Form.useForm<{ name: string; shared: boolean }>();

  const deleteView = async (view: InboxView) => {
    await request(`/api/inbox/views/${view.id}`, { method: 'DELETE' });
    views.reload();
    if (params.get('view') === view.id) setAll({ tab });
  };
  const currentView = views.data?.find((v) => v.id === params.get('view'));

  const due = (item: InboxItem) =>
    item.dueAt ? (
      <span title={dateTime(item.dueAt)}>
        {date(item.dueAt)}
        {!item.overdue && item.remainingWorkingDays != null && (
          <Typography.Text type="secondary">
            {' · '}
            {t('inbox.workingDaysLeft', { n: item.remainingWorkingDays })}
          </Typography.Text>
        )}
      </span>
    ) : (
      <Typography.Text type="secondary">{t('inbox.noDeadline')}</Typography.Text>
    );

  const titleLink = (item: InboxItem) => (
    <>
      <Link to={`/instances/${item.instanceId}`} className="data-text">
        {item.title}
      </Link>
      {item.returned && kind === 'step' && (
        <div>
          <ReturnedTag notice={item.returned} />
          <ReturnedLine notice={item.returned} />
        </div>
      )}
    </>
  );

  const followUpActions = (item: InboxItem) => (
    <FollowUpActions item={item} onDone={(text) => void toast.success(text)} />
  );

  const empty = (
    <Empty
      description={
        filtered
          ? t('common.noMatch')
          : kind === 'escalation'
            ? t('followUps.empty')
            : t('inbox.empty')
      }
    />
  );

  const sortOrder = (column: Sort) => (filters.sort === column ? ('ascend' as const) : null);

  let list: ReactNode;
  if (screens.md) {
    list = (
      <Table<InboxItem>
        rowKey={(item) => item.taskId ?? `${item.instanceId}:${item.state}`}
        loading={page.loading}
        dataSource={items}
        pagination={false}
        rowClassName={(item) => (item.overdue ? 'row-overdue' : '')}
        locale={{ emptyText: empty }}
        showSorterTooltip={false}
        onChange={(_, __, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          update({ sort: one?.columnKey === 'received' && one.order ? 'age' : '' });
        }}
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
            render: (_, item) => <StateTag>{stateTitle(item.definitionKey, item.state)}</StateTag>,
          },
          {
            title: t('inbox.col.unit'),
            key: 'unit',
            render: (_, item) => reference.unitName(item.orgUnitId),
          },
          kind === 'escalation'
            ? {
                title: t('followUps.actions'),
                key: 'actions',
                render: (_, item) => followUpActions(item),
              }
            : {
                title: t('claim.claimedBy'),
                key: 'claimedBy',
                render: (_, item) =>
                  item.claimedBy
                    ? item.claimedBy.fullName || item.claimedBy.username
                    : t('claim.nobody'),
              },
          {
            title: t('inbox.col.received'),
            key: 'received',
            sorter: true,
            sortDirections: ['ascend'],
            sortOrder: sortOrder('age'),
            render: (_, item) => date(item.createdAt),
          },
          {
            title: t('inbox.col.due'),
            key: 'due',
            sorter: true,
            sortDirections: ['ascend'],
            sortOrder: sortOrder('due'),
            render: (_, item) => (
              <Space size={4} wrap>
                {due(item)}
                {item.overdue && <OverdueTag />}
              </Space>
            ),
          },
        ]}
      />
    );
  } else {
    list = (
      <List<InboxItem>
        loading={page.loading}
        dataSource={items}
        locale={{ emptyText: empty }}
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
              {kind === 'escalation' && followUpActions(item)}
            </Card>
          </List.Item>
        )}
      />
    );
  }

  return (
    <>
      {toastHolder}
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('inbox.title')}
      </Typography.Title>
      <Tabs
        activeKey={kind}
        onChange={(key) => setAll({ tab: key === 'escalation' ? 'follow-ups' : '' })}
        items={[
          { key: 'step', label: t('inbox.tab.mine') },
          {
            key: 'escalation',
            label: `${t('inbox.tab.followUps')}${followUpCounts.data ? ` (${followUpCounts.data.total})` : ''}`,
          },
        ]}
      />

      <section aria-label={t('inbox.counts')}>
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          {counter('total', t('inbox.count.total'), total, !filtered, {})}
          {counter(
            'overdue',
            t('inbox.count.overdue'),
            overdueCount,
            filters.overdue === 'true',
            { overdue: 'true' },
            overdueCount > 0 ? 'overdue-card' : undefined,
          )}
          {counter('soon', t('inbox.count.dueSoon'), soonCount, filters.dueWithinHours !== '', {
            dueWithinHours: String(SOON_HOURS),
            overdue: 'false',
          })}
        </Row>
      </section>

      <section aria-label={t('inbox.filters')}>
        {/* On a phone the filters fold away, so the first cases show on the first screen. */}
        <details className="inbox-filters" open={screens.md || filtered}>
          <summary>{t('inbox.filters')}</summary>
          <Form layout="vertical" component="div">
            <Row gutter={[12, 0]}>
              <Col xs={24} md={8}>
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
                  {/* The browser's own date field (dd/mm/yyyy in a Vietnamese browser): the inbox
                    loads without the date-picker library, a large part of its first download. */}
                  <Input
                    id="inbox-due"
                    type="date"
                    value={filters.dueBefore}
                    onChange={(event) => update({ dueBefore: event.target.value })}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} sm={6} md={2}>
                <Form.Item label={t('inbox.filter.overdueOnly')} htmlFor="inbox-overdue">
                  <Switch
                    id="inbox-overdue"
                    checked={filters.overdue === 'true'}
                    onChange={(checked) => update({ overdue: checked ? 'true' : '' })}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={4}>
                <Form.Item label={t('views.label')} htmlFor="inbox-view">
                  <Select
                    id="inbox-view"
                    value={currentView?.id ?? ''}
                    onChange={(value: string) => (value ? applyView(value) : setAll({ tab }))}
                    options={[
                      { value: '', label: t('views.none') },
                      ...(views.data ?? []).map((view) => ({
                        value: view.id,
                        label: view.sharedWithUnitId
                          ? `${view.name} (${t('views.sharedMark')})`
                          : view.name,
                      })),
                    ]}
                  />
                </Form.Item>
              </Col>
            </Row>
          </Form>
          <Space wrap style={{ marginBottom: 12 }}>
            <Button onClick={() => setSaveOpen(true)}>{t('views.save')}</Button>
            {currentView?.mine && (
              <Button danger onClick={() => void deleteView(currentView)}>
                {t('views.delete')}
              </Button>
            )}
            {filtered && <Button onClick={() => setAll({ tab })}>{t('inbox.clearFilters')}</Button>}
          </Space>
        </details>
      </section>

      <Modal
        open={saveOpen}
        title={t('views.save')}
        okText={t('views.saveOk')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => saveForm.submit()}
        onCancel={() => setSaveOpen(false)}
        destroyOnHidden
      >
        <Form
          form={saveForm}
          layout="vertical"
          initialValues={{ name: '', shared: false }}
          onFinish={(values) => void saveView(values)}
        >
          <Form.Item
            name="name"
            label={t('views.name')}
            rules={[{ required: true, whitespace: true, message: t('views.nameRequired') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="shared" valuePropName="checked">
            <Checkbox>{t('views.shareWithUnit')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>

      <ErrorAlert error={page.error} />

      <section aria-label={t('inbox.list')}>
        <Typography.Paragraph className="result-total" aria-live="polite">
          {shown === null ? ' ' : t('common.total', { count: shown })}
        </Typography.Paragraph>
        {list}
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
