import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { FACILITY_TYPES, type Facility } from '../../api/types.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { jurisdictionIndex, localName, useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import { useFacilities } from './facilities-api.ts';
import { FacilityForm } from './facility-form.tsx';
import { urlPagination } from '../../app/url-pagination.ts';

const PAGE_SIZE = 20;
const FILTERS = ['type', 'jurisdictionId', 'q'] as const;

export function FacilitiesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? undefined])) as Record<
    (typeof FILTERS)[number],
    string | undefined
  >;
  const page = Number(params.get('page') ?? '1') || 1;
  const facilities = useFacilities({ ...filters, page, pageSize: PAGE_SIZE });
  const jurisdictions = jurisdictionIndex(useJurisdictions().data);
  const number = new Intl.NumberFormat(i18n.language);

  // Filters live in the URL so a filtered list can be bookmarked and survives a reload; a new filter resets paging.
  function setFilter(name: (typeof FILTERS)[number], value: string | undefined) {
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
          {t('facilities.title')}
        </Typography.Title>
        {hasRight(me.data, RIGHTS.registryManage) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('facilities.create')}
          </Button>
        )}
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('facilities.allTypes')}
          aria-label={t('facilities.type')}
          value={filters.type}
          onChange={(value) => setFilter('type', value)}
          options={FACILITY_TYPES.map((value) => ({ value, label: t(`facilityTypes.${value}`) }))}
          style={{ width: 200 }}
        />
        <JurisdictionSelect
          allowClear
          value={filters.jurisdictionId}
          onChange={(value) => setFilter('jurisdictionId', value)}
          placeholder={t('facilities.allJurisdictions')}
          style={{ width: 220 }}
        />
        <Input.Search
          allowClear
          defaultValue={filters.q}
          placeholder={t('facilities.searchPlaceholder')}
          onSearch={(value) => setFilter('q', value || undefined)}
          style={{ width: 260 }}
        />
      </Space>
      {facilities.error && <Alert type="error" showIcon message={translateError(t, facilities.error)} style={{ marginBottom: 16 }} />}
      <Table<Facility>
        rowKey="id"
        loading={facilities.isFetching}
        dataSource={facilities.data?.items}
        pagination={urlPagination(t, params, setParams, { current: page, pageSize: PAGE_SIZE, total: facilities.data?.total })}
        columns={[
          {
            title: t('common.name'),
            key: 'name',
            render: (_, facility) => <Link to={`/registry/facilities/${facility.id}`}>{localName(facility, i18n.language)}</Link>,
          },
          {
            title: t('facilities.type'),
            dataIndex: 'type',
            width: 150,
            render: (type: string) => t(`facilityTypes.${type}`, { defaultValue: type }),
          },
          {
            title: t('common.jurisdiction'),
            dataIndex: 'jurisdictionId',
            width: 140,
            render: (id: string) => {
              const jurisdiction = jurisdictions.get(id);
              return jurisdiction ? localName(jurisdiction, i18n.language) : '—';
            },
          },
          { title: t('facilities.beds'), dataIndex: 'beds', width: 90, align: 'right', render: (value: number) => number.format(value) },
          {
            title: t('facilities.icuBeds'),
            dataIndex: 'icuBeds',
            width: 90,
            align: 'right',
            render: (value: number) => number.format(value),
          },
          {
            title: t('facilities.isolationRooms'),
            dataIndex: 'isolationRooms',
            width: 100,
            align: 'right',
            render: (value: number) => number.format(value),
          },
          { title: t('facilities.rooms'), dataIndex: 'rooms', width: 90, align: 'right', render: (value: number) => number.format(value) },
        ]}
      />
      <FacilityForm open={creating} editing={null} onClose={() => setCreating(false)} />
    </div>
  );
}
