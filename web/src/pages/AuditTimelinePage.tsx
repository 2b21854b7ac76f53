import {
  Alert,
  Card,
  Descriptions,
  Skeleton,
  Space,
  Table,
  Timeline as AntTimeline,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router';
import { getJson } from '../api/client';
import { useReference } from '../api/reference';
import { type JsonChange, type Timeline } from '../api/types';
import { useLoad } from '../api/use-load';
import { type FieldText, ValueView } from '../components/DataView';
import { ErrorAlert } from '../components/errors';
import { ActorLine, OpinionQuote } from '../components/HistoryParts';
import { StateTag, StatusTag } from '../components/StatusTags';
import { useDefinitions } from '../components/useDefinitions';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n/i18n';
import { type MessageKey } from '../i18n/dictionary';
import { useFieldText } from './InstancePage';
import { systemEventKey } from '../components/system-events';

/**
 * A changed value as the case page shows it: with the form's labels, dates as dd/mm/yyyy, units by
 * name; nothing when the change has no side (an added field has no old value).
 */
function Shown({ value, path, text }: { value: unknown; path: string; text: FieldText }) {
  if (value === undefined) return null;
  return <ValueView value={value} pointer={path.replace(/\/\d+(?=\/|$)/g, '')} text={text} />;
}

/** An auditor's view of one instance: every event, who, when, and what it changed in the form. */
export function AuditTimelinePage() {
  const { id = '' } = useParams();
  const { t, dateTime } = useI18n();
  const reference = useReference();
  const timeline = useLoad(() => getJson<Timeline>(`/api/audit/instances/${id}/timeline`), [id]);
  const data = timeline.data;
  const definitions = useDefinitions(data ? [data.instance.definitionKey] : []);
  const fieldText = useFieldText(data ? definitions.get(data.instance.definitionKey) : undefined);
  usePageTitle(data ? `${t('instance.timeline')}: ${data.instance.title}` : t('instance.timeline'));

  if (timeline.loading && !data) return <Skeleton active />;
  if (!data)
    return (
      // A page heading here too: the address may be mistyped, the page still says what it is.
      <>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('instance.loadFailed')}
        </Typography.Title>
        <ErrorAlert error={timeline.error} />
      </>
    );

  const label = (path: string) => fieldText.labels.get(path.replace(/\/\d+(?=\/|$)/g, '')) ?? path;

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }} className="data-text">
        {data.instance.title}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <StateTag>{data.instance.stateTitle}</StateTag>
        <StatusTag status={data.instance.status} />
        <Link to={`/instances/${data.instance.id}`}>{t('audit.openInstance')}</Link>
      </Space>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Alert
          type={data.chain.ok ? 'success' : 'error'}
          showIcon
          title={data.chain.ok ? t('instance.chainOk') : t('instance.chainBroken')}
        />
        <Card size="small">
          <Descriptions
            column={{ xs: 1, md: 2 }}
            size="small"
            items={[
              {
                key: 'wf',
                label: t('instance.workflow'),
                children: `${data.instance.definitionTitle} (v${data.instance.definitionVersion})`,
              },
              { key: 'unit', label: t('instance.unit'), children: data.instance.orgUnit.name },
              {
                key: 'created',
                label: t('instance.createdAt'),
                children: dateTime(data.instance.createdAt),
              },
              {
                key: 'updated',
                label: t('instance.updatedAt'),
                children: dateTime(data.instance.updatedAt),
              },
            ]}
          />
        </Card>
        <Card title={<h2 className="card-heading">{t('instance.timeline')}</h2>} size="small">
          <AntTimeline
            items={data.events.map((event) => ({
              key: event.seq,
              content: (
                <div className="history-entry">
                  <div>
                    <time dateTime={event.at}>{dateTime(event.at)}</time>
                  </div>
                  <div style={{ fontWeight: 600 }}>
                    #{event.seq}{' '}
                    {(() => {
                      const key = systemEventKey(event.type);
                      return key ? t(key) : event.typeTitle;
                    })()}{' '}
                    → {event.toStateTitle}
                  </div>
                  <ActorLine
                    actor={event.actor}
                    unitFallback={reference.unitName(event.actor.orgUnitId)}
                  />
                  <OpinionQuote text={event.opinion} />
                  {event.changes.length > 0 && (
                    // A region of its own that scrolls sideways on a phone, reachable by keyboard.
                    <div
                      className="changes-scroll"
                      role="region"
                      tabIndex={0}
                      aria-label={`${t('instance.changes')} #${event.seq}`}
                      style={{ overflowX: 'auto' }}
                    >
                      <Table<JsonChange>
                        size="small"
                        pagination={false}
                        rowKey={(change) => `${change.op}:${change.path}`}
                        dataSource={event.changes}
                        style={{ marginTop: 8, minWidth: 560 }}
                        title={() => t('instance.changes')}
                        columns={[
                          {
                            title: '±',
                            key: 'op',
                            width: 64,
                            render: (_, c) => t(`instance.change.${c.op}` as MessageKey),
                          },
                          {
                            title: t('admin.col.path'),
                            key: 'path',
                            width: 150,
                            render: (_, c) => label(c.path),
                          },
                          {
                            title: '−',
                            key: 'old',
                            render: (_, c) => (
                              <Shown value={c.oldValue} path={c.path} text={fieldText} />
                            ),
                          },
                          {
                            title: '+',
                            key: 'new',
                            render: (_, c) => (
                              <Shown value={c.newValue} path={c.path} text={fieldText} />
                            ),
                          },
                        ]}
                      />
                    </div>
                  )}
                  <Typography.Text
                    type="secondary"
                    style={{ fontSize: 12, wordBreak: 'break-all' }}
                  >
                    {event.hash.slice(0, 16)}…
                  </Typography.Text>
                </div>
              ),
            }))}
          />
        </Card>
      </Space>
    </>
  );
}
