import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Agency } from '../../api/types.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { jurisdictionIndex, localName, useJurisdictions } from '../jurisdictions/jurisdictions-api.ts';
import { AgencyForm } from './agency-form.tsx';
import { useAgencies } from './agencies-api.ts';

const PAGE_SIZE = 20;

export function AgenciesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const agencies = useAgencies({ q, page, pageSize: PAGE_SIZE });
  const jurisdictions = jurisdictionIndex(useJurisdictions().data);
  const [creating, setCreating] = useState(false);

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('agencies.title')}
        </Typography.Title>
        <Space>
          <Input.Search
            allowClear
            defaultValue={q}
            placeholder={t('agencies.searchPlaceholder')}
            aria-label={t('common.search')}
            onSearch={(value) => setParams(value ? { q: value } : {})}
            style={{ width: 280 }}
          />
          {hasRight(me.data, RIGHTS.registryManage) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('agencies.create')}
            </Button>
          )}
        </Space>
      </Space>
      {agencies.error && <Alert type="error" showIcon message={translateError(t, agencies.error)} style={{ marginBottom: 16 }} />}
      <Table<Agency>
        rowKey="id"
        loading={agencies.isFetching}
        dataSource={agencies.data?.items}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: agencies.data?.total,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { count: total }),
          onChange: (next) => setParams({ ...(q ? { q } : {}), page: String(next) }),
        }}
        columns={[
          { title: t('agencies.code'), dataIndex: 'code', width: 140 },
          {
            title: t('common.name'),
            key: 'name',
            render: (_, agency) => <Link to={`/registry/agencies/${agency.id}`}>{localName(agency, i18n.language)}</Link>,
          },
          {
            title: t('agencies.kind'),
            dataIndex: 'kind',
            width: 160,
            render: (kind: string) => t(`agencyKinds.${kind}`, { defaultValue: kind }),
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
          { title: t('agencies.contactPerson'), dataIndex: 'contactPerson', width: 120 },
          { title: t('common.phone'), dataIndex: 'phone', width: 150 },
        ]}
      />
      <AgencyForm open={creating} editing={null} onClose={() => setCreating(false)} />
    </div>
  );
}
