import { Button, Card, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { request } from '../api/client';
import { useReference } from '../api/reference';
import { type Instance } from '../api/types';
import { useAuth } from '../auth/auth';
import { ErrorAlert } from '../components/errors';
import { usePageTitle } from '../components/usePageTitle';
import { useI18n } from '../i18n/i18n';

interface NewInstance {
  definitionKey: string;
  orgUnitId: string;
  title: string;
}

export function NewInstancePage() {
  const { t, pick } = useI18n();
  const { user } = useAuth();
  const reference = useReference();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('new.title'));

  const create = async (values: NewInstance) => {
    setBusy(true);
    setError(null);
    try {
      const { body } = await request<Instance>('/api/instances', {
        method: 'POST',
        body: { ...values, title: values.title.trim() },
      });
      void navigate(`/instances/${body.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card style={{ maxWidth: 720 }}>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('new.title')}
      </Typography.Title>
      <ErrorAlert error={error} />
      <Form<NewInstance>
        layout="vertical"
        initialValues={{ orgUnitId: user?.orgUnitId }}
        onFinish={(values) => void create(values)}
      >
        <Form.Item
          label={t('new.workflow')}
          name="definitionKey"
          rules={[{ required: true, message: t('new.workflowRequired') }]}
        >
          <Select
            options={reference.definitions.map((d) => ({
              value: d.key,
              label: pick(d.title, d.titleEn),
            }))}
          />
        </Form.Item>
        <Form.Item
          label={t('new.unit')}
          name="orgUnitId"
          rules={[{ required: true, message: t('new.unitRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={reference.units.map((unit) => ({
              value: unit.id,
              label: pick(unit.name, unit.nameEn),
            }))}
          />
        </Form.Item>
        <Form.Item
          label={t('new.docTitle')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('new.docTitleRequired') }]}
        >
          <Input maxLength={300} placeholder={t('new.docTitlePlaceholder')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('new.submit')}
        </Button>
      </Form>
    </Card>
  );
}
