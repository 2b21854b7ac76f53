import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  Row,
  Skeleton,
  Space,
  Table,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, getJson, request } from '../api/client';
import { useReference } from '../api/reference';
import {
  type DefinitionDetail,
  type DefinitionVersion,
  type ErrorDetail,
  type PublishedDefinition,
  type ValidationReport,
} from '../api/types';
import { useLoad } from '../api/use-load';
import { DiagramImage } from '../components/DiagramImage';
import { SimulateCard } from '../components/SimulateCard';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorAlert, errorText, invalidJsonText } from '../components/errors';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n/i18n';

type Outcome =
  | { kind: 'valid'; notices: ErrorDetail[] }
  | { kind: 'published'; result: PublishedDefinition }
  | { kind: 'problems'; details: ErrorDetail[] }
  | { kind: 'error'; text: string };

/** One workflow: its versions, its diagram, and an editor to publish a new version as JSON. */
export function AdminDefinitionPage() {
  const { key = '' } = useParams();
  const { t, pick, date, language } = useI18n();
  const reference = useReference();
  const [revision, setRevision] = useState(0);
  const detail = useLoad(
    () => getJson<DefinitionDetail>(`/api/definitions/${encodeURIComponent(key)}`),
    [key, revision],
  );
  const versions = useLoad(
    () => getJson<DefinitionVersion[]>(`/api/definitions/${encodeURIComponent(key)}/versions`),
    [key, revision],
  );
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<'validate' | 'publish' | null>(null);
  const [confirmingPublish, setConfirmingPublish] = useState(false);
  // The editor's document once the server found it valid: the diagram card then draws it live.
  const [draft, setDraft] = useState<Record<string, unknown> | null>(null);
  usePageTitle(detail.data ? pick(detail.data.title, detail.data.titleEn) : t('admin.title'));

  useEffect(() => {
    if (detail.data) setText(JSON.stringify(detail.data.document, null, 2));
  }, [detail.data]);

  const parse = (): Record<string, unknown> | null => {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new Error('{ … }');
      return value as Record<string, unknown>;
    } catch (error) {
      setOutcome({
        kind: 'error',
        text: invalidJsonText(error, t),
      });
      return null;
    }
  };

  const validate = async () => {
    const document = parse();
    if (!document) return;
    setBusy('validate');
    try {
      const { body } = await request<ValidationReport>('/api/definitions/validate', {
        method: 'POST',
        body: document,
      });
      setOutcome(
        body.valid
          ? { kind: 'valid', notices: body.notices }
          : { kind: 'problems', details: body.details },
      );
      setDraft(body.valid ? document : null);
    } catch (error) {
      setOutcome({ kind: 'error', text: errorText(error, t) });
    } finally {
      setBusy(null);
    }
  };

  const publish = async (reason: string) => {
    const document = parse();
    if (!document) return;
    setBusy('publish');
    try {
      // The reason goes into the `definition.publish` admin audit event.
      const { body } = await request<PublishedDefinition>('/api/definitions', {
        method: 'POST',
        query: { reason },
        body: document,
      });
      setOutcome({ kind: 'published', result: body });
      setDraft(null);
      reference.reloadDefinitions();
      setRevision((n) => n + 1);
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && error.body?.details?.length) {
        setOutcome({ kind: 'problems', details: error.body.details });
      } else {
        setOutcome({ kind: 'error', text: errorText(error, t) });
      }
    } finally {
      setBusy(null);
    }
  };

  if (detail.loading && !detail.data) return <Skeleton active />;
  if (!detail.data) return <ErrorAlert error={detail.error} />;
  const definition = detail.data;

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {pick(definition.title, definition.titleEn)}
      </Typography.Title>
      <Typography.Paragraph>
        <code>{definition.key}</code> · {t('admin.col.version')} {definition.version}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={<h2 className="card-heading">{t('admin.versions')}</h2>} size="small">
              <Table<DefinitionVersion>
                rowKey="version"
                size="small"
                pagination={false}
                loading={versions.loading}
                dataSource={versions.data ?? []}
                columns={[
                  { title: t('admin.col.version'), dataIndex: 'version', key: 'version' },
                  {
                    title: t('admin.col.status'),
                    key: 'status',
                    render: (_, v) =>
                      v.status === 'published'
                        ? t('admin.status.published')
                        : v.status === 'deprecated'
                          ? t('admin.status.deprecated')
                          : v.status,
                  },
                  {
                    title: t('admin.col.publishedAt'),
                    key: 'at',
                    render: (_, v) => date(v.publishedAt),
                  },
                  { title: t('admin.col.instances'), dataIndex: 'instances', key: 'instances' },
                ]}
              />
            </Card>
            <Card
              title={
                <h2 className="card-heading">
                  {draft ? t('admin.diagramDraft') : t('admin.diagram')}
                </h2>
              }
              size="small"
            >
              {draft ? (
                <DiagramImage
                  key={`draft:${language}`}
                  sources={[`/api/definitions/diagram?lang=${language}`]}
                  draft={draft}
                  alt={t('admin.diagramDraft')}
                />
              ) : (
                <DiagramImage
                  key={`${definition.key}:${definition.version}:${language}`}
                  sources={[
                    `/api/definitions/${encodeURIComponent(definition.key)}/diagram?lang=${language}`,
                  ]}
                  alt={t('instance.diagramAlt', {
                    title: pick(definition.title, definition.titleEn),
                  })}
                />
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={<h2 className="card-heading">{t('admin.editor')}</h2>} size="small">
            <Form layout="vertical" component="div">
              <Form.Item
                label={t('admin.editorLabel')}
                htmlFor="definition-json"
                extra={t('admin.editorHelp')}
              >
                <Input.TextArea
                  id="definition-json"
                  className="json-editor"
                  value={text}
                  onChange={(event) => setText(event.target.value)}
                  autoSize={{ minRows: 16, maxRows: 32 }}
                  spellCheck={false}
                />
              </Form.Item>
            </Form>
            <Space wrap style={{ marginBottom: 12 }}>
              <Button onClick={() => void validate()} loading={busy === 'validate'}>
                {t('admin.validate')}
              </Button>
              <ConfirmDialog
                open={confirmingPublish}
                title={t('confirm.publishTitle')}
                warning={t('confirm.publishWarning')}
                okText={t('confirm.publishOk')}
                reasonLabel={t('confirm.reason')}
                onCancel={() => setConfirmingPublish(false)}
                onConfirm={(reason) => {
                  setConfirmingPublish(false);
                  void publish(reason);
                }}
              />
              <Button
                type="primary"
                onClick={() => setConfirmingPublish(true)}
                loading={busy === 'publish'}
              >
                {t('admin.publish')}
              </Button>
            </Space>
            <div aria-live="polite">
              {outcome?.kind === 'valid' && (
                <Alert type="success" showIcon title={t('admin.valid')} />
              )}
              {outcome?.kind === 'published' && (
                <Alert
                  type="success"
                  showIcon
                  title={
                    outcome.result.created
                      ? t('admin.published', {
                          version: outcome.result.version,
                          key: outcome.result.key,
                        })
                      : t('admin.unchanged', { version: outcome.result.version })
                  }
                />
              )}
              {(outcome?.kind === 'valid' || outcome?.kind === 'published') && (
                <NoticesAlert
                  notices={outcome.kind === 'valid' ? outcome.notices : outcome.result.notices}
                />
              )}
              {outcome?.kind === 'error' && (
                <Alert type="error" showIcon role="alert" title={outcome.text} />
              )}
              {outcome?.kind === 'problems' && (
                <Alert
                  type="error"
                  showIcon
                  role="alert"
                  title={t('admin.problems')}
                  description={
                    <Table<ErrorDetail>
                      size="small"
                      pagination={false}
                      rowKey={(d) => `${d.path}:${d.message}`}
                      dataSource={outcome.details}
                      columns={[
                        {
                          title: t('admin.col.path'),
                          key: 'path',
                          render: (_, d) => <code className="json-path">{d.path || '/'}</code>,
                        },
                        {
                          title: t('admin.col.message'),
                          key: 'message',
                          render: (_, d) => d.messages?.[language] ?? d.message,
                        },
                      ]}
                    />
                  }
                />
              )}
            </div>
          </Card>
          <div style={{ height: 16 }} />
          <SimulateCard document={parse} />
        </Col>
      </Row>
    </>
  );
}

/**
 * What publication adds to the document (upper bounds on form fields that had none), worded by the
 * server in the language on screen, so the admin is told before and after publishing.
 */
function NoticesAlert({ notices }: { notices: ErrorDetail[] }) {
  const { t, language } = useI18n();
  if (notices.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginTop: 8 }}
      title={t('admin.notices', { count: notices.length })}
      description={
        <Table<ErrorDetail>
          size="small"
          pagination={false}
          rowKey={(d) => `${d.path}:${d.message}`}
          dataSource={notices}
          columns={[
            {
              title: t('admin.col.path'),
              key: 'path',
              render: (_, d) => <code className="json-path">{d.path}</code>,
            },
            {
              title: t('admin.col.notice'),
              key: 'message',
              render: (_, d) => d.messages?.[language] ?? d.message,
            },
          ]}
        />
      }
    />
  );
}
