import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, request } from '../api/client';
import { type Claim } from '../api/types';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { errorText } from './errors';

/** Take the task (so colleagues see someone is on it), or give it back. */
export function ClaimBar({ instanceId }: { instanceId: string }) {
  const { t } = useI18n();
  const { user } = useAuth();
  const [claim, setClaim] = useState<Claim | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const call = async (what: 'claim' | 'release') => {
    setBusy(true);
    setNote(null);
    try {
      const { body } = await request<Claim>(`/api/instances/${instanceId}/${what}`, {
        method: 'POST',
      });
      setClaim(body);
    } catch (error) {
      const other =
        error instanceof ApiError && error.status === 409
          ? error.body?.claim
          : undefined;
      if (other?.claimedBy) setClaim(other);
      else setNote(errorText(error, t));
    } finally {
      setBusy(false);
    }
  };

  const mine = claim?.claimedBy && claim.claimedBy.id === user?.id;
  const other = claim?.claimedBy && !mine ? claim.claimedBy : null;
  return (
    <Space wrap style={{ marginBottom: 8 }} aria-live="polite">
      {mine ? (
        <>
          <Typography.Text>{t('claim.mine')}</Typography.Text>
          <Button size="small" onClick={() => void call('release')} loading={busy}>
            {t('claim.release')}
          </Button>
        </>
      ) : (
        <Button size="small" onClick={() => void call('claim')} loading={busy}>
          {t('claim.claim')}
        </Button>
      )}
      {other && (
        <Typography.Text>
          {t('claim.byOther', { name: other.fullName || other.username })}
        </Typography.Text>
      )}
      {note && <Typography.Text type="danger">{note}</Typography.Text>}
    </Space>
  );
}
