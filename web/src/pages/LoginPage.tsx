import { Alert, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/auth';
import { errorText } from '../components/errors';
import { usePageTitle } from '../components/usePageTitle';
import { type Language } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t, language, setLanguage } = useI18n();
  const auth = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('login.title'));

  const submit = async (values: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      await auth.signIn(values.username.trim(), values.password);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) setError(t('login.failed'));
      else if (
        failure instanceof ApiError &&
        failure.status === 403 &&
        (failure.body as { reason?: string } | null)?.reason === 'account-locked'
      )
        setError(t('login.locked'));
      else if (failure instanceof ApiError && failure.status === 429) setError(t('login.tooMany'));
      else setError(errorText(failure, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main
      id="main"
      className="login-page"
      style={{ maxWidth: 420, margin: '8vh auto', padding: 16 }}
    >
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <Radio.Group
          aria-label={t('nav.language')}
          optionType="button"
          size="small"
          value={language}
          onChange={(event) => setLanguage(event.target.value as Language)}
          options={[
            { value: 'vi', label: <span lang="vi">Tiếng Việt</span> },
            { value: 'en', label: <span lang="en">English</span> },
          ]}
        />
      </div>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('login.intro')}</Typography.Paragraph>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t('login.title')}
        </Typography.Title>
        {error && (
          <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />
        )}
        <Form<Credentials>
          layout="vertical"
          onFinish={(values) => void submit(values)}
          requiredMark={false}
        >
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input autoComplete="username" autoCapitalize="none" spellCheck={false} />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
