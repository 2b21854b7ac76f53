import { Card, Empty, List, Tag, Typography } from 'antd';
import { type CaseCopies, type CaseCopy } from '../api/types';
import { type Loaded } from '../api/use-load';
import { useI18n } from '../i18n/i18n';
import { ErrorAlert } from './errors';

/**
 * Nơi nhận: the units the case was sent to for information and comment (cho ý kiến), whether each
 * has commented, and what it said. Recipients comment in the exchange; they never act on a step.
 */
export function CopiesCard({
  copies,
  stateTitle,
}: {
  /** `GET /api/instances/:id/copies`, loaded by the page (its history shows the comments too). */
  copies: Loaded<CaseCopies>;
  /** The state's title in the chosen language; the API gives it in Vietnamese. */
  stateTitle: (state: string) => string;
}) {
  const { t, dateTime } = useI18n();
  const items = copies.data?.items ?? [];
  return (
    <Card title={<h2 className="card-heading">{t('copies.title')}</h2>} size="small">
      <ErrorAlert error={copies.error} />
      {items.length === 0 && !copies.loading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('copies.empty')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('copies.hint')}</Typography.Paragraph>
          <List<CaseCopy>
            loading={copies.loading}
            dataSource={items}
            renderItem={(copy) => (
              <List.Item className="copy-item">
                <div style={{ width: '100%' }}>
                  <div>
                    <strong>{copy.orgUnitName}</strong>{' '}
                    <Tag color={copy.commented ? 'green' : 'default'}>
                      {copy.commented ? t('copies.commented') : t('copies.waiting')}
                    </Tag>
                  </div>
                  <Typography.Text type="secondary">
                    {t('copies.sentAt', {
                      step: stateTitle(copy.state) || copy.stateTitle,
                      when: dateTime(copy.sentAt),
                      who: copy.sentBy.fullName,
                    })}
                  </Typography.Text>
                  {copy.comments.map((comment) => (
                    <div key={comment.id} className="data-text" style={{ marginTop: 4 }}>
                      <Typography.Text type="secondary">
                        {comment.author.fullName} · {dateTime(comment.createdAt)}:
                      </Typography.Text>{' '}
                      {comment.body}
                    </div>
                  ))}
                </div>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
