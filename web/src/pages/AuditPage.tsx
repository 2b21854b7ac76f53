import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { getBlob, getJson } from '../api/client';
import { useReference } from '../api/reference';
import { type AuditEvent, type AuditEventPage, type VerifyReport } from '../api/types';
import { systemEventKey } from '../components/system-events';
import { ErrorAlert } from '../components/errors';
import { useDefinitions, useEventTitle } from '../components/useDefinitions';
import { usePageTitle } from '../components/usePageTitle';
import { DATE_FORMAT, useI18n } from '../i18n/i18n';

interface SearchForm {
  q?: string;
  definitionKey?: string;
  actor?: string;
  since?: Dayjs | null;
  until?: Dayjs | null;
}

function searchQuery(values: SearchForm) {
  return {
    q: values.q?.trim() || undefined,
    definitionKey: values.definitionKey || undefined,
    actor: values.actor?.trim() || undefined,
    since: values.since ? values.since.startOf('day').toISOString() : undefined,
    until: values.until ? values.until.add(1, 'day').startOf('day').toISOString() : undefined,
  };
}

export function AuditPage() {
  const { t, dateTime, pick } = useI18n();
  const reference = useReference();
  const navigate = useNavigate();
  usePageTitle(t('audit.title'));

  const [report, setReport] = useState<VerifyReport | null>(null);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const [verifying, setVerifying] = useState(false);

  const [criteria, setCriteria] = useState<SearchForm | null>(null);
  const [results, setResults] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [searchError, setSearchError] = useState<unknown>(null);
  const [searching, setSearching] = useState(false);
  const [instanceId, setInstanceId] = useState('');

  const definitions = useDefinitions(results.map((event) => event.instance.definitionKey));
  const eventTitle = useEventTitle(definitions);

  const verify = async () => {
    setVerifying(true);
    setVerifyError(null);
    try {
      setReport(await getJson<VerifyReport>('/api/audit/verify'));
    } catch (error) {
      setVerifyError(error);
    } finally {
      setVerifying(false);
    }
  };

  const search = async (values: SearchForm, after: string | null) => {
    setSearching(true);
    setSearchError(null);
    try {
      const page = await getJson<AuditEventPage>('/api/audit/events', {
        query: { ...searchQuery(values), limit: 50, cursor: after ?? undefined },
      });
      setCriteria(values);
      setResults((previous) => (after ? [...previous, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (error) {
      setSearchError(error);
    } finally {
      setSearching(false);
    }
  };

  const exportCsv = async () => {
    if (!criteria) return;
    const params = new URLSearchParams({ format: 'csv' });
    for (const [key, value] of Object.entries(searchQuery(criteria)))
      if (value) params.set(key, value);
    const blob = await getBlob(`/api/audit/events/export?${params.toString()}`);
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'lich-su-xu-ly.csv';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const eventName = (event: AuditEvent) => {
    const key = systemEventKey(event.type);
    return key ? t(key) : eventTitle(event.instance.definitionKey, event.type);
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('audit.title')}
      </Typography.Title>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={<h2 className="card-heading">{t('audit.verifyTitle')}</h2>} size="small">
          <Typography.Paragraph>{t('audit.verifyIntro')}</Typography.Paragraph>
          <Button type="primary" onClick={() => void verify()} loading={verifying}>
            {t('audit.verify')}
          </Button>
          <div aria-live="polite" style={{ marginTop: 12 }}>
            <ErrorAlert error={verifyError} />
            {report && report.ok && (
              <Alert
                type="success"
                showIcon
                title={t('audit.ok')}
                description={t('audit.okDetail', {
                  checked: report.checked,
                  instances: report.instances ?? '?',
                })}
              />
            )}
            {report && !report.ok && (
              <Alert
                type="error"
                showIcon
                title={t('audit.broken')}
                description={
                  <>
                    {t('audit.brokenDetail', {
                      instanceId: report.firstBroken?.instanceId ?? '?',
                      seq: report.firstBroken?.seq ?? '?',
                      reason: report.firstBroken?.reason ?? '',
                    })}{' '}
                    {report.firstBroken?.instanceId && (
                      <Link to={`/audit/instances/${report.firstBroken.instanceId}`}>
                        {t('audit.openInstance')}
                      </Link>
                    )}
                  </>
                }
              />
            )}
          </div>
        </Card>

        <Card title={<h2 className="card-heading">{t('audit.searchTitle')}</h2>} size="small">
          <Form<SearchForm> layout="vertical" onFinish={(values) => void search(values, null)}>
            <Row gutter={[12, 0]}>
              <Col xs={24} md={12}>
                <Form.Item label={t('audit.searchText')} name="q">
                  <Input placeholder={t('audit.searchPlaceholder')} allowClear />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} md={6}>
                <Form.Item label={t('audit.searchWorkflow')} name="definitionKey">
                  <Select
                    allowClear
                    options={reference.definitions.map((d) => ({
                      value: d.key,
                      label: pick(d.title, d.titleEn),
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} md={6}>
                <Form.Item label={t('audit.searchActor')} name="actor">
                  <Input allowClear autoCapitalize="none" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label={t('audit.searchFrom')} name="since">
                  <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label={t('audit.searchTo')} name="until">
                  <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={searching}>
                {t('audit.search')}
              </Button>
              {criteria && <Button onClick={() => void exportCsv()}>CSV</Button>}
            </Space>
          </Form>
          <ErrorAlert error={searchError} />
          {criteria && (
            <section aria-label={t('audit.results')} style={{ marginTop: 16 }}>
              <Table<AuditEvent>
                rowKey="id"
                size="small"
                dataSource={results}
                pagination={false}
                scroll={{ x: 720 }}
                columns={[
                  {
                    title: t('audit.col.at'),
                    key: 'at',
                    render: (_, e) => dateTime(e.at),
                    width: 140,
                  },
                  {
                    title: t('audit.col.instance'),
                    key: 'instance',
                    render: (_, e) => (
                      <Link to={`/audit/instances/${e.instanceId}`} className="data-text">
                        {e.instance.title}
                      </Link>
                    ),
                  },
                  { title: t('audit.col.event'), key: 'event', render: (_, e) => eventName(e) },
                  {
                    title: t('audit.col.actor'),
                    key: 'actor',
                    render: (_, e) =>
                      `${e.actor.fullName ?? e.actor.username} (${e.actor.username}${e.actor.orgUnitName ? ` · ${e.actor.orgUnitName}` : ''})`,
                  },
                  {
                    title: t('audit.col.comment'),
                    key: 'opinion',
                    render: (_, e) => (
                      <span className="data-text" style={{ whiteSpace: 'pre-wrap' }}>
                        {e.opinion ?? ''}
                      </span>
                    ),
                  },
                ]}
              />
              {cursor && (
                <Button
                  style={{ marginTop: 8 }}
                  onClick={() => void search(criteria, cursor)}
                  loading={searching}
                >
                  {t('inbox.loadMore')}
                </Button>
              )}
            </section>
          )}
        </Card>

        <Card title={<h2 className="card-heading">{t('audit.byId')}</h2>} size="small">
          <Form
            layout="vertical"
            onFinish={() => {
              if (instanceId.trim()) void navigate(`/audit/instances/${instanceId.trim()}`);
            }}
          >
            <Form.Item label={t('audit.instanceId')} htmlFor="audit-instance-id">
              <Space.Compact style={{ width: '100%' }}>
                <Input
                  id="audit-instance-id"
                  value={instanceId}
                  onChange={(event) => setInstanceId(event.target.value)}
                  spellCheck={false}
                />
                <Button htmlType="submit">{t('common.open')}</Button>
              </Space.Compact>
            </Form.Item>
          </Form>
        </Card>
      </Space>
    </>
  );
}
