/**
 * The daily work list for township officers and tracing teams, built for a phone (390 px): one card per
 * contact due a follow-up today, the most days without a record first, 50 at a time ("load more" fetches the
 * next page by key); one tap records today's status. A
 * contact seen unwell gets the button that files its case report.
 */
import { PhoneOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveEvents } from '../../app/live.ts';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { FOLLOW_UP_STATUSES, type FollowUpStatus, riskColour, useTeams, useWorkList, type WorkListItem } from './contacts-api.ts';
import { ReportCaseDialog } from './report-case-dialog.tsx';

const BUTTON_TYPES: Record<FollowUpStatus, { danger?: boolean; type: 'primary' | 'default' }> = {
  seen_ok: { type: 'primary' },
  seen_unwell: { type: 'primary', danger: true },
  missed: { type: 'default' },
  not_attempted: { type: 'default' },
};

export function TodayPage() {
  const { t } = useTranslation();
  const [jurisdictionId, setJurisdictionId] = useState<string | undefined>();
  const [teamId, setTeamId] = useState<string | undefined>();
  const list = useWorkList(jurisdictionId, teamId);
  const teams = useTeams();
  const queryClient = useQueryClient();
  useLiveEvents('contacts', () => void queryClient.invalidateQueries({ queryKey: ['contacts', 'today'] }));
  const [unwell, setUnwell] = useState<Set<string>>(new Set());
  if (list.isPending) return <PageSpinner />;
  const pages = list.data?.pages ?? [];
  const items = pages.flatMap((page) => page.items);
  const date = pages[0]?.date ?? '';
  const counts = pages[0]?.counts ?? null;
  return (
    <div style={{ maxWidth: 640 }}>
      <Typography.Title level={3} style={{ marginBottom: 4 }}>
        {t('contacts.today.title')}
      </Typography.Title>
      <Typography.Text type="secondary" data-testid="today-counts">
        {counts
          ? t('contacts.today.counts', { date, total: counts.total, due: counts.due, overdue: counts.overdue })
          : t('contacts.today.subtitle', { date, count: items.filter((c) => c.dueToday > 0).length })}
      </Typography.Text>
      <div style={{ margin: '12px 0', display: 'grid', gap: 8 }}>
        <JurisdictionSelect
          allowClear
          value={jurisdictionId}
          onChange={setJurisdictionId}
          placeholder={t('contacts.today.allJurisdictions')}
        />
        {(teams.data?.items.length ?? 0) > 0 && (
          <Select
            allowClear
            value={teamId}
            onChange={setTeamId}
            placeholder={t('contacts.tracing.list.allTeams')}
            options={(teams.data?.items ?? []).filter((team) => team.active).map((team) => ({ value: team.id, label: team.name }))}
            data-testid="today-team"
          />
        )}
      </div>
      {items.length === 0 && <Empty description={t('contacts.today.empty')} />}
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        {items.map((c) => (
          <WorkCard
            key={c.id}
            contact={c}
            date={date}
            unwellToday={unwell.has(c.id) || c.lastFollowUp?.status === 'seen_unwell'}
            onUnwell={() => setUnwell((s) => new Set(s).add(c.id))}
          />
        ))}
      </Space>
      {items.length > 0 && counts && (
        <div style={{ display: 'grid', gap: 8, marginTop: 12, justifyItems: 'center' }}>
          <Typography.Text type="secondary">{t('contacts.today.shown', { shown: items.length, total: counts.total })}</Typography.Text>
          {list.hasNextPage && (
            <Button
              block
              style={{ minHeight: 44 }}
              loading={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
              data-testid="today-more"
            >
              {t('contacts.today.more')}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

function WorkCard({
  contact,
  date,
  unwellToday,
  onUnwell,
}: {
  contact: WorkListItem;
  date: string;
  unwellToday: boolean;
  onUnwell: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [reporting, setReporting] = useState(false);
  const canWrite = hasRight(me.data, RIGHTS.contactsWrite);

  async function record(status: FollowUpStatus) {
    setBusy(true);
    try {
      await typedApi.post('/api/contacts/{id}/follow-ups', {
        path: { id: contact.id },
        body: { date, status, temperature: null, symptoms: [], notes: '' },
      });
      void message.success(t('contacts.today.recorded', { name: contact.personName, status: t(`contacts.followUpStatuses.${status}`) }));
      if (status === 'seen_unwell') onUnwell();
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    } catch (error) {
      void message.error(translateError(t, error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" data-testid={`work-card-${contact.code}`} styles={{ body: { padding: 12 } }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
        <div>
          <Link to={`/contacts/${contact.id}`} style={{ fontSize: 16, fontWeight: 600 }}>
            {contact.personName}
          </Link>{' '}
          <Typography.Text type="secondary">{contact.code}</Typography.Text>
          <div>
            <Tag color={riskColour(contact.riskCategory)}>{t(`contacts.risks.${contact.riskCategory}`)}</Tag>
            {contact.missedDays > 0 && <Tag color="red">{t('contacts.today.missed', { days: contact.missedDays })}</Tag>}
            {contact.dueToday === 0 && <Tag color="green">{t('contacts.today.dueDone')}</Tag>}
            {contact.otherDistrict && (
              <Tag color="orange">{t('contacts.tracing.otherDistrict.tag', { district: contact.otherDistrict })}</Tag>
            )}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {contact.jurisdiction.name}
            {contact.team ? ` · ${contact.team.name}` : ''} · {t('contacts.list.until')} {contact.followUpUntil}
            {contact.lastFollowUp &&
              ` · ${t('contacts.today.last', { date: contact.lastFollowUp.date, status: t(`contacts.followUpShort.${contact.lastFollowUp.status}`) })}`}
          </Typography.Text>
        </div>
        {contact.phone && <Button href={`tel:${contact.phone}`} icon={<PhoneOutlined />} aria-label={t('contacts.today.call')} />}
      </div>
      {canWrite && contact.dueToday > 0 && (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 6, marginTop: 10 }}>
          {FOLLOW_UP_STATUSES.map((status) => (
            <Button
              key={status}
              {...BUTTON_TYPES[status]}
              disabled={busy}
              onClick={() => void record(status)}
              style={{ paddingInline: 4, minHeight: 44 }}
            >
              {t(`contacts.followUpShort.${status}`)}
            </Button>
          ))}
        </div>
      )}
      {canWrite && unwellToday && (
        <Button danger block style={{ marginTop: 8, minHeight: 44 }} onClick={() => setReporting(true)}>
          {t('contacts.detail.reportCase')}
        </Button>
      )}
      <ReportCaseDialog open={reporting} contact={contact} onClose={() => setReporting(false)} />
    </Card>
  );
}
