import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What cannot be undone, said plainly. */
  warning: string;
  okText: string;
  /** Ask for a reason, required before the button does anything. */
  reasonLabel?: string;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}

/** The second step of an irreversible action: what it does, and (when asked) why. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const confirm = () => {
    if (props.reasonLabel && !reason.trim()) {
      setMissing(true);
      return;
    }
    props.onConfirm(reason.trim());
    setReason('');
    setMissing(false);
  };
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onOk={confirm}
      onCancel={props.onCancel}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={props.warning} style={{ marginBottom: 12 }} />
      {props.reasonLabel && (
        <Form layout="vertical" component="div">
          <Form.Item
            label={props.reasonLabel}
            htmlFor="confirm-reason"
            required
            validateStatus={missing ? 'error' : undefined}
            help={missing ? t('confirm.reasonRequired') : undefined}
          >
            <Input.TextArea
              id="confirm-reason"
              rows={3}
              maxLength={1000}
              aria-required
              value={reason}
              onChange={(event) => {
                setReason(event.target.value);
                if (event.target.value.trim()) setMissing(false);
              }}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
