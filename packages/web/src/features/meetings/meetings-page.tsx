/**
 * Joint prevention and control meetings: the list (all, for one incident, or standing ones) and recording one.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { MeetingForm } from './meeting-form.tsx';
import { type MeetingSummary, useMeetings } from './meetings-api.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';

const PAGE_SIZE = 20;
const STATUS_COLOURS = { scheduled: 'blue', held: 'green', cancelled: 'default' } as const;

export function MeetingsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? 'all';
  const incidentId = params.get('incidentId') ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const meetings = useMeetings({ kind: kind === 'all' ? undefined : kind, incidentId, page, pageSize: PAGE_SIZE });
  useLiveInvalidate('meetings', [['meetings']]);
  const [creating, setCreating] = useState(false);

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('meetings.title')}
        </Typography.Title>
        <Space wrap>
          <Segmented
            aria-label={t('meetings.kindFilter')}
            value={kind}
            onChange={(value) => setParams({ kind: String(value), ...(incidentId ? { incidentId } : {}) })}
            options={[
              { value: 'all', label: t('meetings.kind.all') },
              { value: 'incident', label: t('meetings.kind.incident') },
              { value: 'standing', label: t('meetings.kind.standing') },
            ]}
          />
          {hasRight(me.data, RIGHTS.meetingsManage) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('meetings.create')}
            </Button>
          )}
        </Space>
      </Space>
      {meetings.error && <Alert type="error" showIcon message={translateError(t, meetings.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<MeetingSummary>
        data-testid="meeting-list"
        cardTitle={['heldAt', 'title']}
        rowKey="id"
        loading={meetings.isFetching}
        dataSource={meetings.data?.items}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: meetings.data?.total,
          onChange: (p) => setParams({ kind, page: String(p), ...(incidentId ? { incidentId } : {}) }),
        }}
        columns={[
          { title: t('meetings.fields.heldAt'), dataIndex: 'heldAt', render: (d: string) => formatDateTime(d) },
          {
            title: t('meetings.fields.title'),
            dataIndex: 'title',
            render: (title: string, m) => <Link to={`/meetings/${m.id}`}>{title}</Link>,
          },
          {
            title: t('meetings.fields.incident'),
            render: (_, m) =>
              m.incidentId ? (
                <Link to={`/incidents/${m.incidentId}`}>{`${m.incidentCode} ${m.incidentTitle}`}</Link>
              ) : (
                t('meetings.kind.standing')
              ),
          },
          {
            title: t('meetings.fields.area'),
            render: (_, m) => (i18n.language === 'en' && m.jurisdictionNameEn ? m.jurisdictionNameEn : m.jurisdictionName),
          },
          {
            title: t('meetings.fields.status'),
            dataIndex: 'status',
            render: (s: MeetingSummary['status']) => <Tag color={STATUS_COLOURS[s]}>{t(`meetings.status.${s}`)}</Tag>,
          },
          { title: t('meetings.decisions'), dataIndex: 'decisionCount', align: 'right' },
        ]}
      />
      {creating && (
        <MeetingForm defaultIncidentId={incidentId} onClose={() => setCreating(false)} onSaved={(m) => navigate(`/meetings/${m.id}`)} />
      )}
    </div>
  );
}
