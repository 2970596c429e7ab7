/**
 * Detection performance from the district's own records (docs/assessment.md): per disease and per method, the
 * signals against the verified events — PPV, probability of detection (POD), false positive rate (FPR) by week and
 * lead time — each row opening its events and signals. A figure with nothing to count shows "incomplete", never 0.
 */
import { Collapse, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DistrictRangePicker } from '../../app/date-picker.tsx';
import { addDays, districtToday, formatDateTime } from '../../app/dates.ts';
import { dayValue } from '../../app/district-dayjs.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { AssessmentTabs } from './assessment-tabs.tsx';
import { type DetectionPerformance, percent, useDetectionPerformance } from './assessment-api.ts';
import { DetectionBacktestSection } from './detection-backtest-section.tsx';

type Row = DetectionPerformance['diseases'][number];
type Figures = Omit<Row['methods'][number], 'method'>;

export function DetectionPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const today = districtToday();
  const [range, setRange] = useState({ from: addDays(today, -730), to: today });
  const [townshipId, setTownshipId] = useState<string | undefined>();
  const q = useDetectionPerformance({ ...range, ...(townshipId ? { townshipId } : {}) });
  const incomplete = t('assessment.status.incomplete');
  const figureColumns = [
    { title: t('assessment.detection.signals'), dataIndex: 'signals', key: 'signals' },
    {
      title: t('assessment.detection.ppv'),
      key: 'ppv',
      render: (_: unknown, r: Figures) => (
        <span data-testid="ppv">
          {percent(r.ppv) ?? incomplete}{' '}
          <Typography.Text type="secondary">
            ({t('assessment.detection.counts', { n: r.trueAlarms, d: r.trueAlarms + r.falseAlarms })})
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('assessment.detection.pod'),
      key: 'pod',
      render: (_: unknown, r: Figures) => (
        <span data-testid="pod">
          {percent(r.pod) ?? incomplete}{' '}
          <Typography.Text type="secondary">({t('assessment.detection.counts', { n: r.detected, d: r.events })})</Typography.Text>
        </span>
      ),
    },
    {
      title: t('assessment.detection.fpr'),
      key: 'fpr',
      render: (_: unknown, r: Figures) => (
        <span data-testid="fpr">
          {percent(r.fpr) ?? incomplete}{' '}
          <Typography.Text type="secondary">
            ({t('assessment.detection.counts', { n: r.alarmedQuietWeeks, d: r.quietWeeks })})
          </Typography.Text>
        </span>
      ),
    },
    { title: t('assessment.detection.lead'), key: 'lead', render: (_: unknown, r: Figures) => r.medianLeadDays ?? incomplete },
  ];
  return (
    <div>
      <AssessmentTabs active="detection" />
      <Typography.Title level={3}>{t('assessment.detection.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('assessment.detection.intro', { days: q.data?.windowDays ?? 14 })}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <DistrictRangePicker
          value={[dayValue(range.from), dayValue(range.to)]}
          onChange={(v) => v?.[0] && v[1] && setRange({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
        />
        <JurisdictionSelect
          allowClear
          value={townshipId}
          onChange={setTownshipId}
          placeholder={t('assessment.indicators.wholeArea')}
          style={{ width: 220 }}
        />
        <Link to="/detection/backtest">{t('assessment.detection.backtest')}</Link>
      </Space>
      <Table<Row>
        rowKey="diseaseId"
        size="small"
        loading={q.isPending}
        scroll={{ x: true }}
        pagination={false}
        dataSource={q.data?.diseases ?? []}
        locale={{ emptyText: t('assessment.detection.none') }}
        data-testid="detection-table"
        columns={[
          {
            title: t('assessment.detection.disease'),
            key: 'disease',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span>{en ? r.nameEn : r.name}</span>
                <Typography.Text type="secondary">{t('assessment.detection.defaultMethod', { method: r.defaultMethod })}</Typography.Text>
              </Space>
            ),
          },
          ...figureColumns,
        ]}
        expandable={{ expandedRowRender: (r) => <DiseaseDetail row={r} figureColumns={figureColumns} /> }}
      />
      <DetectionBacktestSection />
    </div>
  );
}

function DiseaseDetail({ row, figureColumns }: { row: Row; figureColumns: object[] }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        rowKey="method"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={row.methods}
        columns={[{ title: t('assessment.detection.method'), dataIndex: 'method', key: 'method' }, ...(figureColumns as never[])]}
      />
      <Collapse
        ghost
        items={[
          {
            key: 'events',
            label: `${t('assessment.detection.eventRecords')} (${row.eventRecords.length})`,
            children: (
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                scroll={{ x: true }}
                dataSource={row.eventRecords}
                columns={[
                  {
                    title: t('assessment.detection.events'),
                    key: 'event',
                    render: (_, e) => (
                      <Link to={`/assessment/717/${e.kind}/${e.id}`}>
                        {e.code} {e.title}
                      </Link>
                    ),
                  },
                  { title: t('assessment.times.notification'), key: 'at', render: (_, e) => formatDateTime(e.recognisedAt) },
                  {
                    title: t('assessment.detection.detected'),
                    key: 'detected',
                    render: (_, e) =>
                      e.detected ? (
                        <Tag color="success" style={{ whiteSpace: 'normal' }}>
                          {e.methods.join(', ')} · {t('assessment.detection.firstSignal', { day: e.firstSignalDay })}
                        </Tag>
                      ) : (
                        <Tag color="error">{t('assessment.detection.notDetected')}</Tag>
                      ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'signals',
            label: `${t('assessment.detection.signalRecords')} (${row.signalRecords.length})`,
            children: (
              <Table
                rowKey="id"
                size="small"
                pagination={{ pageSize: 20 }}
                scroll={{ x: true }}
                dataSource={row.signalRecords}
                columns={[
                  { title: t('assessment.detection.method'), dataIndex: 'method', key: 'method' },
                  { title: t('assessment.detection.period'), dataIndex: 'periodEnd', key: 'day' },
                  {
                    title: t('assessment.detection.ppv'),
                    key: 'verdict',
                    render: (_, s) => (
                      <Tag color={s.verdict === 'true_alarm' ? 'success' : s.verdict === 'false_alarm' ? 'error' : 'default'}>
                        {t(`assessment.detection.verdicts.${s.verdict}`)}
                      </Tag>
                    ),
                  },
                  {
                    title: '',
                    key: 'alert',
                    render: (_, s) => (s.alert ? <Link to={`/alerts/${s.alert.id}`}>{s.alert.code}</Link> : null),
                  },
                ]}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}
