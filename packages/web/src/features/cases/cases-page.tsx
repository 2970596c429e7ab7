import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { DistrictRangePicker } from '../../app/date-picker.tsx';
import { formatDateTime } from '../../app/dates.ts';
import { dayValue } from '../../app/district-dayjs.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ExportButton } from '../exports/export-button.tsx';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { DeadlineTag, birthLabel } from './case-parts.tsx';
import { CASE_CLASSIFICATIONS, type CaseSummary, DATE_FIELDS, REVIEW_STATUSES, useCases, useDiseases } from './cases-api.ts';
import { urlPagination } from '../../app/url-pagination.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { ExerciseTag } from '../../app/exercise-banner.tsx';

const PAGE_SIZE = 20;
const FILTERS = [
  'diseaseId',
  'jurisdictionId',
  'classification',
  'dateField',
  'from',
  'to',
  'q',
  'status',
  'timeliness',
  'reviewStatus',
] as const;
type FilterName = (typeof FILTERS)[number];

/** Case reports in the user's area: filters in the URL, masked ID numbers, the deadline indicator. */
export function CasesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? undefined])) as Record<
    FilterName,
    string | undefined
  >;
  const page = Number(params.get('page') ?? '1') || 1;
  const cases = useCases({ ...filters, page, pageSize: PAGE_SIZE });
  const diseases = useDiseases({ includeInactive: true });
  useLiveInvalidate('cases', [['cases']]);

  // Filters live in the URL so a filtered list survives a reload and can be shared; a new filter resets paging.
  function setFilters(values: Partial<Record<FilterName, string | undefined>>) {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(values)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    next.delete('page');
    setParams(next);
  }

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cases.list.title')}
        </Typography.Title>
        <Space wrap>
          <ExportButton path="/api/cases/export" filters={filters} fullIdentity={hasRight(me.data, RIGHTS.casesIdentity)} />
          {hasRight(me.data, RIGHTS.casesReport) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')}>
              {t('cases.list.create')}
            </Button>
          )}
        </Space>
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('cases.list.allDiseases')}
          aria-label={t('cases.list.disease')}
          value={filters.diseaseId}
          onChange={(value) => setFilters({ diseaseId: value })}
          options={(diseases.data?.items ?? []).map((d) => ({ value: d.id, label: localName(d, i18n.language) }))}
          style={{ width: 200 }}
        />
        <JurisdictionSelect
          allowClear
          value={filters.jurisdictionId}
          onChange={(value) => setFilters({ jurisdictionId: value })}
          placeholder={t('cases.list.allJurisdictions')}
          style={{ width: 200 }}
        />
        <Select
          allowClear
          placeholder={t('cases.list.allClassifications')}
          aria-label={t('cases.form.classification')}
          value={filters.classification}
          onChange={(value) => setFilters({ classification: value })}
          options={CASE_CLASSIFICATIONS.map((value) => ({ value, label: t(`cases.classifications.${value}`) }))}
          style={{ width: 160 }}
        />
        <Select
          aria-label={t('cases.list.dateField')}
          value={filters.dateField ?? 'report'}
          onChange={(value) => setFilters({ dateField: value === 'report' ? undefined : value })}
          options={DATE_FIELDS.map((value) => ({ value, label: t(`cases.dateFields.${value}`) }))}
          style={{ width: 120 }}
        />
        <DistrictRangePicker
          aria-label={t('cases.list.dateRange')}
          value={[filters.from ? dayValue(filters.from) : null, filters.to ? dayValue(filters.to) : null]}
          allowEmpty={[true, true]}
          onChange={(range) => setFilters({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
        />
        <Select
          allowClear
          placeholder={t('cases.list.timelinessFilter')}
          value={filters.timeliness}
          onChange={(value) => setFilters({ timeliness: value })}
          options={(['on_time', 'late'] as const).map((value) => ({ value, label: t(`cases.timelinessFilters.${value}`) }))}
          style={{ width: 120 }}
        />
        <Select
          allowClear
          placeholder={t('cases.list.reviewedFilter')}
          aria-label={t('cases.list.reviewedFilter')}
          value={filters.reviewStatus}
          onChange={(value) => setFilters({ reviewStatus: value })}
          options={REVIEW_STATUSES.map((value) => ({ value, label: t(`cases.reviewStatuses.${value}`) }))}
          style={{ width: 120 }}
        />
        <Select
          aria-label={t('cases.list.status')}
          value={filters.status ?? 'active'}
          onChange={(value) => setFilters({ status: value === 'active' ? undefined : value })}
          options={(['active', 'merged', 'exercise', 'all'] as const).map((value) => ({ value, label: t(`cases.statuses.${value}`) }))}
          style={{ width: 110 }}
        />
        <Input.Search
          allowClear
          defaultValue={filters.q}
          placeholder={t('cases.list.searchPlaceholder')}
          onSearch={(value) => setFilters({ q: value || undefined })}
          style={{ width: 220 }}
        />
      </Space>
      {cases.error && <Alert type="error" showIcon message={translateError(t, cases.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<CaseSummary>
        data-testid="case-list"
        cardTitle={['code', 'person']}
        rowKey="id"
        size="middle"
        loading={cases.isFetching}
        dataSource={cases.data?.items}
        scroll={{ x: 1100 }}
        pagination={urlPagination(t, params, setParams, { current: page, pageSize: PAGE_SIZE, total: cases.data?.total })}
        columns={[
          {
            title: t('cases.list.code'),
            key: 'code',
            width: 130,
            render: (_, c) => (
              <>
                <Link to={`/cases/${c.id}`}>{c.code}</Link> <ExerciseTag exercise={c.exercise} />
              </>
            ),
          },
          {
            title: t('cases.list.person'),
            key: 'person',
            render: (_, c) => (
              <span>
                {c.personName} <Typography.Text type="secondary">{t(`cases.sexes.${c.sex}`)}</Typography.Text>
              </span>
            ),
          },
          {
            title: t('cases.form.birth'),
            key: 'birth',
            width: 110,
            render: (_, c) => <span data-testid="case-birth">{birthLabel(t, c)}</span>,
          },
          {
            title: t('cases.list.idNumber'),
            dataIndex: 'idNumberMasked',
            width: 190,
            render: (v: string) => <span data-testid="masked-id">{v || '—'}</span>,
          },
          { title: t('cases.list.disease'), key: 'disease', render: (_, c) => localName(c.disease, i18n.language) },
          {
            title: t('cases.form.classification'),
            dataIndex: 'classification',
            width: 130,
            render: (v: string) => t(`cases.classifications.${v}`),
          },
          { title: t('cases.list.residence'), key: 'residence', width: 140, render: (_, c) => localName(c.jurisdiction, i18n.language) },
          { title: t('cases.list.reportedAt'), dataIndex: 'reportedAt', width: 150, render: (v: string) => formatDateTime(v) },
          {
            title: t('cases.list.deadline'),
            key: 'deadline',
            width: 150,
            render: (_, c) => (
              <Space size={4}>
                <DeadlineTag timeliness={c.timeliness} />
                {c.status === 'merged' && <Tag>{t('cases.statuses.merged')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
