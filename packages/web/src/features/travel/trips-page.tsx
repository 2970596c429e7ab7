/**
 * Voyages and trips (航次与班次): voyages through the district's port, bus and train runs, flights and port shifts,
 * newest first, with their manifest size and the cases on them. Holders of travel.manage record vessels and trips.
 */
import { Button, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { TRIP_MODES, type Trip, type TripFilters, useTrips } from './travel-api.ts';
import { TripFormDialog, VesselFormDialog } from './trip-form.tsx';

export function TripsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const en = i18n.language.startsWith('en');
  const [filters, setFilters] = useState<TripFilters>({ page: 1, pageSize: 50 });
  const set = (next: Partial<TripFilters>) => setFilters((f) => ({ ...f, ...next, page: next.page ?? 1 }));
  const [adding, setAdding] = useState<'trip' | 'vessel' | null>(null);
  const list = useTrips(filters);
  const canManage = hasRight(me.data, RIGHTS.travelManage);
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3}>{t('travel.list.title')}</Typography.Title>
        {canManage && (
          <Space wrap>
            <Button onClick={() => setAdding('vessel')}>{t('travel.list.addVessel')}</Button>
            <Button type="primary" onClick={() => setAdding('trip')} data-testid="trip-add">
              {t('travel.list.addTrip')}
            </Button>
          </Space>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('travel.list.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('travel.list.search')}
          onSearch={(q) => set({ q: q || undefined })}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          placeholder={t('travel.list.allModes')}
          value={filters.mode}
          onChange={(mode) => set({ mode })}
          options={TRIP_MODES.map((value) => ({ value, label: t(`travel.modes.${value}`) }))}
          style={{ width: 160 }}
        />
      </Space>
      <ResponsiveTable<Trip>
        rowKey="id"
        size="small"
        data-testid="trips-list"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        cardTitle={['code', 'serviceNumber']}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          onChange: (page, pageSize) => set({ page, pageSize }),
        }}
        columns={[
          { title: t('travel.list.code'), dataIndex: 'code', render: (code: string, r) => <Link to={`/travel/${r.id}`}>{code}</Link> },
          { title: t('travel.fields.serviceNumber'), dataIndex: 'serviceNumber' },
          { title: t('travel.fields.mode'), dataIndex: 'mode', render: (m: Trip['mode']) => <Tag>{t(`travel.modes.${m}`)}</Tag> },
          {
            title: t('travel.fields.vessel'),
            key: 'vessel',
            render: (_, r) => (r.vessel ? (en && r.vessel.nameEn ? r.vessel.nameEn : r.vessel.name) : '—'),
          },
          {
            title: t('travel.list.route'),
            key: 'route',
            render: (_, r) => [r.origin, ...r.calls.map((c) => c.place), r.destination].filter(Boolean).join(' → ') || '—',
          },
          { title: t('travel.fields.departsAt'), dataIndex: 'departsAt', render: (v: string) => formatDateTime(v) },
          { title: t('travel.list.manifest'), dataIndex: 'manifestCount' },
          {
            title: t('travel.list.cases'),
            dataIndex: 'exposureCount',
            render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : '0'),
          },
        ]}
      />
      <TripFormDialog
        open={adding === 'trip'}
        onClose={(trip) => {
          setAdding(null);
          if (trip) void navigate(`/travel/${trip.id}`);
        }}
      />
      <VesselFormDialog open={adding === 'vessel'} onClose={() => setAdding(null)} />
    </div>
  );
}
