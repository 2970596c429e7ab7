/**
 * Chains of transmission: the graph of cases and contacts with its clusters, filtered by date, disease, place
 * and cluster; the clusters listed beside it (those reaching another district marked).
 */
import { Alert, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DistrictDatePicker } from '../../app/date-picker.tsx';
import { useDiseases } from '../cases/cases-api.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { ChainGraph } from './chain-graph.tsx';
import { type ChainFilters, type Chains, useChains } from './contacts-api.ts';

export function ChainsPage() {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<ChainFilters>({});
  const set = (next: Partial<ChainFilters>) => setFilters((f) => ({ ...f, ...next }));
  const chains = useChains(filters);
  const diseases = useDiseases();
  const en = i18n.language.startsWith('en');
  const data = chains.data;
  return (
    <div>
      <Typography.Title level={3}>{t('contacts.tracing.chains.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('contacts.tracing.chains.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <DistrictDatePicker
          placeholder={t('contacts.tracing.chains.from')}
          onChange={(d) => set({ from: d ? d.format('YYYY-MM-DD') : undefined })}
          aria-label={t('contacts.tracing.chains.from')}
        />
        <DistrictDatePicker
          placeholder={t('contacts.tracing.chains.to')}
          onChange={(d) => set({ to: d ? d.format('YYYY-MM-DD') : undefined })}
          aria-label={t('contacts.tracing.chains.to')}
        />
        <Select
          allowClear
          placeholder={t('contacts.tracing.chains.disease')}
          style={{ width: 180 }}
          value={filters.diseaseId}
          onChange={(diseaseId) => set({ diseaseId, cluster: undefined })}
          options={(diseases.data?.items ?? []).map((d) => ({ value: d.id, label: en ? d.nameEn : d.name }))}
        />
        <JurisdictionSelect
          allowClear
          value={filters.jurisdictionId}
          onChange={(jurisdictionId) => set({ jurisdictionId, cluster: undefined })}
          placeholder={t('contacts.tracing.chains.jurisdiction')}
          style={{ width: 200 }}
        />
        <Select
          allowClear
          showSearch
          placeholder={t('contacts.tracing.chains.allClusters')}
          style={{ width: 180 }}
          value={filters.cluster}
          onChange={(cluster) => set({ cluster })}
          options={(data?.clusters ?? []).map((c) => ({ value: c.id, label: c.id }))}
          data-testid="chain-cluster-filter"
        />
      </Space>
      {data?.truncated && <Alert type="warning" showIcon message={t('contacts.tracing.chains.truncated')} style={{ marginBottom: 12 }} />}
      <Card size="small" loading={chains.isPending} data-testid="chain-graph">
        {data && data.nodes.length === 0 ? (
          <Empty description={t('contacts.tracing.chains.empty')} />
        ) : data ? (
          <ChainGraph chains={data} />
        ) : null}
      </Card>
      {data && data.clusters.length > 0 && <ClusterTable clusters={data.clusters} onPick={(cluster) => set({ cluster })} />}
    </div>
  );
}

function ClusterTable({ clusters, onPick }: { clusters: Chains['clusters']; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Table<Chains['clusters'][number]>
      style={{ marginTop: 12 }}
      size="small"
      rowKey="id"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      dataSource={clusters}
      data-testid="chain-clusters"
      columns={[
        {
          title: t('contacts.tracing.chains.cluster'),
          dataIndex: 'id',
          render: (id: string) => <Typography.Link onClick={() => onPick(id)}>{id}</Typography.Link>,
        },
        { title: t('contacts.tracing.chains.cases'), dataIndex: 'cases' },
        { title: t('contacts.tracing.chains.contacts'), dataIndex: 'contacts' },
        {
          title: t('contacts.tracing.chains.crosses'),
          dataIndex: 'crossesDistrict',
          render: (v: boolean) => (v ? <Tag color="orange">{t('contacts.tracing.chains.crosses')}</Tag> : '—'),
        },
      ]}
    />
  );
}
