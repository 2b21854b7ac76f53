import { Button, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { request } from '../api/client';
import { type InboxItem } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { ErrorAlert } from './errors';

/** What a supervisor does with a follow-up copy: remind the late unit, or comment on the case. */
export function FollowUpActions({
  item,
  onDone,
}: {
  item: Pick<InboxItem, 'taskId' | 'instanceId' | 'title'>;
  onDone: (text: string) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState<'remind' | 'comment' | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      if (open === 'remind') {
        const { body } = await request<{ notified: number }>(
          `/api/follow-ups/${item.taskId ?? ''}/remind`,
          { method: 'POST', body: text.trim() ? { message: text.trim() } : {} },
        );
        onDone(body.notified > 0 ? t('followUps.reminded') : t('followUps.alreadyReminded'));
      } else {
        await request(`/api/instances/${item.instanceId}/comments`, {
          method: 'POST',
          body: { body: text.trim() },
        });
        onDone(t('followUps.commented'));
      }
      setOpen(null);
      setText('');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space size={4} wrap>
        <Button size="small" type="primary" onClick={() => setOpen('remind')}>
          {t('followUps.remind')}
        </Button>
        <Button size="small" onClick={() => setOpen('comment')}>
          {t('followUps.comment')}
        </Button>
      </Space>
      <Modal
        open={open !== null}
        title={`${open === 'remind' ? t('followUps.remind') : t('followUps.comment')}: ${item.title}`}
        okText={open === 'remind' ? t('followUps.remindOk') : t('followUps.commentOk')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: open === 'comment' && !text.trim() }}
        confirmLoading={busy}
        onOk={() => void send()}
        onCancel={() => setOpen(null)}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <label htmlFor={`follow-up-${item.taskId ?? item.instanceId}`}>
          {open === 'remind' ? t('followUps.remindMessage') : t('followUps.commentText')}
        </label>
        <Input.TextArea
          id={`follow-up-${item.taskId ?? item.instanceId}`}
          rows={3}
          maxLength={1000}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </Modal>
    </>
  );
}
