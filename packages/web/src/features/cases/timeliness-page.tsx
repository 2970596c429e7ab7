/**
 * Reporting timeliness per facility (diagnosis → report against each disease's deadline) over a period of
 * report days; the dashboard shows the same figures in brief.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Progress, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../app/api.ts';
import { DistrictRangePicker } from '../../app/date-picker.tsx';
import { addDays, districtToday } from '../../app/dates.ts';
import { dayValue } from '../../app/district-dayjs.ts';
import { translateError } from '../../app/errors.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { formatHours } from './case-parts.tsx';

interface FacilityRow {
  facilityId: string | null;
  facilityName: string | null;
  facilityNameEn: string | null;
  reports: number;
  onTime: number;
  late: number;
  onTimeShare: number;
  medianDelayHours: number;
  corrections: number;
  correctionsOnTime: number;
  correctionsLate: number;
  reviewed: number;
  reviewedOnTime: number;
  reviewedLate: number;
  awaitingReview: number;
  medianReviewHours: number | null;
}

export function TimelinessPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const to = params.get('to') ?? districtToday();
  const from = params.get('from') ?? addDays(to, -29);
  const report = useQuery({
    queryKey: ['cases', 'timeliness', from, to],
    queryFn: () =>
      api.get<{ facilities: FacilityRow[]; total: Omit<FacilityRow, 'facilityId' | 'facilityName' | 'facilityNameEn'> }>(
        '/api/cases/timeliness',
        { from, to },
      ),
  });
  const name = (r: FacilityRow) =>
    r.facilityId === null
      ? t('cases.timeliness.noFacility')
      : i18n.language === 'en' && r.facilityNameEn
        ? r.facilityNameEn
        : (r.facilityName ?? '');
  const total = report.data?.total;

  return (
    <div>
      <Typography.Title level={3}>{t('cases.timeliness.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('cases.timeliness.explain')} {t('cases.timeliness.reviewExplain')}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <DistrictRangePicker
          aria-label={t('cases.list.dateRange')}
          value={[dayValue(from), dayValue(to)]}
          allowClear={false}
          onChange={(range) => {
            if (!range?.[0] || !range[1]) return;
            setParams(new URLSearchParams({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }));
          }}
        />
        {total && (
          <Typography.Text>
            {t('cases.timeliness.summary', {
              reports: total.reports,
              onTime: total.onTime,
              late: total.late,
              median: formatHours(total.medianDelayHours),
            })}
            {' · '}
            <span data-testid="corrections-summary">
              {t('cases.timeliness.correctionsSummary', {
                count: total.corrections,
                onTime: total.correctionsOnTime,
                late: total.correctionsLate,
              })}
            </span>
            {' · '}
            <span data-testid="review-summary">
              {t('cases.timeliness.reviewSummary', {
                reviewed: total.reviewed,
                onTime: total.reviewedOnTime,
                late: total.reviewedLate,
                awaiting: total.awaitingReview,
                median: total.medianReviewHours === null ? '—' : formatHours(total.medianReviewHours),
              })}
            </span>
          </Typography.Text>
        )}
      </Space>
      {report.error && <Alert type="error" showIcon message={translateError(t, report.error)} style={{ marginBottom: 16 }} />}
      <ResponsiveTable<FacilityRow>
        data-testid="timeliness-list"
        rowKey={(r) => r.facilityId ?? 'none'}
        loading={report.isFetching}
        dataSource={report.data?.facilities}
        pagination={false}
        columns={[
          { title: t('cases.form.facility'), key: 'facility', render: (_, r) => name(r) },
          { title: t('cases.timeliness.reports'), dataIndex: 'reports', width: 100, align: 'right' },
          { title: t('cases.timeliness.onTime'), dataIndex: 'onTime', width: 100, align: 'right' },
          { title: t('cases.timeliness.late'), dataIndex: 'late', width: 100, align: 'right' },
          {
            title: t('cases.timeliness.share'),
            dataIndex: 'onTimeShare',
            width: 200,
            render: (v: number) => <Progress percent={Math.round(v * 1000) / 10} size="small" status={v < 0.9 ? 'exception' : 'normal'} />,
          },
          {
            title: t('cases.timeliness.median'),
            dataIndex: 'medianDelayHours',
            width: 140,
            align: 'right',
            render: (v: number) => formatHours(v),
          },
          { title: t('cases.timeliness.corrections'), dataIndex: 'corrections', width: 100, align: 'right' },
          {
            title: t('cases.timeliness.correctionsLate'),
            dataIndex: 'correctionsLate',
            width: 100,
            align: 'right',
            render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
          },
          { title: t('cases.timeliness.reviewed'), dataIndex: 'reviewed', width: 100, align: 'right' },
          {
            title: t('cases.timeliness.reviewLate'),
            dataIndex: 'reviewedLate',
            width: 100,
            align: 'right',
            render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
          },
          { title: t('cases.timeliness.awaitingReview'), dataIndex: 'awaitingReview', width: 100, align: 'right' },
          {
            title: t('cases.timeliness.medianReview'),
            dataIndex: 'medianReviewHours',
            width: 140,
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : formatHours(v)),
          },
        ]}
        scroll={{ x: true }}
      />
    </div>
  );
}
