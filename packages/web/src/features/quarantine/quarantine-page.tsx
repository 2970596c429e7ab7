/**
 * Quarantine: the district's quarantine sites with their occupancy (occupied / places, arrivals and releases
 * today) and home quarantine; and the people in quarantine resident in the reader's area. Lists become cards on
 * a phone. The tab is kept in the URL (?tab=stays).
 */
import { Input, Progress, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useLiveInvalidate } from '../../app/live.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { placeOf } from './quarantine-panel.tsx';
import {
  type Assignment,
  type AssignmentFilters,
  QUARANTINE_KINDS,
  QUARANTINE_STATUSES,
  type Site,
  statusColour,
  useAssignments,
  useOccupancy,
} from './quarantine-api.ts';

export function QuarantinePage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') === 'stays' ? 'stays' : 'sites';
  useLiveInvalidate('quarantine-sites', [['quarantine']]);
  useLiveInvalidate('quarantine', [['quarantine']]);
  return (
    <div>
      <Typography.Title level={3}>{t('quarantine.sites.title')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === 'stays' ? { tab: 'stays' } : {}, { replace: true, flushSync: true })}
        items={[
          { key: 'sites', label: t('quarantine.sites.tabSites'), children: <SitesTab /> },
          { key: 'stays', label: t('quarantine.sites.tabStays'), children: <StaysTab /> },
        ]}
      />
    </div>
  );
}

function SitesTab() {
  const { t } = useTranslation();
  const occupancy = useOccupancy();
  const data = occupancy.data;
  return (
    <>
      <ResponsiveTable<Site>
        rowKey="id"
        size="small"
        data-testid="quarantine-sites"
        loading={occupancy.isPending}
        dataSource={data?.sites ?? []}
        pagination={false}
        scroll={{ x: true }}
        cardTitle={['name']}
        columns={[
          {
            title: t('quarantine.sites.site'),
            dataIndex: 'name',
            key: 'name',
            render: (name: string, s) => <Link to={`/quarantine/sites/${s.id}`}>{name}</Link>,
          },
          { title: t('quarantine.sites.township'), key: 'township', render: (_, s) => s.jurisdiction.name },
          {
            title: t('quarantine.sites.rooms'),
            dataIndex: 'rooms',
            key: 'rooms',
            render: (n: number) => (n === 0 ? <Typography.Text type="secondary">{t('quarantine.sites.noRooms')}</Typography.Text> : n),
          },
          {
            title: `${t('quarantine.sites.occupied')} / ${t('quarantine.sites.capacity')}`,
            key: 'occupancy',
            render: (_, s) => (
              <Space data-testid={`occupancy-${s.id}`}>
                <span>{t('quarantine.sites.occupancyOf', { occupied: s.occupied, capacity: s.capacity })}</span>
                {s.capacity > 0 && <Progress percent={Math.round((100 * s.occupied) / s.capacity)} size="small" style={{ width: 90 }} />}
              </Space>
            ),
          },
          { title: t('quarantine.sites.free'), dataIndex: 'free', key: 'free' },
          { title: t('quarantine.sites.arrivalsToday'), dataIndex: 'arrivalsToday', key: 'arrivalsToday' },
          { title: t('quarantine.sites.releasesToday'), dataIndex: 'releasesToday', key: 'releasesToday' },
        ]}
      />
      {data && (
        <Space wrap style={{ marginTop: 12 }} data-testid="quarantine-home">
          <Tag>
            {t('quarantine.sites.home')}: {data.home.active}
          </Tag>
          <Tag>
            {t('quarantine.sites.arrivalsToday')}: {data.home.arrivalsToday}
          </Tag>
          <Tag>
            {t('quarantine.sites.releasesToday')}: {data.home.releasesToday}
          </Tag>
          <Tag color="blue">
            {t('quarantine.sites.total')}: {data.totals.occupied} / {data.totals.capacity}
          </Tag>
        </Space>
      )}
    </>
  );
}

function StaysTab() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<AssignmentFilters>({ page: 1, pageSize: 50, status: 'active' });
  const set = (next: Partial<AssignmentFilters>) => setFilters((f) => ({ ...f, ...next, page: next.page ?? 1 }));
  const list = useAssignments(filters);
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('quarantine.stays.searchPlaceholder')}
          onSearch={(q) => set({ q: q || undefined })}
          style={{ width: 200 }}
        />
        <Select
          allowClear
          placeholder={t('quarantine.stays.allStatuses')}
          value={filters.status}
          onChange={(status) => set({ status })}
          options={QUARANTINE_STATUSES.map((value) => ({ value, label: t(`quarantine.statuses.${value}`) }))}
          style={{ width: 140 }}
        />
        <Select
          allowClear
          placeholder={t('quarantine.stays.allKinds')}
          value={filters.kind}
          onChange={(kind) => set({ kind })}
          options={QUARANTINE_KINDS.map((value) => ({ value, label: t(`quarantine.kinds.${value}`) }))}
          style={{ width: 140 }}
        />
      </Space>
      <ResponsiveTable<Assignment>
        rowKey="id"
        size="small"
        data-testid="quarantine-stays"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        cardTitle={['person', 'status']}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          onChange: (page, pageSize) => set({ page, pageSize }),
        }}
        columns={[
          {
            title: t('quarantine.stays.person'),
            key: 'person',
            render: (_, a) =>
              a.person.kind === 'case' ? (
                <>
                  <Link to={`/cases/${a.person.id}`}>{a.person.personName}</Link> <Tag color="red">{t('quarantine.stays.casePerson')}</Tag>
                </>
              ) : (
                <Link to={`/contacts/${a.person.id}`}>{a.person.personName}</Link>
              ),
          },
          { title: t('quarantine.stays.code'), dataIndex: 'code', key: 'code' },
          { title: t('quarantine.stays.residence'), key: 'residence', render: (_, a) => a.jurisdiction.name },
          { title: t('quarantine.stays.place'), key: 'place', render: (_, a) => placeOf(t, a) },
          { title: t('quarantine.stays.period'), key: 'period', render: (_, a) => `${a.startDate} – ${a.endedOn ?? a.endDate}` },
          {
            title: t('quarantine.stays.status'),
            key: 'status',
            render: (_, a) => <Tag color={statusColour(a.status)}>{t(`quarantine.statuses.${a.status}`)}</Tag>,
          },
        ]}
      />
    </>
  );
}
