/**
 * The contacts list with filters (state, place, risk, name or code): a township officer sees their township's.
 */
import { ApartmentOutlined, MergeCellsOutlined, SettingOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import {
  CONTACT_STATUSES,
  type Contact,
  type ContactFilters,
  RISK_CATEGORIES,
  riskColour,
  statusColour,
  useContacts,
  useTeams,
} from './contacts-api.ts';
import { formatDateTime } from '../../app/dates.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { KpiPanel } from './kpi-panel.tsx';

export function ContactsPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<ContactFilters>({ page: 1, pageSize: 50, status: 'under_follow_up' });
  const set = (next: Partial<ContactFilters>) => setFilters((f) => ({ ...f, ...next, page: next.page ?? 1 }));
  const list = useContacts(filters);
  const teams = useTeams();
  const me = useMe();
  const canWrite = hasRight(me.data, RIGHTS.contactsWrite);
  return (
    <div>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('contacts.list.title')}
        </Typography.Title>
        <Space wrap>
          <Link to="/contacts/chains">
            <Button icon={<ApartmentOutlined />}>{t('contacts.tracing.nav.chains')}</Button>
          </Link>
          {canWrite && (
            <Link to="/contacts/import">
              <Button icon={<UploadOutlined />}>{t('contacts.tracing.nav.import')}</Button>
            </Link>
          )}
          {canWrite && (
            <Link to="/contacts/duplicates">
              <Button icon={<MergeCellsOutlined />}>{t('contacts.tracing.nav.duplicates')}</Button>
            </Link>
          )}
          <Link to="/contacts/setup">
            <Button icon={<SettingOutlined />}>{t('contacts.tracing.nav.setup')}</Button>
          </Link>
        </Space>
      </Space>
      <div style={{ marginBottom: 16 }}>
        <KpiPanel />
      </div>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('contacts.list.searchPlaceholder')}
          onSearch={(q) => set({ q: q || undefined })}
          style={{ width: 200 }}
        />
        <Select
          allowClear
          placeholder={t('contacts.list.allStatuses')}
          value={filters.status}
          onChange={(status) => set({ status })}
          options={CONTACT_STATUSES.map((value) => ({ value, label: t(`contacts.statuses.${value}`) }))}
          style={{ width: 180 }}
          data-testid="contacts-status-filter"
        />
        <Select
          allowClear
          placeholder={t('contacts.list.allRisks')}
          value={filters.riskCategory}
          onChange={(riskCategory) => set({ riskCategory })}
          options={RISK_CATEGORIES.map((value) => ({ value, label: t(`contacts.risks.${value}`) }))}
          style={{ width: 140 }}
        />
        <JurisdictionSelect
          allowClear
          value={filters.jurisdictionId}
          onChange={(jurisdictionId) => set({ jurisdictionId })}
          placeholder={t('contacts.list.allJurisdictions')}
          style={{ width: 200 }}
        />
        <Select
          allowClear
          placeholder={t('contacts.tracing.list.allTeams')}
          value={filters.teamId}
          onChange={(teamId) => set({ teamId })}
          options={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))}
          style={{ width: 160 }}
        />
        <Select
          allowClear
          placeholder={t('contacts.tracing.list.anyResidence')}
          value={filters.otherDistrict}
          onChange={(otherDistrict) => set({ otherDistrict })}
          options={[
            { value: 'to_notify', label: t('contacts.tracing.list.toNotify') },
            { value: 'any', label: t('contacts.tracing.list.otherDistrict') },
          ]}
          style={{ width: 180 }}
          data-testid="contacts-other-district-filter"
        />
      </Space>
      <ResponsiveTable<Contact>
        cardTitle={['code', 'personName']}
        data-testid="contacts-list"
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          onChange: (page, pageSize) => set({ page, pageSize }),
        }}
        columns={[
          { title: t('contacts.list.code'), dataIndex: 'code', render: (code: string, c) => <Link to={`/contacts/${c.id}`}>{code}</Link> },
          { title: t('contacts.list.person'), dataIndex: 'personName' },
          {
            title: t('contacts.list.source'),
            key: 'source',
            render: (_, c) =>
              c.sourceCase ? (
                <Link to={`/cases/${c.sourceCase.id}`}>{c.sourceCase.code}</Link>
              ) : (
                <Link to={`/contacts/${c.sourceContact?.id}`}>{c.sourceContact?.code}</Link>
              ),
          },
          { title: t('contacts.list.degree'), dataIndex: 'degree', render: (d: number) => t(`contacts.list.degrees.${d > 1 ? 2 : 1}`) },
          {
            title: t('contacts.list.residence'),
            key: 'j',
            render: (_, c) => (
              <>
                {c.jurisdiction.name}
                {c.otherDistrict && (
                  <Tag color={c.otherDistrictNotifiedAt ? 'default' : 'orange'} style={{ marginLeft: 4 }}>
                    {t('contacts.tracing.otherDistrict.tag', { district: c.otherDistrict })}
                    {c.otherDistrictNotifiedAt ? ` · ${t('contacts.tracing.otherDistrict.notified')}` : ''}
                  </Tag>
                )}
              </>
            ),
          },
          { title: t('contacts.tracing.team.label'), key: 'team', render: (_, c) => c.team?.name ?? '—' },
          { title: t('contacts.list.lastExposure'), dataIndex: 'lastExposureAt', render: (v: string) => formatDateTime(v) },
          { title: t('contacts.list.until'), dataIndex: 'followUpUntil' },
          {
            title: t('contacts.list.risk'),
            dataIndex: 'riskCategory',
            render: (v: string) => <Tag color={riskColour(v)}>{t(`contacts.risks.${v}`)}</Tag>,
          },
          {
            title: t('contacts.list.status'),
            dataIndex: 'status',
            render: (v: Contact['status']) => <Tag color={statusColour(v)}>{t(`contacts.statuses.${v}`)}</Tag>,
          },
        ]}
      />
    </div>
  );
}
