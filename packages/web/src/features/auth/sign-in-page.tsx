import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import type { Me } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { applyLocale, signInLocale } from '../../app/i18n/i18n.ts';
import { safeNext } from '../../app/navigation.ts';
import { LanguageSwitch } from '../../app/shell/language-switch.tsx';

interface Credentials {
  username: string;
  password: string;
}

export function SignInPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const next = safeNext(params.get('next'));

  if (me.data) return <Navigate to={next} replace />;

  async function signIn(values: Credentials) {
    setSubmitting(true);
    setError(null);
    try {
      const { user } = await api.post<{ user: Me }>('/api/auth/login', values);
      const locale = signInLocale(user.locale);
      if (locale && locale !== i18n.language) await applyLocale(i18n, locale);
      queryClient.setQueryData(['me'], user);
      navigate(next, { replace: true });
    } catch (failure) {
      // The server answers the same for an unknown user and a wrong password, and so do we.
      setError(translateError(t, failure));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #fef3f2 0%, #f5f5f5 60%)',
      }}
    >
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ marginBottom: 4, color: '#b42318' }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="sign-in-error" />}
        <Form<Credentials> layout="vertical" onFinish={signIn} requiredMark={false}>
          <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true, message: t('signIn.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
