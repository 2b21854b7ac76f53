import {
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  message,
  Select,
  Skeleton,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { getBlob, getJson, request } from '../../api/client';
import { useReference } from '../../api/reference';
import { type components } from '../../api/schema';
import { useLoad } from '../../api/use-load';
import { useAuth } from '../../auth/auth';
import { ErrorAlert } from '../../components/errors';
import { usePageTitle } from '../../components/usePageTitle';
import { DATE_TIME_FORMAT, useI18n } from '../../i18n/i18n';
import { type Directive } from './cycle-api';
import { useCycleTexts } from './cycle-texts';

type Meeting = components['schemas']['MeetingDto'];
type MeetingPage = components['schemas']['MeetingPageDto'];
type Minutes = components['schemas']['MeetingMinutesDto'];

interface MeetingForm {
  title: string;
  heldAt: Dayjs;
  location?: string;
  directiveId?: string;
  point?: number;
  participantOrgUnitIds: string[];
  conclusions?: string;
}

const PAGE_SIZE = 20;

/**
 * Joint meetings (giao ban) of point 2: the ones the user's unit organised or attended (or those
 * of units below it), a form to record one, and its minutes to download or attach.
 */
export function MeetingsPage() {
  const ct = useCycleTexts();
  const { dateTime, pick } = useI18n();
  const auth = useAuth();
  const reference = useReference();
  usePageTitle(ct('meetings.title'));
  const [items, setItems] = useState<Meeting[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [sending, setSending] = useState(false);
  const [form] = Form.useForm<MeetingForm>();
  const [toast, toastHolder] = message.useMessage();
  const directives = useLoad(() => getJson<Directive[]>('/api/directives'), []);
  const isOfficial = auth.hasRole('official');

  const load = useCallback(async (cursor: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await getJson<MeetingPage>('/api/meetings', {
        query: { limit: PAGE_SIZE, cursor },
      });
      setItems((before) => (cursor ? [...before, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load(null);
  }, [load]);

  const replace = (meeting: Meeting) =>
    setItems((before) => before.map((m) => (m.id === meeting.id ? meeting : m)));

  const submit = async (values: MeetingForm) => {
    setSending(true);
    setError(null);
    try {
      await request<Meeting>('/api/meetings', {
        method: 'POST',
        body: {
          title: values.title,
          heldAt: values.heldAt.format(),
          ...(values.location ? { location: values.location } : {}),
          ...(values.directiveId ? { directiveId: values.directiveId } : {}),
          ...(values.directiveId && values.point ? { point: values.point } : {}),
          participantOrgUnitIds: values.participantOrgUnitIds,
          ...(values.conclusions ? { conclusions: values.conclusions } : {}),
        },
      });
      form.resetFields();
      setCreating(false);
      await load(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  const attach = async (meeting: Meeting, file: File) => {
    setError(null);
    try {
      const body = new FormData();
      body.append('file', file);
      await request<Minutes>(`/api/meetings/${meeting.id}/minutes`, { method: 'POST', body });
      replace(await getJson<Meeting>(`/api/meetings/${meeting.id}`));
      void toast.success(ct('meetings.attached', { name: file.name }));
    } catch (failure) {
      setError(failure);
    }
  };

  const download = async (meeting: Meeting, minutes: Minutes) => {
    const blob = await getBlob(`/api/meetings/${meeting.id}/minutes/${minutes.id}`);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = minutes.fileName;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const mayAttach = (meeting: Meeting) =>
    isOfficial &&
    [meeting.organiser, ...meeting.participants].some((u) => u.id === auth.user?.orgUnitId);

  return (
    <>
      {toastHolder}
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {ct('meetings.title')}
        </Typography.Title>
        {isOfficial && !creating && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {ct('meetings.new')}
          </Button>
        )}
      </Space>
      <ErrorAlert error={error ?? directives.error} />
      {creating && (
        <Card title={ct('meetings.new')} style={{ marginBottom: 16 }}>
          <Form<MeetingForm> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
            <Form.Item
              name="title"
              label={ct('meetings.name')}
              rules={[{ required: true, whitespace: true, message: ct('campaigns.required') }]}
            >
              <Input maxLength={300} />
            </Form.Item>
            <Form.Item
              name="heldAt"
              label={ct('meetings.heldAt')}
              rules={[{ required: true, message: ct('campaigns.required') }]}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format={DATE_TIME_FORMAT} />
            </Form.Item>
            <Form.Item name="location" label={ct('meetings.location')}>
              <Input maxLength={300} />
            </Form.Item>
            <Space wrap>
              <Form.Item name="directiveId" label={ct('meetings.directive')}>
                <Select
                  allowClear
                  style={{ minWidth: 240 }}
                  options={(directives.data ?? []).map((d) => ({ value: d.id, label: d.symbol }))}
                />
              </Form.Item>
              <Form.Item name="point" label={ct('meetings.point')}>
                <InputNumber min={1} max={1000} />
              </Form.Item>
            </Space>
            <Form.Item
              name="participantOrgUnitIds"
              label={ct('meetings.participants')}
              rules={[{ required: true, message: ct('campaigns.required') }]}
            >
              <Select
                mode="multiple"
                aria-label={ct('meetings.participants')}
                optionFilterProp="label"
                options={reference.units
                  .filter((u) => !u.retiredAt)
                  .map((u) => ({ value: u.id, label: pick(u.name, u.nameEn) }))}
              />
            </Form.Item>
            <Form.Item name="conclusions" label={ct('meetings.conclusions')}>
              <Input.TextArea rows={4} maxLength={20000} />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={sending}>
                {ct('meetings.save')}
              </Button>
              <Button onClick={() => setCreating(false)}>{ct('meetings.cancel')}</Button>
            </Space>
          </Form>
        </Card>
      )}
      {loading && items.length === 0 && <Skeleton active />}
      {!loading && items.length === 0 && <Empty description={ct('meetings.empty')} />}
      {items.length > 0 && (
        <Table<Meeting>
          rowKey="id"
          dataSource={items}
          pagination={false}
          scroll={{ x: true }}
          expandable={{
            expandedRowRender: (meeting) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {meeting.conclusions && (
                  <Typography.Paragraph>
                    <Typography.Text strong>{ct('meetings.conclusions')}: </Typography.Text>
                    {meeting.conclusions}
                  </Typography.Paragraph>
                )}
                <Typography.Text strong>{ct('meetings.minutes')}</Typography.Text>
                <List
                  size="small"
                  locale={{ emptyText: ct('meetings.noMinutes') }}
                  dataSource={meeting.minutes}
                  renderItem={(minutes) => (
                    <List.Item>
                      <Button type="link" onClick={() => void download(meeting, minutes)}>
                        {minutes.fileName}
                      </Button>
                      <Typography.Text type="secondary">
                        {minutes.uploadedBy.fullName} · {dateTime(minutes.uploadedAt)}
                      </Typography.Text>
                    </List.Item>
                  )}
                />
                {mayAttach(meeting) && (
                  <Upload
                    accept=".pdf,.docx,.png,.jpg,.jpeg"
                    showUploadList={false}
                    beforeUpload={(file) => {
                      void attach(meeting, file);
                      return false;
                    }}
                  >
                    <Button icon={<PaperClipOutlined />}>{ct('meetings.attach')}</Button>
                  </Upload>
                )}
              </Space>
            ),
          }}
          columns={[
            { title: ct('meetings.name'), dataIndex: 'title' },
            {
              title: ct('meetings.heldAt'),
              dataIndex: 'heldAt',
              render: (at: string) => dateTime(at),
            },
            { title: ct('meetings.location'), dataIndex: 'location' },
            {
              title: ct('meetings.organiser'),
              render: (_, meeting) => meeting.organiser.name,
            },
            {
              title: ct('meetings.participants'),
              render: (_, meeting) => meeting.participants.map((p) => p.name).join(', '),
            },
            {
              title: ct('meetings.directive'),
              render: (_, meeting) =>
                meeting.directiveSymbol
                  ? `${meeting.directiveSymbol}${meeting.point ? `, ${ct('meetings.point').toLowerCase()} ${meeting.point}` : ''}`
                  : '',
            },
            {
              title: ct('meetings.minutes'),
              render: (_, meeting) => meeting.minutes.length,
            },
          ]}
        />
      )}
      {nextCursor && (
        <Button style={{ marginTop: 16 }} loading={loading} onClick={() => void load(nextCursor)}>
          {ct('meetings.more')}
        </Button>
      )}
    </>
  );
}
