import { Alert, Tag } from 'antd';
import { useReference } from '../api/reference';
import { type ReturnedNotice as Notice } from '../api/types';
import { useI18n } from '../i18n/i18n';

function useNoticeText() {
  const { t } = useI18n();
  return (notice: Notice) =>
    notice.type === 'REJECT' ? t('returned.rejectedTitle') : t('returned.title');
}

/** The tag an inbox row wears when the case came back to this step. */
export function ReturnedTag({ notice }: { notice: Notice }) {
  const title = useNoticeText();
  return (
    <Tag style={{ color: '#873800', background: '#fff7e6', borderColor: '#ffc069' }}>
      {title(notice)}
    </Tag>
  );
}

/** One line for an inbox row: who sent it back and why. */
export function ReturnedLine({ notice }: { notice: Notice }) {
  const { t, date } = useI18n();
  const reference = useReference();
  return (
    <div className="returned-line data-text">
      {t('returned.line', {
        who: notice.by.fullName ?? notice.by.username,
        unit: reference.unitName(notice.byOrgUnitId),
        when: date(notice.at),
      })}
      {notice.comment && <>: “{notice.comment}”</>}
    </div>
  );
}

/** The banner at the top of a case that was returned: who, when and why, before anything else. */
export function ReturnedBanner({ notice }: { notice: Notice }) {
  const { t, dateTime } = useI18n();
  const reference = useReference();
  const title = useNoticeText();
  return (
    <Alert
      type="warning"
      showIcon
      className="returned-banner"
      style={{ marginBottom: 12 }}
      title={title(notice)}
      description={
        <>
          <div>
            {t('returned.by', {
              who: notice.by.fullName ?? notice.by.username,
              unit: reference.unitName(notice.byOrgUnitId),
              when: dateTime(notice.at),
            })}
          </div>
          {notice.comment && (
            <div className="data-text">
              <strong>{t('returned.reason')}:</strong> {notice.comment}
            </div>
          )}
        </>
      }
    />
  );
}
