/**
 * Reporting timeliness per facility (diagnosis → report against each disease's deadline) over a period of
 * report days; the dashboard shows the same figures in brief.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Progress, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../app/api.ts';
import { translateError } from '../../app/errors.ts';
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
}

export function TimelinessPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const to = params.get('to') ?? dayjs().format('YYYY-MM-DD');
  const from = params.get('from') ?? dayjs(to).subtract(29, 'day').format('YYYY-MM-DD');
  const report = useQuery({
    queryKey: ['cases', 'timeliness', from, to],
    queryFn: () => api.get<{ facilities: FacilityRow[]; total: Omit<FacilityRow, 'facilityId' | 'facilityName' | 'facilityNameEn'> }>('/api/cases/timeliness', { from, to }),
  });
  const name = (r: FacilityRow) => (r.facilityId === null ? t('cases.timeliness.noFacility') : i18n.language === 'en' && r.facilityNameEn ? r.facilityNameEn : (r.facilityName ?? ''));
  const total = report.data?.total;

  return (
    <div>
      <Typography.Title level={3}>{t('cases.timeliness.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('cases.timeliness.explain')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          aria-label={t('cases.list.dateRange')}
          value={[dayjs(from), dayjs(to)]}
          allowClear={false}
          onChange={(range) => {
            if (!range?.[0] || !range[1]) return;
            setParams(new URLSearchParams({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }));
          }}
        />
        {total && (
          <Typography.Text>
            {t('cases.timeliness.summary', { reports: total.reports, onTime: total.onTime, late: total.late, median: formatHours(total.medianDelayHours) })}
          </Typography.Text>
        )}
      </Space>
      {report.error && <Alert type="error" showIcon message={translateError(t, report.error)} style={{ marginBottom: 16 }} />}
      <Table<FacilityRow>
        rowKey={(r) => r.facilityId ?? 'none'}
        loading={report.isFetching}
        dataSource={report.data?.facilities}
        pagination={false}
        columns={[
          { title: t('cases.form.facility'), key: 'facility', render: (_, r) => name(r) },
          { title: t('cases.timeliness.reports'), dataIndex: 'reports', width: 100, align: 'right' },
          { title: t('cases.timeliness.onTime'), dataIndex: 'onTime', width: 100, align: 'right' },
          { title: t('cases.timeliness.late'), dataIndex: 'late', width: 100, align: 'right' },
          { title: t('cases.timeliness.share'), dataIndex: 'onTimeShare', width: 200, render: (v: number) => <Progress percent={Math.round(v * 1000) / 10} size="small" status={v < 0.9 ? 'exception' : 'normal'} /> },
          { title: t('cases.timeliness.median'), dataIndex: 'medianDelayHours', width: 140, align: 'right', render: (v: number) => formatHours(v) },
        ]}
      />
    </div>
  );
}
