import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Segmented, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { type IncidentSummary, useIncidents } from './incidents-api.ts';
import { LevelTag } from './level-tag.tsx';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { ExerciseTag } from '../../app/exercise-banner.tsx';

const PAGE_SIZE = 20;

export function IncidentsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'open';
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? '1') || 1;
  const incidents = useIncidents({ status: status === 'all' ? undefined : status, q: q || undefined, page, pageSize: PAGE_SIZE });
  useLiveInvalidate('incidents', [['incidents']]);
  const en = i18n.language === 'en';
  const set = (next: Record<string, string>) => setParams({ status, ...(q ? { q } : {}), ...next });

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('incidents.title')}
        </Typography.Title>
        <Space wrap>
          <Segmented
            aria-label={t('incidents.statusFilter')}
            value={status}
            onChange={(value) => set({ status: String(value), page: '1' })}
            options={[
              { value: 'open', label: t('incidents.status.open') },
              { value: 'closed', label: t('incidents.status.closed') },
              { value: 'all', label: t('incidents.all') },
            ]}
          />
          <Input.Search
            allowClear
            defaultValue={q}
            aria-label={t('common.search')}
            placeholder={t('incidents.searchPlaceholder')}
            onSearch={(value) => setParams({ status, ...(value ? { q: value } : {}) })}
            style={{ width: 240 }}
          />
          {hasRight(me.data, RIGHTS.incidentsCommand) && (
            <Link to="/incidents/new">
              <Button type="primary" icon={<PlusOutlined />}>
                {t('incidents.open')}
              </Button>
            </Link>
          )}
        </Space>
      </Space>
      {incidents.error && <Alert type="error" showIcon message={translateError(t, incidents.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<IncidentSummary>
        data-testid="incident-list"
        cardTitle={['code', 'title']}
        rowKey="id"
        loading={incidents.isFetching}
        dataSource={incidents.data?.items}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: incidents.data?.total,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { count: total }),
          onChange: (next) => set({ page: String(next) }),
        }}
        columns={[
          { title: t('incidents.code'), dataIndex: 'code', width: 120 },
          {
            title: t('incidents.fields.title'),
            key: 'title',
            render: (_, i) => (
              <>
                <ExerciseTag exercise={i.exercise} />
                <Link to={`/incidents/${i.id}`}>{i.title}</Link>
              </>
            ),
          },
          { title: t('incidents.level'), key: 'level', width: 170, render: (_, i) => <LevelTag level={i.responseLevel} /> },
          {
            title: t('incidents.fields.disease'),
            key: 'disease',
            width: 160,
            render: (_, i) => (en ? i.diseaseNameEn : i.diseaseName) ?? '—',
          },
          {
            title: t('incidents.fields.area'),
            key: 'area',
            width: 150,
            render: (_, i) => (en ? i.jurisdictionNameEn || i.jurisdictionName : i.jurisdictionName),
          },
          { title: t('incidents.fields.startedAt'), key: 'start', width: 170, render: (_, i) => formatDateTime(i.startedAt) },
          {
            title: t('incidents.statusLabel'),
            key: 'status',
            width: 100,
            render: (_, i) => <Tag color={i.status === 'open' ? 'processing' : 'default'}>{t(`incidents.status.${i.status}`)}</Tag>,
          },
        ]}
      />
    </div>
  );
}
