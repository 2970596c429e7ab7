/**
 * Referrals of the team's clients with their FHIR Task state; overdue ones (no answer by the facility in
 * time) are flagged and can be listed alone.
 */
import { Checkbox, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../app/dates.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { type PsychReferral, usePsychReferrals } from './psych-api.ts';

export function PsychReferralsPage() {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(true);
  const [overdue, setOverdue] = useState(false);
  const list = usePsychReferrals({ ...(open ? { open: 'true' as const } : {}), ...(overdue ? { overdue: 'true' as const } : {}) });
  return (
    <div>
      <Typography.Title level={3}>{t('psych.referrals.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Checkbox checked={open} onChange={(e) => setOpen(e.target.checked)}>
          {t('psych.referrals.openOnly')}
        </Checkbox>
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
          {t('psych.referrals.overdueOnly')}
        </Checkbox>
      </Space>
      <ResponsiveTable<PsychReferral>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        data-testid="psych-referral-list"
        columns={[
          {
            key: 'client',
            title: t('psych.referrals.client'),
            render: (_: unknown, r: PsychReferral) => <Link to={`/psych/clients/${r.clientId}`}>{`${r.clientCode} ${r.clientName}`}</Link>,
          },
          {
            key: 'facility',
            title: t('psych.referrals.facility'),
            render: (_: unknown, r: PsychReferral) => (i18n.language === 'en' ? r.facility.nameEn : r.facility.name),
          },
          {
            key: 'status',
            title: t('psych.referrals.status'),
            render: (_: unknown, r: PsychReferral) => (
              <Space>
                <Tag>{t(`psych.referralStatuses.${r.status}`)}</Tag>
                {r.overdue && <Tag color="red">{t('psych.client.overdue')}</Tag>}
              </Space>
            ),
          },
          { key: 'respondBy', title: t('psych.referrals.respondBy'), dataIndex: 'respondBy', render: (v: string) => formatDateTime(v) },
        ]}
      />
    </div>
  );
}
