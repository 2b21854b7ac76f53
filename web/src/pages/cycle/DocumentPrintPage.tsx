import { Button, Skeleton, Space } from 'antd';
import { useParams } from 'react-router';
import { getBlob, getJson } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { ErrorAlert } from '../../components/errors';
import { usePageTitle } from '../../components/usePageTitle';
import { type DocumentLayout } from './cycle-api';
import { useCycleTexts } from './cycle-texts';
import './document-print.css';

function dateLine(place: string, issuedAt: string): string {
  const [year, month, day] = issuedAt.split('-');
  return `${place}, ngày ${day} tháng ${month} năm ${year}`;
}

/**
 * A promulgated document as it is printed (Hướng dẫn 36-HD/VPTW): the same parts the `.docx`
 * lays out, on an A4 sheet; the browser's print leaves only the sheet.
 */
export function DocumentPrintPage() {
  const { id = '' } = useParams();
  const ct = useCycleTexts();
  const layout = useLoad(
    () => getJson<DocumentLayout>(`/api/instances/${id}/document/layout`),
    [id],
  );
  const data = layout.data;
  usePageTitle(data ? `${data.document.typeName} ${data.document.symbol}` : ct('document.title'));

  const download = async () => {
    const blob = await getBlob(`/api/instances/${id}/document`);
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = data ? `${data.document.symbol.replace(/\//g, '-')}.docx` : 'van-ban.docx';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  if (!data) return layout.error ? <ErrorAlert error={layout.error} /> : <Skeleton active />;
  const { document: doc } = data;
  return (
    <>
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => window.print()}>
          {ct('document.print')}
        </Button>
        <Button onClick={() => void download()}>{ct('document.download')}</Button>
      </Space>
      <article className="party-document" lang="vi" aria-label={ct('document.title')}>
        <div className="pd-header">
          <div className="pd-issuer">
            {doc.superiorBody && <div>{doc.superiorBody.toLocaleUpperCase('vi')}</div>}
            <div className="pd-strong">{doc.issuingBody.name.toLocaleUpperCase('vi')}</div>
            <div>*</div>
            <div>Số {doc.symbol}</div>
          </div>
          <div className="pd-national">
            <div className="pd-strong pd-underline">ĐẢNG CỘNG SẢN VIỆT NAM</div>
            <div className="pd-date">{dateLine(doc.place, doc.issuedAt)}</div>
          </div>
        </div>
        <h1 className="pd-type">{doc.typeName.toLocaleUpperCase('vi')}</h1>
        <p className="pd-summary">{data.summary}</p>
        <p className="pd-rule">-----</p>
        <div className="pd-body">
          {data.body.map((line, index) => (
            <p
              key={index}
              style={{ marginLeft: `${line.level * 8}mm` }}
              className={line.heading ? 'pd-strong' : undefined}
            >
              {line.text}
            </p>
          ))}
        </div>
        {doc.coSigners?.length ? (
          // A joint document (cùng ký ban hành): the partners' blocks beside the issuer's.
          <div className="pd-footer">
            {doc.coSigners.map((co) => (
              <div key={co.signer} className="pd-signature">
                <div className="pd-strong">{co.onBehalfOf}</div>
                <div className="pd-strong">{co.title.toLocaleUpperCase('vi')}</div>
                <div className="pd-sign-space" />
                <div className="pd-strong">{co.signer}</div>
              </div>
            ))}
          </div>
        ) : null}
        <div className="pd-footer">
          <div className="pd-recipients">
            <div className="pd-strong pd-underline">Nơi nhận:</div>
            {doc.recipients.map((recipient) => (
              <div key={recipient}>- {recipient},</div>
            ))}
            <div>- Lưu Văn phòng.</div>
          </div>
          <div className="pd-signature">
            <div className="pd-strong">{doc.onBehalfOf}</div>
            <div className="pd-strong">{doc.signerTitle}</div>
            <div className="pd-sign-space" />
            <div className="pd-strong">{doc.signer}</div>
          </div>
        </div>
      </article>
    </>
  );
}
