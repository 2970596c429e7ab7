/**
 * Signals: what detection found, newest period first, filtered by disease or feed, place, dates and kind.
 * Refreshes live when a run stores new signals.
 */
import { Alert, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { DistrictRangePicker } from '../../app/date-picker.tsx';
import { dayValue } from '../../app/district-dayjs.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { ExportButton } from '../exports/export-button.tsx';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { type Signal, isShare, subjectName, useDiseaseOptions, useFeedTypeOptions, useSignals } from './detection-api.ts';
import { urlPagination } from '../../app/url-pagination.ts';

const PAGE_SIZE = 20;
const FILTERS = ['subject', 'jurisdictionId', 'from', 'to', 'kind', 'runId'] as const;

export function SignalsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? undefined])) as Record<
    (typeof FILTERS)[number],
    string | undefined
  >;
  const page = Number(params.get('page') ?? '1') || 1;
  const [subjectKind, subjectId] = filters.subject?.split(':') ?? [];
  const listFilters = {
    diseaseId: subjectKind === 'd' ? subjectId : undefined,
    feedTypeId: subjectKind === 'f' ? subjectId : undefined,
    jurisdictionId: filters.jurisdictionId,
    from: filters.from,
    to: filters.to,
    kind: filters.kind,
    runId: filters.runId,
  };
  const signals = useSignals({ ...listFilters, page, pageSize: PAGE_SIZE });
  const diseases = useDiseaseOptions();
  const feeds = useFeedTypeOptions(hasRight(me.data, RIGHTS.feedsRead));
  useLiveInvalidate('signals', [['signals']]);
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });

  function setFilter(name: (typeof FILTERS)[number], value: string | undefined) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('page');
    setParams(next);
  }

  const subjectOptions = [
    {
      label: t('detection.diseases'),
      options: (diseases.data?.items ?? []).map((d) => ({ value: `d:${d.id}`, label: subjectName(d, i18n.language) })),
    },
    ...(feeds.data
      ? [
          {
            label: t('detection.feeds'),
            options: feeds.data.items.map((f) => ({ value: `f:${f.id}`, label: subjectName(f, i18n.language) })),
          },
        ]
      : []),
  ];

  return (
    <div>
      <Typography.Title level={3}>{t('detection.signals.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('detection.signals.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('detection.allSubjects')}
          aria-label={t('detection.subject')}
          value={filters.subject}
          onChange={(v) => setFilter('subject', v)}
          options={subjectOptions}
          style={{ width: 240 }}
        />
        <JurisdictionSelect
          allowClear
          value={filters.jurisdictionId}
          onChange={(v) => setFilter('jurisdictionId', v)}
          placeholder={t('detection.allPlaces')}
          style={{ width: 220 }}
        />
        <DistrictRangePicker
          aria-label={t('detection.signals.period')}
          value={filters.from && filters.to ? [dayValue(filters.from), dayValue(filters.to)] : null}
          onChange={(range) => {
            const next = new URLSearchParams(params);
            if (range?.[0] && range[1]) {
              next.set('from', range[0].format('YYYY-MM-DD'));
              next.set('to', range[1].format('YYYY-MM-DD'));
            } else {
              next.delete('from');
              next.delete('to');
            }
            next.delete('page');
            setParams(next);
          }}
        />
        <Select
          allowClear
          placeholder={t('detection.signals.allKinds')}
          aria-label={t('detection.signals.kind')}
          value={filters.kind}
          onChange={(v) => setFilter('kind', v)}
          options={[
            { value: 'aberration', label: t('detection.kinds.aberration') },
            { value: 'cluster', label: t('detection.kinds.cluster') },
          ]}
          style={{ width: 160 }}
        />
        {filters.runId && (
          <Tag closable onClose={() => setFilter('runId', undefined)}>
            {t('detection.signals.ofRun')}
          </Tag>
        )}
        <ExportButton path="/api/signals/export" filters={listFilters} />
      </Space>
      {signals.error && <Alert type="error" showIcon message={translateError(t, signals.error)} style={{ marginBottom: 16 }} />}
      <Table<Signal>
        rowKey="id"
        size="middle"
        loading={signals.isFetching}
        dataSource={signals.data?.items}
        pagination={urlPagination(t, params, setParams, {
          current: page,
          pageSize: PAGE_SIZE,
          total: signals.data?.total,
          totalKey: 'detection.signals.total',
        })}
        columns={[
          {
            title: t('detection.signals.period'),
            key: 'period',
            width: 190,
            render: (_, s) => (
              <Link to={`/signals/${s.id}`}>{s.periodStart === s.periodEnd ? s.periodEnd : `${s.periodStart} – ${s.periodEnd}`}</Link>
            ),
          },
          { title: t('detection.subject'), key: 'subject', render: (_, s) => subjectName(s.subject, i18n.language) },
          {
            title: t('detection.place'),
            key: 'place',
            render: (_, s) => (i18n.language === 'en' ? s.jurisdictionNameEn : s.jurisdictionName),
          },
          {
            title: t('detection.signals.kind'),
            dataIndex: 'kind',
            width: 110,
            render: (kind: Signal['kind']) => <Tag color={kind === 'cluster' ? 'purple' : 'volcano'}>{t(`detection.kinds.${kind}`)}</Tag>,
          },
          {
            title: t('detection.method'),
            dataIndex: 'method',
            width: 150,
            render: (m: string) => t(`detection.methods.${m}`, { defaultValue: m }),
          },
          // A proportion feed's signal is a share: its numbers carry '%'.
          {
            title: t('detection.observed'),
            dataIndex: 'observed',
            width: 90,
            align: 'right',
            render: (v: number, s) => `${number.format(v)}${isShare(s) ? ' %' : ''}`,
          },
          {
            title: t('detection.thresholdOrExpected'),
            key: 'threshold',
            width: 120,
            align: 'right',
            render: (_, s) => {
              const unit = isShare(s) ? ' %' : '';
              return s.threshold !== null
                ? `${number.format(s.threshold)}${unit}`
                : s.expected !== null
                  ? `${t('detection.expectedShort')} ${number.format(s.expected)}${unit}`
                  : '—';
            },
          },
          {
            title: t('detection.signals.alert'),
            key: 'alert',
            width: 130,
            render: (_, s) =>
              s.alertId ? <Link to={`/alerts/${s.alertId}`}>{s.alertCode ?? t('detection.signals.openAlert')}</Link> : '—',
          },
        ]}
      />
    </div>
  );
}
