/**
 * The quarantine card of a contact's page, and the isolation card of a case's page (a case person isolated at a
 * site or at home): where the person is quarantined now (site and room, or home), the period, the notices as PDF,
 * and the actions — place, move, change dates, release — for holders of quarantine.write; the earlier stays
 * below. Shown to holders of quarantine.read.
 */
import { Alert, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { type Assignment, noticeUrl, statusColour, useAssignments } from './quarantine-api.ts';
import { EditDatesDialog, PlaceDialog, ReleaseDialog, type StayDialog } from './stay-dialogs.tsx';

export function placeOf(t: (key: string, options?: Record<string, unknown>) => string, a: Assignment): string {
  if (a.kind === 'home') return `${t('quarantine.kinds.home')}${a.homeAddress ? ` · ${a.homeAddress}` : ''}`;
  return t('quarantine.stays.room', { site: a.site?.name ?? '', room: a.room?.roomNo ?? '' });
}

type PanelPerson =
  | { contact: { id: string; status: string; followUpUntil: string }; caseReport?: undefined }
  | { caseReport: { id: string; placeable: boolean }; contact?: undefined };

export function QuarantinePanel({ contact, caseReport }: PanelPerson) {
  const { t } = useTranslation();
  const me = useMe();
  const [dialog, setDialog] = useState<StayDialog>(null);
  const readable = hasRight(me.data, RIGHTS.quarantineRead);
  const canWrite = hasRight(me.data, RIGHTS.quarantineWrite);
  const person = contact ? { contactId: contact.id } : { caseReportId: caseReport!.id };
  const stays = useAssignments({ ...person, page: 1, pageSize: 50 }, readable);
  const placeable = contact ? contact.status === 'under_follow_up' : caseReport!.placeable;
  useLiveInvalidate('quarantine', [['quarantine']]);
  if (!readable) return null;
  const items = stays.data?.items ?? [];
  const current = items.find((a) => a.status === 'active');
  const past = items.filter((a) => a.status !== 'active');
  return (
    <Card
      size="small"
      title={t(contact ? 'quarantine.panel.title' : 'quarantine.panel.caseTitle')}
      style={{ marginBottom: 16 }}
      data-testid="quarantine-panel"
    >
      {current ? (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('quarantine.stays.place')}>
              <span data-testid="quarantine-current-place">{placeOf(t, current)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('quarantine.stays.period')}>
              {current.startDate} – {current.endDate}
            </Descriptions.Item>
            <Descriptions.Item label={t('quarantine.stays.code')}>{current.code}</Descriptions.Item>
            <Descriptions.Item label={t('quarantine.stays.status')}>
              <Tag color={statusColour(current.status)}>{t(`quarantine.statuses.${current.status}`)}</Tag>
            </Descriptions.Item>
          </Descriptions>
          {contact && current.endDate !== contact.followUpUntil && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 8 }}
              message={t('quarantine.panel.followUpDiffers', { until: contact.followUpUntil })}
            />
          )}
          <Space wrap>
            <a href={noticeUrl(current.id, 'quarantine')} download data-testid="quarantine-notice">
              <Button>{t('quarantine.panel.notice')}</Button>
            </a>
            {canWrite && (
              <>
                <Button onClick={() => setDialog('transfer')}>{t('quarantine.panel.transfer')}</Button>
                <Button onClick={() => setDialog('edit')}>{t('quarantine.panel.edit')}</Button>
                <Button danger onClick={() => setDialog('release')} data-testid="quarantine-release">
                  {t('quarantine.panel.release')}
                </Button>
              </>
            )}
          </Space>
          <PlaceDialog open={dialog === 'transfer'} person={person} stay={current} onClose={() => setDialog(null)} />
          <EditDatesDialog open={dialog === 'edit'} stay={current} onClose={() => setDialog(null)} />
          <ReleaseDialog open={dialog === 'release'} stay={current} onClose={() => setDialog(null)} />
        </>
      ) : (
        <Space wrap>
          <Typography.Text type="secondary" data-testid="quarantine-none">
            {t(contact ? 'quarantine.panel.none' : 'quarantine.panel.caseNone')}
          </Typography.Text>
          {canWrite && placeable && (
            <Button type="primary" onClick={() => setDialog('place')} data-testid="quarantine-place">
              {t('quarantine.panel.place')}
            </Button>
          )}
          <PlaceDialog open={dialog === 'place'} person={person} onClose={() => setDialog(null)} />
        </Space>
      )}
      {past.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>{t('quarantine.panel.history')}</Typography.Text>
          {past.map((a) => (
            <div key={a.id} data-testid="quarantine-history-row">
              {a.code} · {placeOf(t, a)} · {a.startDate} –{' '}
              {t('quarantine.panel.ended', {
                date: a.endedOn ?? '',
                reason: a.releaseReason ? t(`quarantine.reasons.${a.releaseReason}`) : t('quarantine.statuses.transferred'),
              })}{' '}
              <a href={noticeUrl(a.id, 'quarantine')} download>
                {t('quarantine.panel.notice')}
              </a>
              {a.status === 'released' && (
                <>
                  {' · '}
                  <a href={noticeUrl(a.id, 'release')} download data-testid="quarantine-release-notice">
                    {t('quarantine.panel.releaseNotice')}
                  </a>
                </>
              )}
              {a.site && (
                <>
                  {' · '}
                  <Link to={`/quarantine/sites/${a.site.id}`}>{a.site.name}</Link>
                </>
              )}
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
