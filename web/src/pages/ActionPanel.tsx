import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { type ErrorSchema } from '@rjsf/utils';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, getJson, request } from '../api/client';
import { randomId } from '../api/ids';
import {
  type AvailableAction,
  type CommandAccepted,
  type CommandStatus,
  type ErrorDetail,
  type Instance,
  type JsonSchema,
} from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { errorText } from '../components/errors';
import { SchemaForm, type FormData } from '../forms/SchemaForm';
import { detailMessage, toErrorSchema } from '../forms/server-errors';
import { useI18n } from '../i18n/i18n';
import { type DraftStatus, useDraft } from './useDraft';

const POLL_MS = 500;
const POLL_LIMIT = 60;

/** The instance's current data, limited to the fields this form knows (a resubmission starts from it). */
function initialData(instance: Instance, schema: JsonSchema | undefined): FormData {
  const properties = schema?.properties;
  if (!properties || typeof properties !== 'object') return {};
  const known = Object.keys(properties);
  return Object.fromEntries(
    Object.entries(instance.data ?? {}).filter(([key]) => known.includes(key)),
  );
}

/** The value a JSON Pointer names in the form data (undefined when absent). */
function valueAt(data: FormData, pointer: string): unknown {
  let node: unknown = data;
  for (const part of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * The form field the definition marks as the official's opinion (`"x-opinion": true`): where the
 * action's opinion is typed, instead of a separate comment box.
 */
function opinionFieldOf(schema: JsonSchema | undefined): string | undefined {
  const properties = schema?.properties;
  if (!properties || typeof properties !== 'object') return undefined;
  return Object.entries(properties as Record<string, unknown>).find(
    ([, field]) =>
      typeof field === 'object' && field !== null && (field as JsonSchema)['x-opinion'] === true,
  )?.[0];
}

/** The form as shown: an opinion the action requires is marked required at its field. */
function shownSchema(schema: JsonSchema, opinionField: string | undefined, required: boolean) {
  if (!opinionField || !required) return schema;
  const listed = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return listed.includes(opinionField)
    ? schema
    : { ...schema, required: [...listed, opinionField] };
}

export interface ActionPanelProps {
  instance: Instance;
  action: AvailableAction;
  onDone: (instance: Instance | null, message: string) => void;
  onConflict: (instance: Instance | null) => void;
}

/**
 * One action the user may take now: its form (from the server's schema), one opinion box, a
 * button. The opinion box is the form's opinion field when the definition marks one, else a
 * comment box: the official types their opinion once.
 */
export function ActionPanel({ instance, action, onDone, onConflict }: ActionPanelProps) {
  const { t, language, pick } = useI18n();
  const title = pick(action.title, action.titleEn) || action.type;
  const opinionField = opinionFieldOf(action.formSchema);
  const schema = useMemo(
    () => action.formSchema && shownSchema(action.formSchema, opinionField, action.commentRequired),
    [action.formSchema, opinionField, action.commentRequired],
  );
  const [formData, setFormData] = useState<FormData>(() =>
    initialData(instance, action.formSchema),
  );
  const [comment, setComment] = useState('');
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>(undefined);
  const [commentErrors, setCommentErrors] = useState<string[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  // The field errors of the last refused submit, listed at the top; each clears once its field
  // changes (the server decides again on the next submit).
  const [fieldErrors, setFieldErrors] = useState<{ details: ErrorDetail[]; data: FormData }>({
    details: [],
    data: {},
  });
  const [confirming, setConfirming] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  // Bumped by each refused submit: the summary is focused and scrolled to once it has rendered (on
  // a phone it sits thousands of pixels above the button that was pressed).
  const [summaryShown, setSummaryShown] = useState(0);
  useEffect(() => {
    const summary = summaryRef.current;
    if (summaryShown === 0 || !summary) return;
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: 'start' });
  }, [summaryShown]);
  // Cancelling ends the case for good: it asks for confirmation and a reason (kept as the comment).
  const confirmFirst = action.type === 'CANCEL';
  const [busy, setBusy] = useState(false);
  const commentId = `comment-${action.type}`;

  // Autosaved on the server while the user types, so a long form survives a reload, a closed
  // tab or a lost connection; a draft saved earlier (on any device) is picked up where it was left.
  const draft = useDraft(instance.id, action.type, (saved) => {
    if (action.formSchema && Object.keys(saved.data).length > 0) setFormData(saved.data);
    if (saved.comment) setComment(saved.comment);
  });
  const edited = (data: FormData, text: string) =>
    draft.changed({ ...(action.formSchema ? { data } : {}), comment: text });

  const waitFor = async (commandId: string): Promise<CommandStatus> => {
    for (let i = 0; i < POLL_LIMIT; i++) {
      const status = await getJson<CommandStatus>(`/api/commands/${commandId}`);
      if (status.status !== 'pending') return status;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new Error('timeout');
  };

  const showRejection = (status: number, body: ApiError['body']) => {
    const details = body?.details ?? [];
    if (status === 422 && details.length > 0 && body?.code !== 'event-not-allowed') {
      const { errorSchema, outside } = toErrorSchema(details, language);
      setExtraErrors(errorSchema);
      setFieldErrors({ details: details.filter((d) => d.path !== '/comment'), data: formData });
      setSummaryShown((count) => count + 1);
      setCommentErrors(outside.get('/comment') ?? []);
      const fieldCount = details.filter((d) => d.path !== '/comment').length;
      setFailure(
        fieldCount > 0
          ? t('instance.formInvalid')
          : details.map((d) => detailMessage(d, language)).join('; '),
      );
      return;
    }
    // The server's `message` is English: the code's sentence in the language on screen.
    setFailure(
      status === 422 ? t('instance.notAllowed') : errorText(new ApiError(status, body), t),
    );
  };

  const send = async (data: FormData, reason?: string) => {
    // A cancellation's reason (typed in its confirmation) is the comment it is sent with.
    const note = reason ?? comment;
    setFailure(null);
    setCommentErrors([]);
    setExtraErrors(undefined);
    setFieldErrors({ details: [], data: {} });
    if (action.commentRequired) {
      const typed = reason ?? (opinionField ? data[opinionField] : comment);
      if (typeof typed !== 'string' || typed.trim() === '') {
        if (opinionField) {
          const missing = [{ path: `/${opinionField}`, message: t('instance.commentRequired') }];
          setExtraErrors(toErrorSchema(missing, language).errorSchema);
          setFieldErrors({ details: missing, data });
          setSummaryShown((count) => count + 1);
        } else {
          setCommentErrors([t('instance.commentRequired')]);
          document.getElementById(commentId)?.focus();
        }
        return;
      }
    }
    setBusy(true);
    try {
      const answer = await request<Instance | CommandAccepted>(
        `/api/instances/${instance.id}/commands`,
        {
          method: 'POST',
          headers: { 'Idempotency-Key': randomId() },
          body: {
            type: action.type,
            ...(action.formSchema ? { data } : {}),
            ...(note.trim() ? { comment: note.trim() } : {}),
            expectedVersion: instance.version,
          },
        },
      );
      let next: Instance | null = null;
      if (answer.status === 202) {
        const outcome = await waitFor((answer.body as CommandAccepted).commandId);
        if (outcome.status === 'rejected') {
          const code = outcome.error?.code;
          if (code === 'conflict') return onConflict(null);
          showRejection(422, {
            statusCode: 422,
            error: 'Unprocessable Entity',
            message: outcome.error?.message ?? '',
            code,
            details: outcome.error?.details,
          });
          return;
        }
      } else {
        next = answer.body as Instance;
      }
      draft.settled();
      onDone(next, t('instance.done', { action: title }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const current = (error.body as { instance?: Instance } | null)?.instance ?? null;
        onConflict(current);
      } else if (error instanceof ApiError) {
        showRejection(error.status, error.body);
      } else {
        setFailure(errorText(error, t));
      }
    } finally {
      setBusy(false);
    }
  };

  const commentBox = (
    <Form.Item
      label={action.commentRequired ? t('instance.commentRequiredHint') : t('instance.comment')}
      htmlFor={commentId}
      required={action.commentRequired}
      validateStatus={commentErrors.length > 0 ? 'error' : undefined}
      help={commentErrors.length > 0 ? commentErrors.join('; ') : undefined}
      layout="vertical"
    >
      <Input.TextArea
        id={commentId}
        value={comment}
        rows={3}
        maxLength={5000}
        aria-required={action.commentRequired}
        aria-invalid={commentErrors.length > 0}
        placeholder={t('instance.commentPlaceholder')}
        onChange={(event) => {
          setComment(event.target.value);
          edited(formData, event.target.value);
        }}
      />
    </Form.Item>
  );

  const footer = (
    <>
      {failure && (
        <Alert type="error" showIcon role="alert" title={failure} style={{ marginBottom: 12 }} />
      )}
      <Space wrap>
        <Button
          type="primary"
          loading={busy}
          danger={action.type === 'RETURN' || action.type === 'CANCEL'}
          htmlType={confirmFirst ? 'button' : 'submit'}
          onClick={
            confirmFirst
              ? () => setConfirming(true)
              : action.formSchema
                ? undefined
                : () => void send({})
          }
        >
          {title}
        </Button>
        <DraftIndicator status={draft.status} onRetry={draft.retry} />
      </Space>
    </>
  );

  const fieldId = (path: string) => `f-${action.type.toLowerCase()}${path.split('/').join('_')}`;
  const summary = fieldErrors.details.length > 0 && (
    <div ref={summaryRef} tabIndex={-1} className="error-summary" role="alert">
      <Alert
        type="error"
        showIcon
        title={t('form.summaryTitle', { count: fieldErrors.details.length })}
        description={
          <ul>
            {fieldErrors.details.map((detail) => (
              <li key={`${detail.path}:${detail.message}`}>
                <a
                  href={`#${fieldId(detail.path)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    const field = document.getElementById(fieldId(detail.path));
                    field?.scrollIntoView({ block: 'center' });
                    field?.focus();
                  }}
                >
                  {detailMessage(detail, language)}
                </a>
              </li>
            ))}
          </ul>
        }
      />
    </div>
  );

  const confirmDialog = confirmFirst && (
    <ConfirmDialog
      open={confirming}
      title={t('confirm.cancelTitle')}
      warning={t('confirm.cancelWarning')}
      okText={t('confirm.cancelOk')}
      reasonLabel={t('confirm.reason')}
      onCancel={() => setConfirming(false)}
      onConfirm={(reason) => {
        setConfirming(false);
        setComment(reason);
        void send(formData, reason);
      }}
    />
  );

  if (!schema) {
    return (
      <div>
        {commentBox}
        {footer}
        {confirmDialog}
      </div>
    );
  }
  return (
    <>
      {summary}
      {confirmDialog}
      <SchemaForm
        schema={schema}
        formData={formData}
        idPrefix={`f-${action.type.toLowerCase()}`}
        extraErrors={extraErrors}
        disabled={busy}
        onChange={(data, byUser) => {
          setFormData(data);
          if (byUser) edited(data, comment);
          if (fieldErrors.details.length > 0) {
            const still = fieldErrors.details.filter(
              (d) =>
                JSON.stringify(valueAt(data, d.path)) ===
                JSON.stringify(valueAt(fieldErrors.data, d.path)),
            );
            if (still.length !== fieldErrors.details.length) {
              setFieldErrors({ details: still, data: fieldErrors.data });
              setExtraErrors(
                still.length > 0 ? toErrorSchema(still, language).errorSchema : undefined,
              );
            }
          }
        }}
        onSubmit={(data) => void send(data)}
      >
        {!opinionField && commentBox}
        {footer}
      </SchemaForm>
    </>
  );
}

/** The draft's state as the server last answered: saved at a time, being saved, or not saved. */
function DraftIndicator({ status, onRetry }: { status: DraftStatus; onRetry: () => void }) {
  const { t } = useI18n();
  const text = (() => {
    switch (status.kind) {
      case 'idle':
        return t('instance.draftNote');
      case 'saving':
        return t('instance.draftSaving');
      case 'saved': {
        const at = t('instance.draftSavedAt', { time: dayjs(status.at).format('HH:mm') });
        return status.restored ? `${t('instance.draftRestored')} · ${at}` : at;
      }
      case 'failed':
        return null;
    }
  })();
  return (
    <span role="status" aria-live="polite" className="draft-status">
      {text !== null ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {text}
        </Typography.Text>
      ) : (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {t('instance.draftNotSaved')}
          {status.kind === 'failed' && status.tooLarge ? ` (${t('instance.draftTooLarge')})` : ''}
          {' — '}
          <Button type="link" size="small" style={{ padding: 0, fontSize: 12 }} onClick={onRetry}>
            {t('instance.draftRetry')}
          </Button>
        </Typography.Text>
      )}
    </span>
  );
}
