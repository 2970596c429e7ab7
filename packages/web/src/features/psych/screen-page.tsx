/**
 * The client's self-screening on a one-time link (no sign-in, phone first): the questionnaire, then a
 * thank-you — and crisis contacts at once when item 9 of PHQ-9 was answered above 0. No name is shown: the
 * link carries only the questions.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Result, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { translateError } from '../../app/errors.ts';
import { LanguageSwitch } from '../../app/shell/language-switch.tsx';
import { Questionnaire } from './questionnaire.tsx';

export function SelfScreenPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const form = useQuery({
    queryKey: ['psych', 'self-screen', token],
    queryFn: () => typedApi.get('/api/public/psych/screen/{token}', { path: { token } }),
    retry: false,
  });
  const [receipt, setReceipt] = useState<{ urgentHelp: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (answers: number[]) => {
    setBusy(true);
    try {
      setReceipt(await typedApi.post('/api/public/psych/screen/{token}', { path: { token }, body: { answers } }));
    } catch (e) {
      setError(translateError(t, e));
    } finally {
      setBusy(false);
    }
  };
  const language = <LanguageSwitch />;
  return (
    <div style={{ maxWidth: 720, margin: '0 auto', padding: 12 }}>
      <Card
        title={form.data ? (i18n.language === 'en' ? form.data.nameEn : form.data.name) : t('psych.screen.title')}
        extra={language}
        size="small"
      >
        {form.isPending && <Spin />}
        {form.isError && <Result status="warning" title={t('psych.screen.invalid')} />}
        {receipt && (
          <div data-testid="psych-self-done">
            {receipt.urgentHelp && <Alert type="error" showIcon title={t('psych.screen.urgent')} style={{ marginBottom: 12 }} />}
            <Result status="success" title={t('psych.screen.thanks')} />
          </div>
        )}
        {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
        {form.data && !receipt && (
          <Questionnaire text={form.data} submitLabel={t('psych.screen.submit')} onSubmit={(a) => void submit(a)} busy={busy} />
        )}
        {!receipt && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
            {t('psych.screen.urgent')}
          </Typography.Paragraph>
        )}
      </Card>
    </div>
  );
}
