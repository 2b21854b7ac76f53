import { Button, Modal, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, getBlob } from '../api/client';
import { useI18n } from '../i18n/i18n';

/**
 * A server-drawn SVG shown as an <img> from a blob: URL. The markup is never put into the page, so
 * nothing inside it (titles from a definition, say) can run as script.
 */
export function DiagramImage({
  sources,
  alt,
  draft,
}: {
  sources: string[];
  alt: string;
  /** A definition document to draw before it is published (POSTed to the first source). */
  draft?: unknown;
}) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [large, setLarge] = useState(false);
  const key = sources.join('\n');

  useEffect(() => {
    let cancelled = false;
    let objectUrl: string | null = null;
    setUrl(null);
    setFailed(false);
    void (async () => {
      for (const source of key.split('\n')) {
        try {
          const blob = await getBlob(
            source,
            draft === undefined ? {} : { method: 'POST', body: draft },
          );
          if (cancelled) return;
          // Typed as an image explicitly: the blob is only ever decoded as a picture.
          objectUrl = URL.createObjectURL(new Blob([blob], { type: 'image/svg+xml' }));
          setUrl(objectUrl);
          return;
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 404)) break;
        }
      }
      if (!cancelled) setFailed(true);
    })();
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [key, draft]);

  if (failed) return <Typography.Text type="danger">{t('common.error')}</Typography.Text>;
  if (!url) return <Skeleton.Node active style={{ width: '100%', height: 160 }} />;
  return (
    <>
      <img className="diagram-img" src={url} alt={alt} />
      <Button type="link" style={{ paddingInline: 0 }} onClick={() => setLarge(true)}>
        {t('instance.diagramEnlarge')}
      </Button>
      <Modal
        open={large}
        onCancel={() => setLarge(false)}
        footer={null}
        width="95vw"
        title={t('instance.diagram')}
      >
        <div style={{ overflow: 'auto', maxHeight: '80vh' }}>
          <img src={url} alt={alt} style={{ maxWidth: 'none', minWidth: '100%' }} />
        </div>
      </Modal>
    </>
  );
}
