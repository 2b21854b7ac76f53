import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { getJson, request } from '../../api/client';
import { useReference } from '../../api/reference';
import { useLoad } from '../../api/use-load';
import { ErrorAlert } from '../../components/errors';
import { usePageTitle } from '../../components/usePageTitle';
import { DATE_FORMAT, useI18n } from '../../i18n/i18n';
import { type Directive } from './cycle-api';
import { useCycleTexts } from './cycle-texts';

interface CampaignForm {
  title: string;
  definitionKey: string;
  dueDate: Dayjs;
  orgUnitIds: string[];
}

/** Sends one task to many units with one due date, optionally from a directive's point. */
export function NewCampaignPage() {
  const ct = useCycleTexts();
  const { pick } = useI18n();
  const reference = useReference();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const directiveId = params.get('directiveId');
  const point = params.get('point') ? Number(params.get('point')) : undefined;
  const [form] = Form.useForm<CampaignForm>();
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  usePageTitle(ct('campaigns.new'));

  const directive = useLoad(
    () =>
      directiveId ? getJson<Directive>(`/api/directives/${directiveId}`) : Promise.resolve(null),
    [directiveId],
  );
  const communeFronts = useMemo(() => {
    const communes = new Set(reference.units.filter((u) => u.kind === 'commune').map((u) => u.id));
    return reference.units.filter(
      (u) => u.kind === 'fatherland-front' && u.parentId !== null && communes.has(u.parentId),
    );
  }, [reference.units]);

  const submit = async (values: CampaignForm) => {
    setSending(true);
    setError(null);
    try {
      const { body } = await request<{ id: string }>('/api/campaigns', {
        method: 'POST',
        body: {
          ...(directiveId ? { directiveId } : {}),
          ...(point ? { point } : {}),
          title: values.title,
          definitionKey: values.definitionKey,
          dueDate: values.dueDate.format('YYYY-MM-DD'),
          orgUnitIds: values.orgUnitIds,
        },
      });
      void navigate(`/campaigns/${body.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {ct('campaigns.new')}
      </Typography.Title>
      {directive.data && point && (
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          title={ct('campaigns.from', { symbol: directive.data.symbol, point })}
          description={directive.data.points.find((p) => p.no === point)?.text}
        />
      )}
      <ErrorAlert error={error ?? directive.error} />
      <Card>
        <Form<CampaignForm> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item
            name="title"
            label={ct('campaigns.task')}
            rules={[{ required: true, whitespace: true, message: ct('campaigns.required') }]}
          >
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item
            name="definitionKey"
            label={ct('campaigns.workflow')}
            rules={[{ required: true, message: ct('campaigns.required') }]}
          >
            <Select
              options={reference.definitions.map((d) => ({
                value: d.key,
                label: pick(d.title, d.titleEn),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="dueDate"
            label={ct('campaigns.dueDate')}
            rules={[{ required: true, message: ct('campaigns.required') }]}
          >
            <DatePicker
              format={DATE_FORMAT}
              disabledDate={(day) => day.isBefore(dayjs().startOf('day'))}
            />
          </Form.Item>
          <Form.Item label={ct('campaigns.units')} required>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Button
                onClick={() =>
                  form.setFieldValue(
                    'orgUnitIds',
                    communeFronts.map((u) => u.id),
                  )
                }
              >
                {ct('campaigns.allCommuneFronts')}
              </Button>
              <Form.Item
                name="orgUnitIds"
                noStyle
                rules={[{ required: true, message: ct('campaigns.required') }]}
              >
                <Select
                  mode="multiple"
                  aria-label={ct('campaigns.units')}
                  optionFilterProp="label"
                  options={reference.units.map((u) => ({
                    value: u.id,
                    label: pick(u.name, u.nameEn),
                  }))}
                />
              </Form.Item>
            </Space>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={sending}>
            {ct('campaigns.send')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
