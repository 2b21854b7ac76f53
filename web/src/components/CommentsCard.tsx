import { Button, Card, Empty, Form, Input, List, Typography } from 'antd';
import { useState } from 'react';
import { getJson, request } from '../api/client';
import { type CommentPage, type InstanceComment } from '../api/types';
import { useLoad } from '../api/use-load';
import { useI18n } from '../i18n/i18n';
import { ErrorAlert } from './errors';

/** The exchange on an instance: comments in writing between the units, oldest first. */
export function CommentsCard({ instanceId }: { instanceId: string }) {
  const { t, dateTime } = useI18n();
  const comments = useLoad(
    () => getJson<CommentPage>(`/api/instances/${instanceId}/comments`, { query: { limit: 200 } }),
    [instanceId],
  );
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const inputId = `new-comment-${instanceId}`;

  const send = async () => {
    if (!body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await request<InstanceComment>(`/api/instances/${instanceId}/comments`, {
        method: 'POST',
        body: { body: body.trim() },
      });
      setBody('');
      comments.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const items = comments.data?.items ?? [];
  return (
    <Card title={<h2 className="card-heading">{t('comments.title')}</h2>} size="small">
      <ErrorAlert error={comments.error} />
      {items.length === 0 && !comments.loading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('comments.empty')} />
      ) : (
        <List<InstanceComment>
          loading={comments.loading}
          dataSource={items}
          renderItem={(comment) => (
            <List.Item className="comment-item">
              <div style={{ width: '100%' }}>
                <div>
                  <strong>{comment.author.fullName || comment.author.username}</strong>{' '}
                  <Typography.Text type="secondary">
                    · {comment.author.orgUnitName} · {dateTime(comment.createdAt)}
                  </Typography.Text>
                </div>
                <div className="data-text">{comment.body}</div>
              </div>
            </List.Item>
          )}
        />
      )}
      <Form layout="vertical" onFinish={() => void send()} style={{ marginTop: 12 }}>
        <Form.Item label={t('comments.new')} htmlFor={inputId}>
          <Input.TextArea
            id={inputId}
            value={body}
            rows={2}
            maxLength={5000}
            onChange={(event) => setBody(event.target.value)}
          />
        </Form.Item>
        <ErrorAlert error={error} />
        <Button htmlType="submit" loading={busy} disabled={!body.trim()}>
          {t('comments.send')}
        </Button>
      </Form>
    </Card>
  );
}
