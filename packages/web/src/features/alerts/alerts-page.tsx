/**
 * The alert inbox: open alerts first, nearest deadline first (or Class A first, or latest activity), each with
 * its status, warning level, class, subject, place, assignee and a live countdown to its verification deadline.
 * A new or changed alert appears without a reload (live topic 'alerts'). Filters live in the URL; "my
 * subscriptions" shows what my alert subscription covers, and the drawer edits it.
 */
import { BellOutlined, FormOutlined } from '@ant-design/icons';
import { Alert as AntAlert, Badge, Button, Checkbox, Input, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { useDiseases } from '../cases/cases-api.ts';
import { ExportButton } from '../exports/export-button.tsx';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { ALERT_CLASSES, ALERT_SORTS, ALERT_STATUSES, type Alert, WARNING_LEVELS, useAlerts } from './alerts-api.ts';
import { SubscriptionDrawer } from './subscription-drawer.tsx';
import { ClassTag, DeadlineCountdown, LevelTag, StatusTag, subjectName } from './alert-bits.tsx';
import { urlPagination } from '../../app/url-pagination.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { ExerciseTag } from '../../app/exercise-banner.tsx';

const PAGE_SIZE = 20;
const FILTERS = [
  'status',
  'warningLevel',
  'alertClass',
  'origin',
  'diseaseId',
  'jurisdictionId',
  'q',
  'mine',
  'overdue',
  'subscribed',
  'sort',
] as const;
type Filter = (typeof FILTERS)[number];

export function AlertsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? undefined])) as Record<Filter, string | undefined>;
  const scope = params.get('scope') ?? 'open';
  const page = Number(params.get('page') ?? '1') || 1;
  const listFilters = { ...filters, open: scope === 'open' ? 'true' : scope === 'finished' ? 'false' : undefined };
  const alerts = useAlerts({ ...listFilters, page, pageSize: PAGE_SIZE });
  // A new alert from detection, or another person's action, shows up at once.
  useLiveInvalidate('alerts', [['alerts']]);
  // the catalogue needs a right some readers of alerts lack (viewers): then the filter is simply not offered
  const diseases = useDiseases();
  const me = useMe();
  const canReport = hasRight(me.data, RIGHTS.eventsReport);
  const [subscriptionOpen, setSubscriptionOpen] = useState(false);

  function set(name: Filter | 'scope', value: string | undefined) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('page');
    setParams(next);
  }

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('alerts.title')}
        </Typography.Title>
        <Space wrap>
          <Badge status="processing" text={t('alerts.live')} />
          <Button icon={<BellOutlined />} onClick={() => setSubscriptionOpen(true)} data-testid="subscription-open">
            {t('alerts.subscription.open')}
          </Button>
          {canReport && (
            <Link to="/alerts/report-event">
              <Button type="primary" icon={<FormOutlined />} data-testid="report-event">
                {t('eventReports.newButton')}
              </Button>
            </Link>
          )}
          <ExportButton path="/api/alerts/export" filters={listFilters} />
        </Space>
      </Space>
      <SubscriptionDrawer open={subscriptionOpen} onClose={() => setSubscriptionOpen(false)} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={scope}
          onChange={(value) => set('scope', value === 'open' ? undefined : String(value))}
          options={(['open', 'finished', 'all'] as const).map((value) => ({ value, label: t(`alerts.scope.${value}`) }))}
        />
        <Select
          allowClear
          mode="multiple"
          placeholder={t('alerts.allStatuses')}
          aria-label={t('alerts.status')}
          value={filters.status ? filters.status.split(',') : []}
          onChange={(value: string[]) => set('status', value.join(',') || undefined)}
          options={ALERT_STATUSES.map((value) => ({ value, label: t(`alerts.statuses.${value}`) }))}
          style={{ minWidth: 180 }}
        />
        <Select
          aria-label={t('alerts.sortBy')}
          value={filters.sort ?? 'deadline'}
          onChange={(value: string) => set('sort', value === 'deadline' ? undefined : value)}
          options={ALERT_SORTS.map((value) => ({ value, label: t(`alerts.sorts.${value}`) }))}
          style={{ width: 170 }}
          data-testid="alert-sort"
        />
        <Select
          allowClear
          mode="multiple"
          placeholder={t('alerts.allClasses')}
          aria-label={t('alerts.class')}
          value={filters.alertClass ? filters.alertClass.split(',') : []}
          onChange={(value: string[]) => set('alertClass', value.join(',') || undefined)}
          options={ALERT_CLASSES.map((value) => ({ value, label: t(`alerts.classes.${value}`) }))}
          style={{ minWidth: 150 }}
        />
        <Select
          allowClear
          mode="multiple"
          placeholder={t('alerts.allLevels')}
          aria-label={t('alerts.level')}
          value={filters.warningLevel ? filters.warningLevel.split(',') : []}
          onChange={(value: string[]) => set('warningLevel', value.join(',') || undefined)}
          options={WARNING_LEVELS.map((value) => ({ value, label: t(`alerts.levels.${value}`) }))}
          style={{ minWidth: 150 }}
        />
        {diseases.data && (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('alerts.allDiseases')}
            aria-label={t('alerts.disease')}
            value={filters.diseaseId}
            onChange={(value: string | undefined) => set('diseaseId', value)}
            options={diseases.data.items.map((d) => ({ value: d.id, label: localName(d, i18n.language) }))}
            style={{ width: 180 }}
          />
        )}
        <Select
          allowClear
          placeholder={t('eventReports.class.all')}
          aria-label={t('eventReports.class.label')}
          value={filters.origin}
          onChange={(value: string | undefined) => set('origin', value)}
          options={(['signal', 'event'] as const).map((value) => ({ value, label: t(`eventReports.class.${value}`) }))}
          style={{ width: 140 }}
        />
        <JurisdictionSelect
          allowClear
          value={filters.jurisdictionId}
          onChange={(value) => set('jurisdictionId', value)}
          placeholder={t('alerts.allPlaces')}
          style={{ width: 200 }}
        />
        <Checkbox checked={filters.mine === 'true'} onChange={(e) => set('mine', e.target.checked ? 'true' : undefined)}>
          {t('alerts.mine')}
        </Checkbox>
        <Checkbox
          checked={filters.subscribed === 'true'}
          onChange={(e) => set('subscribed', e.target.checked ? 'true' : undefined)}
          data-testid="alert-subscribed"
        >
          {t('alerts.subscribedOnly')}
        </Checkbox>
        <Checkbox checked={filters.overdue === 'true'} onChange={(e) => set('overdue', e.target.checked ? 'true' : undefined)}>
          {t('alerts.overdueOnly')}
        </Checkbox>
        <Input.Search
          allowClear
          defaultValue={filters.q}
          placeholder={t('alerts.searchPlaceholder')}
          onSearch={(value) => set('q', value || undefined)}
          style={{ width: 200 }}
        />
      </Space>
      {alerts.error && <AntAlert type="error" showIcon message={translateError(t, alerts.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<Alert>
        cardTitle={['code', 'subject']}
        rowKey="id"
        data-testid="alert-inbox"
        loading={alerts.isFetching && !alerts.data}
        dataSource={alerts.data?.items}
        onRow={(alert) => ({ 'data-alert-id': alert.id, 'data-alert-code': alert.code }) as React.HTMLAttributes<HTMLElement>}
        pagination={urlPagination(t, params, setParams, { current: page, pageSize: PAGE_SIZE, total: alerts.data?.total })}
        columns={[
          {
            title: t('alerts.code'),
            dataIndex: 'code',
            width: 120,
            render: (code: string, alert) => (
              <>
                <Link to={`/alerts/${alert.id}`}>{code}</Link> <ExerciseTag exercise={alert.exercise} />
              </>
            ),
          },
          {
            title: t('alerts.status'),
            key: 'status',
            width: 150,
            render: (_, alert) => (
              <Space size={4} wrap>
                <StatusTag status={alert.status} />
                {alert.escalatedAt && <Tag color="error">{t('alerts.escalated')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('alerts.level'),
            dataIndex: 'warningLevel',
            width: 100,
            render: (level: Alert['warningLevel']) => <LevelTag level={level} />,
          },
          {
            title: t('alerts.class'),
            dataIndex: 'alertClass',
            width: 110,
            render: (c: Alert['alertClass']) => <ClassTag alertClass={c} />,
          },
          {
            title: t('alerts.disease'),
            key: 'subject',
            render: (_, alert) => (
              <Space size={4} wrap>
                {alert.origin === 'event' && <Tag color="purple">{t('eventReports.eventTag')}</Tag>}
                <Link to={`/alerts/${alert.id}`}>{subjectName(alert, i18n.language, t)}</Link>
              </Space>
            ),
          },
          { title: t('alerts.place'), key: 'place', width: 150, render: (_, alert) => localName(alert.jurisdiction, i18n.language) },
          {
            title: t('alerts.assignee'),
            key: 'assignee',
            width: 130,
            render: (_, alert) =>
              alert.assignee?.displayName ?? <Typography.Text type="secondary">{t('alerts.unassigned')}</Typography.Text>,
          },
          { title: t('alerts.signalCount'), dataIndex: 'signalCount', width: 80, align: 'right' },
          {
            title: t('alerts.lastSignal'),
            dataIndex: 'lastSignalAt',
            width: 150,
            render: (at: string | null) => (at ? formatDateTime(at) : '—'),
          },
          {
            title: t('alerts.deadline'),
            key: 'deadline',
            width: 170,
            render: (_, alert) => <DeadlineCountdown dueAt={alert.verificationDueAt} status={alert.status} />,
          },
        ]}
      />
    </div>
  );
}
