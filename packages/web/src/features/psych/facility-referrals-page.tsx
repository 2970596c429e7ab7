/**
 * The receiving facility's side of the referral loop (counselling.referrals, bound to the user's facility):
 * the referrals addressed to it, with what it needs to see the client (code, name, phone, urgency, reason) and
 * nothing of the team's record; it answers received, accepted, declined (with a note), seen, completed.
 * Phone first: a hospital's staff answer on the ward.
 */
import { Button, Checkbox, Input, Space, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryClient, typedApi } from '../../app/api.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { type PsychFacilityReferral, useFacilityReferrals } from './psych-api.ts';

export function PsychFacilityReferralsPage() {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(true);
  const list = useFacilityReferrals(open);
  useLiveInvalidate('psych', [['psych', 'facility-referrals']]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const answer = async (r: PsychFacilityReferral, status: PsychFacilityReferral['next'][number]) => {
    setBusy(`${r.id}:${status}`);
    try {
      await typedApi.post('/api/psych/facility-referrals/{id}/answer', { path: { id: r.id }, body: { status, note: notes[r.id] ?? '' } });
      void message.success(t('psych.facility.answered'));
      setNotes((n) => ({ ...n, [r.id]: '' }));
      await queryClient.invalidateQueries({ queryKey: ['psych', 'facility-referrals'] });
    } catch (error) {
      void message.error(translateError(t, error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div>
      <Typography.Title level={3}>{t('psych.facility.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('psych.facility.hint')}</Typography.Paragraph>
      <Checkbox checked={open} onChange={(e) => setOpen(e.target.checked)} style={{ marginBottom: 16 }}>
        {t('psych.facility.openOnly')}
      </Checkbox>
      <ResponsiveTable<PsychFacilityReferral>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        data-testid="psych-facility-referrals"
        cardTitle={['client']}
        columns={[
          {
            key: 'client',
            title: t('psych.facility.client'),
            render: (_: unknown, r: PsychFacilityReferral) => (
              <Space wrap size={4}>
                <strong>{`${r.clientCode} ${r.clientName}`}</strong>
                {r.urgency === 'urgent' && <Tag color="red">{t('psych.client.urgencies.urgent')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'phone',
            title: t('psych.clients.phone'),
            render: (_: unknown, r: PsychFacilityReferral) => (r.clientPhone ? <a href={`tel:${r.clientPhone}`}>{r.clientPhone}</a> : '—'),
          },
          {
            key: 'group',
            title: t('psych.clients.group'),
            render: (_: unknown, r: PsychFacilityReferral) => t(`psych.groups.${r.clientGroup}`),
          },
          { key: 'reason', title: t('psych.client.reason'), dataIndex: 'reason' },
          {
            key: 'facility',
            title: t('psych.referrals.facility'),
            render: (_: unknown, r: PsychFacilityReferral) => (i18n.language === 'en' ? r.facility.nameEn : r.facility.name),
          },
          {
            key: 'status',
            title: t('psych.referrals.status'),
            render: (_: unknown, r: PsychFacilityReferral) => (
              <Space wrap size={4}>
                <Tag color={r.status === 'rejected' ? 'red' : r.status === 'completed' ? 'green' : 'blue'}>
                  {t(`psych.referralStatuses.${r.status}`)}
                </Tag>
                {r.overdue && <Tag color="red">{t('psych.client.overdue')}</Tag>}
                {r.statusReason && <span>{r.statusReason}</span>}
              </Space>
            ),
          },
          { key: 'respondBy', title: t('psych.referrals.respondBy'), dataIndex: 'respondBy', render: (v: string) => formatDateTime(v) },
          {
            key: 'answer',
            title: t('psych.facility.answer'),
            render: (_: unknown, r: PsychFacilityReferral) =>
              r.next.length === 0 ? (
                '—'
              ) : (
                <Space wrap size={4} data-testid={`psych-answer-${r.clientCode}`}>
                  <Input
                    size="small"
                    placeholder={t('psych.facility.note')}
                    value={notes[r.id] ?? ''}
                    maxLength={1000}
                    onChange={(e) => setNotes((n) => ({ ...n, [r.id]: e.target.value }))}
                    style={{ width: 200, maxWidth: '100%' }}
                  />
                  {r.next.map((s) => (
                    <Button
                      key={s}
                      size="small"
                      danger={s === 'rejected'}
                      loading={busy === `${r.id}:${s}`}
                      onClick={() => void answer(r, s)}
                    >
                      {t(`psych.facility.answers.${s}`)}
                    </Button>
                  ))}
                </Space>
              ),
          },
        ]}
      />
    </div>
  );
}
