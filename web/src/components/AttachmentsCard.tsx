import { Button, Card, Empty, List, Typography, Upload } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { getBlob, getJson, request } from '../api/client';
import { type Attachment } from '../api/types';
import { useLoad } from '../api/use-load';
import { useI18n } from '../i18n/i18n';
import { ErrorAlert } from './errors';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Files attached to an instance (PDF, DOCX, XLSX, PNG, JPEG): list, download, upload. */
export function AttachmentsCard({
  instanceId,
  canUpload,
}: {
  instanceId: string;
  canUpload: boolean;
}) {
  const { t, dateTime } = useI18n();
  const attachments = useLoad(
    () => getJson<Attachment[]>(`/api/instances/${instanceId}/attachments`),
    [instanceId],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const download = async (attachment: Attachment) => {
    const blob = await getBlob(`/api/instances/${instanceId}/attachments/${attachment.id}`);
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = attachment.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      await request<Attachment>(`/api/instances/${instanceId}/attachments`, {
        method: 'POST',
        body: form,
      });
      attachments.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const items = attachments.data ?? [];
  return (
    <Card title={<h2 className="card-heading">{t('attachments.title')}</h2>} size="small">
      <ErrorAlert error={attachments.error} />
      {items.length === 0 && !attachments.loading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attachments.empty')} />
      ) : (
        <List<Attachment>
          loading={attachments.loading}
          dataSource={items}
          renderItem={(attachment) => (
            <List.Item>
              <div style={{ width: '100%' }}>
                <Button
                  type="link"
                  style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                  onClick={() => void download(attachment)}
                >
                  {attachment.fileName}
                </Button>
                <div>
                  <Typography.Text type="secondary">
                    {size(attachment.size)} ·{' '}
                    {attachment.uploadedBy.fullName || attachment.uploadedBy.username} ·{' '}
                    {dateTime(attachment.uploadedAt)}
                  </Typography.Text>
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
      {canUpload && (
        <div style={{ marginTop: 12 }}>
          <Upload
            accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
            showUploadList={false}
            disabled={busy}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<PaperClipOutlined />} loading={busy}>
              {t('attachments.add')}
            </Button>
          </Upload>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 4 }}>
            {t('attachments.hint')}
          </Typography.Paragraph>
          <ErrorAlert error={error} />
        </div>
      )}
    </Card>
  );
}
