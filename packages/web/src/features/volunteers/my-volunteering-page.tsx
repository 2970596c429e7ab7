/**
 * A volunteer's own page (/volunteers/me, right volunteers.self), made for a phone: the assignments with the
 * contact details the task needs while it is open, check-in and check-out, and the hours served.
 */
import { Alert, Card, Space, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { AssignmentCards } from './volunteer-page.tsx';
import { hoursOf, useSelf, vettingColour } from './volunteers-api.ts';

export function MyVolunteeringPage() {
  const { t } = useTranslation();
  const self = useSelf();
  const [error, setError] = useState<unknown>(null);
  useLiveInvalidate('volunteers', [['volunteers']]);
  if (self.error) return <Alert type="error" showIcon message={translateError(t, self.error)} />;
  const s = self.data;
  if (!s) return null;
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('volunteers.me.title', { name: s.volunteer.name })}
        </Typography.Title>
        <Tag color={vettingColour(s.volunteer.vettingStatus)}>{t(`volunteers.statuses.${s.volunteer.vettingStatus}`)}</Tag>
      </Space>
      <Typography.Paragraph type="secondary">{t('volunteers.me.intro')}</Typography.Paragraph>
      {error != null && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 12 }} />}
      <Space wrap size="large" style={{ marginBottom: 12 }}>
        <Statistic title={t('volunteers.fields.hoursYear')} value={hoursOf(s.volunteer.activity.minutes)} />
        <Statistic title={t('volunteers.fields.hoursPerMonth')} value={s.volunteer.activity.hoursPerMonth} />
      </Space>
      <Card size="small" title={t('volunteers.assignments')}>
        <AssignmentCards assignments={s.assignments} manage={false} onError={setError} />
      </Card>
      <Card size="small" title={t('volunteers.hours')} style={{ marginTop: 12 }}>
        {s.hours.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
        {s.hours.slice(0, 30).map((h) => (
          <div key={h.id}>
            {h.workedOn} · {t('volunteers.hoursValueShort', { n: hoursOf(h.minutes) })} · {h.activity}
          </div>
        ))}
      </Card>
    </div>
  );
}
