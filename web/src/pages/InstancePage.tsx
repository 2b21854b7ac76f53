import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Skeleton,
  Space,
  Tabs,
  Timeline,
  Typography,
  message,
} from 'antd';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { getJson, request } from '../api/client';
import { useReference } from '../api/reference';
import {
  type CaseCopies,
  type DefinitionDetail,
  type HistoryEvent,
  type InboxPage as InboxPageBody,
  type Instance,
} from '../api/types';
import { useLoad } from '../api/use-load';
import { DataView, type FieldText } from '../components/DataView';
import { reportAggregateText } from './report-aggregate-text';
import { DiagramImage } from '../components/DiagramImage';
import { ErrorAlert, errorText } from '../components/errors';
import { StateTag, StatusTag } from '../components/StatusTags';
import { useDefinitionsState, useEventTitle, useStateTitle } from '../components/useDefinitions';
import { usePageTitle } from '../components/usePageTitle';
import { enumLabels, fieldLabels, objectNodes } from '../forms/localize-schema';
import { useI18n } from '../i18n/i18n';
import { useAuth } from '../auth/auth';
import { AttachmentsCard } from '../components/AttachmentsCard';
import { ClaimBar } from '../components/ClaimBar';
import { FollowUpActions } from '../components/FollowUpActions';
import { CommentsCard } from '../components/CommentsCard';
import { CopiesCard } from '../components/CopiesCard';
import { systemEventKey } from '../components/system-events';
import { ReturnedBanner } from '../components/ReturnedNotice';
import { ActorLine, OpinionQuote } from '../components/HistoryParts';
import { ActionPanel } from './ActionPanel';

// Moving the task forward comes first; sending it back, withdrawing and cancelling last.
const LATE_ACTIONS = ['RETURN', 'WITHDRAW', 'CANCEL'];

function orderActions<T extends { type: string }>(actions: T[]): T[] {
  const rank = (type: string) => LATE_ACTIONS.indexOf(type);
  return [...actions].sort((a, b) => rank(a.type) - rank(b.type));
}

/** Labels of every field any of the definition's forms names, for read-only views. */
export function useFieldText(definition: DefinitionDetail | undefined): FieldText {
  const { language } = useI18n();
  return useMemo(() => {
    const labels = new Map<string, string>();
    const enums = new Map<string, Map<string, string>>();
    const nodes = new Map<string, Record<string, unknown>>();
    for (const event of Object.values(definition?.events ?? {})) {
      if (!event.form) continue;
      for (const [k, v] of fieldLabels(event.form, language)) if (!labels.has(k)) labels.set(k, v);
      for (const [k, v] of enumLabels(event.form, language)) if (!enums.has(k)) enums.set(k, v);
      for (const [k, v] of objectNodes(event.form)) if (!nodes.has(k)) nodes.set(k, v);
    }
    // The periodic report's aggregate is built by the server, outside every form.
    if (definition?.key === 'periodic-report') {
      const aggregate = reportAggregateText(language);
      for (const [k, v] of aggregate.labels) if (!labels.has(k)) labels.set(k, v);
      for (const [k, v] of aggregate.enums) if (!enums.has(k)) enums.set(k, v);
    }
    return { labels, enums, nodes };
  }, [definition, language]);
}

export function InstancePage() {
  const { id = '' } = useParams();
  const { t, dateTime, language } = useI18n();
  const reference = useReference();
  const [toast, toastHolder] = message.useMessage();
  const auth = useAuth();
  const instance = useLoad(() => getJson<Instance>(`/api/instances/${id}`), [id]);
  const history = useLoad(() => getJson<HistoryEvent[]>(`/api/instances/${id}/history`), [id]);
  const copies = useLoad(() => getJson<CaseCopies>(`/api/instances/${id}/copies`), [id]);
  const current = instance.data;
  const { definitions, settled } = useDefinitionsState(current ? [current.definitionKey] : []);
  const definition = current ? definitions.get(current.definitionKey) : undefined;
  const stateTitle = useStateTitle(definitions, settled);
  const eventTitle = useEventTitle(definitions, settled);
  const fieldText = useFieldText(definition);
  usePageTitle(current?.title);
  // A supervisor opening a follow-up copy (đôn đốc) has no step to act on, but may remind the late
  // unit or comment, as in the inbox's follow-ups tab. A supervisor holds few such copies at once.
  const mayFollowUp = Boolean(
    current && current.availableActions.length === 0 && auth.hasRole('official'),
  );
  const followUp = useLoad(async () => {
    if (!mayFollowUp) return null;
    const page = await getJson<InboxPageBody>('/api/inbox', {
      query: { kind: 'escalation', limit: 100 },
    });
    return page.items.find((item) => item.instanceId === id && item.taskId) ?? null;
  }, [id, mayFollowUp, current?.version]);

  if (instance.loading && !current) return <Skeleton active />;
  if (!current)
    return (
      // A page heading here too: the address may be mistyped, the page still says what it is.
      <>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('instance.loadFailed')}
        </Typography.Title>
        <ErrorAlert error={instance.error} />
      </>
    );

  // '' until the definition answers: a skeleton stands where the state's title will be.
  const currentState = stateTitle(current.definitionKey, current.state);
  const refresh = () => {
    instance.reload();
    history.reload();
    copies.reload();
  };
  // The recipients' opinions (nơi nhận cho ý kiến) stand in the history among the steps, by time.
  const copyComments = (copies.data?.items ?? []).flatMap((copy) => copy.comments);
  const timeline = [
    ...(history.data ?? []).map((event) => ({ at: event.at, event, comment: null })),
    ...copyComments.map((comment) => ({ at: comment.createdAt, event: null, comment })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const onDone = (next: Instance | null, text: string) => {
    void toast.success(text);
    if (next) instance.set(next);
    refresh();
  };
  const onConflict = (next: Instance | null) => {
    void toast.warning(t('instance.conflict'));
    if (next) instance.set(next);
    refresh();
  };

  // A periodic report's figures are recomputed on demand until the Board sends it.
  const mayRefreshFigures =
    current.definitionKey === 'periodic-report' &&
    current.state === 'draft' &&
    current.availableActions.some((action) => action.type === 'SUBMIT');
  const refreshFigures = async () => {
    try {
      const { body } = await request<Instance>(`/api/periodic-reports/${current.id}/refresh`, {
        method: 'POST',
      });
      onDone(body, t('instance.figuresRefreshed'));
    } catch (failure) {
      void toast.error(errorText(failure, t));
    }
  };

  const eventName = (type: string) => {
    const key = systemEventKey(type);
    return key ? t(key) : eventTitle(current.definitionKey, type);
  };

  const diagramSources = [
    `/api/instances/${current.id}/diagram?lang=${language}`,
    `/api/definitions/${current.definitionKey}/versions/${current.definitionVersion}/diagram?lang=${language}`,
    `/api/definitions/${current.definitionKey}/diagram?lang=${language}`,
  ];

  return (
    <>
      {toastHolder}
      <Typography.Title level={1} style={{ fontSize: 24 }} className="data-text">
        {current.title}
      </Typography.Title>
      {current.returned && <ReturnedBanner notice={current.returned} />}
      <Space wrap style={{ marginBottom: 16 }}>
        {currentState ? (
          <StateTag>{currentState}</StateTag>
        ) : (
          <Skeleton.Button active size="small" style={{ width: 120 }} />
        )}
        <StatusTag status={current.status} />
      </Space>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={<h2 className="card-heading">{t('instance.actions')}</h2>} size="small">
              {current.availableActions.length > 0 && <ClaimBar instanceId={current.id} />}
              {current.availableActions.length === 0 && followUp.data ? (
                <Space orientation="vertical" size={8}>
                  <Typography.Text>{t('followUps.onCase')}</Typography.Text>
                  <FollowUpActions
                    item={followUp.data}
                    onDone={(text) => {
                      void toast.success(text);
                      refresh();
                    }}
                  />
                </Space>
              ) : current.availableActions.length === 0 ? (
                <Typography.Text type="secondary">{t('instance.noActions')}</Typography.Text>
              ) : (
                <Tabs
                  key={`${current.id}:${current.version}`}
                  destroyOnHidden={false}
                  items={orderActions(current.availableActions).map((action) => ({
                    key: action.type,
                    label:
                      language === 'en'
                        ? action.titleEn || action.title
                        : action.title || action.type,
                    children: (
                      <ActionPanel
                        instance={current}
                        action={action}
                        onDone={onDone}
                        onConflict={onConflict}
                      />
                    ),
                  }))}
                />
              )}
            </Card>

            <Card
              title={<h2 className="card-heading">{t('instance.data')}</h2>}
              size="small"
              extra={
                mayRefreshFigures && (
                  <Button size="small" onClick={() => void refreshFigures()}>
                    {t('instance.refreshFigures')}
                  </Button>
                )
              }
            >
              <DataView data={current.data ?? {}} text={fieldText} loading={!settled} />
            </Card>
            <AttachmentsCard
              instanceId={current.id}
              canUpload={current.status === 'active' && !auth.hasRole('auditor') && !followUp.data}
            />
            <CopiesCard
              copies={copies}
              stateTitle={(state) => stateTitle(current.definitionKey, state)}
            />
            <CommentsCard instanceId={current.id} />
          </Space>
        </Col>

        <Col xs={24} lg={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small">
              <Descriptions
                column={1}
                size="small"
                items={[
                  {
                    key: 'wf',
                    label: t('instance.workflow'),
                    children: reference.definitionTitle(current.definitionKey),
                  },
                  { key: 'state', label: t('instance.state'), children: currentState },
                  {
                    key: 'status',
                    label: t('instance.status'),
                    children: <StatusTag status={current.status} />,
                  },
                  {
                    key: 'unit',
                    label: t('instance.unit'),
                    children: reference.unitName(current.orgUnitId),
                  },
                  { key: 'rev', label: t('instance.revision'), children: current.version },
                  {
                    key: 'created',
                    label: t('instance.createdAt'),
                    children: dateTime(current.createdAt),
                  },
                  {
                    key: 'updated',
                    label: t('instance.updatedAt'),
                    children: dateTime(current.updatedAt),
                  },
                ]}
              />
            </Card>

            <Card title={<h2 className="card-heading">{t('instance.history')}</h2>} size="small">
              <ErrorAlert error={history.error} />
              {history.data && history.data.length === 0 && (
                <Empty description={t('instance.historyEmpty')} />
              )}
              {history.data && history.data.length > 0 && (
                <Timeline
                  items={timeline.map(({ event, comment }) =>
                    comment
                      ? {
                          key: `comment-${comment.id}`,
                          color: 'gray',
                          content: (
                            <div className="history-entry">
                              <div style={{ fontWeight: 600 }}>{t('copies.historyEntry')}</div>
                              <div>
                                <time dateTime={comment.createdAt}>
                                  {dateTime(comment.createdAt)}
                                </time>
                              </div>
                              <div className="history-actor">
                                {t('instance.historyBy')}:{' '}
                                <strong>{comment.author.fullName}</strong> (
                                {comment.author.orgUnitName})
                              </div>
                              <OpinionQuote text={comment.body} />
                            </div>
                          ),
                        }
                      : {
                          key: event.seq,
                          content: (
                            <div className="history-entry">
                              <div style={{ fontWeight: 600 }}>{eventName(event.type)}</div>
                              <div>
                                <time dateTime={event.at}>{dateTime(event.at)}</time>
                              </div>
                              <div>
                                {t('instance.historyMove', {
                                  from: event.fromState
                                    ? stateTitle(current.definitionKey, event.fromState)
                                    : '∅',
                                  to: stateTitle(current.definitionKey, event.toState),
                                })}
                              </div>
                              <ActorLine
                                actor={event.actor}
                                unitFallback={reference.unitName(event.actor.orgUnitId)}
                                onBehalfOf={event.onBehalfOf}
                              />
                              <OpinionQuote text={event.opinion} />
                            </div>
                          ),
                        },
                  )}
                />
              )}
            </Card>

            <Card title={<h2 className="card-heading">{t('instance.diagram')}</h2>} size="small">
              <DiagramImage
                sources={diagramSources}
                alt={`${t('instance.diagramAlt', { title: reference.definitionTitle(current.definitionKey) })}. ${t('instance.diagramCurrent', { state: currentState })}`}
              />
              <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
                {t('instance.diagramCurrent', { state: currentState })}
              </Typography.Paragraph>
            </Card>
          </Space>
        </Col>
      </Row>
    </>
  );
}
