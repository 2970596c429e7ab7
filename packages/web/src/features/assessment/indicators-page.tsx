/**
 * Indicators from the records for a period and a township: each figure says how it is computed and lists its
 * records (docs/assessment.md). A figure with nothing to count shows "incomplete", never 0.
 */
import { Card, Col, Collapse, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DistrictRangePicker } from '../../app/date-picker.tsx';
import { addDays, districtToday, formatDateTime } from '../../app/dates.ts';
import { dayValue } from '../../app/district-dayjs.ts';
import { JurisdictionSelect } from '../jurisdictions/jurisdiction-select.tsx';
import { AssessmentTabs } from './assessment-tabs.tsx';
import { useIndicators } from './assessment-api.ts';
import { CompletenessFigures, StockOutCard, TracingCard } from './indicators-modules.tsx';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? null : `${Math.round(x * 1000) / 10}%`);

function Figure({ label, value, testId }: { label: string; value: string | number | null; testId?: string }) {
  const { t } = useTranslation();
  return <Statistic title={label} value={value === null ? t('assessment.status.incomplete') : value} data-testid={testId} />;
}

export function IndicatorsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const today = districtToday();
  const [range, setRange] = useState({ from: addDays(today, -365), to: today });
  const [townshipId, setTownshipId] = useState<string | undefined>();
  const q = useIndicators({ ...range, ...(townshipId ? { townshipId } : {}) });
  const d = q.data;
  const how = (key: string) => <Typography.Paragraph type="secondary">{t(`assessment.indicators.how.${key}`)}</Typography.Paragraph>;
  return (
    <div>
      <AssessmentTabs active="indicators" />
      <Typography.Title level={3}>{t('assessment.indicators.title')}</Typography.Title>
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
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('assessment.indicators.reporting')} loading={q.isPending}>
            {how('reporting')}
            <Row gutter={8}>
              {(d?.reportingTimeliness.groups ?? []).map((g) => (
                <Col span={12} key={g.deadlineHours}>
                  <Figure
                    label={t('assessment.indicators.withinHours', { hours: g.deadlineHours, n: g.reports })}
                    value={pct(g.onTimeShare)}
                  />
                  <Typography.Text type="secondary">
                    {t('assessment.indicators.medianDelay', { h: g.medianDelayHours ?? '—' })}
                  </Typography.Text>
                </Col>
              ))}
            </Row>
            <CompletenessFigures data={d} />
            <Collapse
              ghost
              items={[
                {
                  key: 'r',
                  label: t('assessment.indicators.records', { n: d?.reportingTimeliness.records.length ?? 0 }),
                  children: (
                    <Table
                      rowKey="id"
                      size="small"
                      scroll={{ x: true }}
                      dataSource={d?.reportingTimeliness.records ?? []}
                      columns={[
                        {
                          title: t('assessment.indicators.code'),
                          dataIndex: 'code',
                          render: (c: string, r) => <Link to={`/cases/${r.id}`}>{c}</Link>,
                        },
                        { title: t('assessment.indicators.reportedAt'), dataIndex: 'reportedAt', render: (x: string) => formatDateTime(x) },
                        { title: t('assessment.indicators.delayHours'), dataIndex: 'delayHours' },
                        { title: t('assessment.indicators.deadline'), dataIndex: 'deadlineHours' },
                        {
                          title: t('assessment.modules.completeness.missing'),
                          dataIndex: 'missing',
                          render: (m: string[]) => m.map((f) => t(`assessment.modules.completeness.fields.${f}`)).join('、') || '—',
                        },
                        {
                          title: '',
                          dataIndex: 'onTime',
                          render: (x: boolean) => (
                            <Tag color={x ? 'success' : 'error'}>
                              {t(x ? 'assessment.indicators.onTime' : 'assessment.indicators.late')}
                            </Tag>
                          ),
                        },
                      ]}
                    />
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('assessment.indicators.verification')} loading={q.isPending}>
            {how('verification')}
            <Row gutter={8}>
              <Col span={8}>
                <Figure label={t('assessment.indicators.medianHours')} value={d?.alertVerification.medianHours ?? null} />
              </Col>
              <Col span={8}>
                <Figure label={t('assessment.indicators.withinDeadline')} value={pct(d?.alertVerification.withinShare)} />
              </Col>
              <Col span={8}>
                <Figure label={t('assessment.indicators.pending')} value={d?.alertVerification.pending ?? 0} />
              </Col>
            </Row>
            <Collapse
              ghost
              items={[
                {
                  key: 'a',
                  label: t('assessment.indicators.records', { n: d?.alertVerification.records.length ?? 0 }),
                  children: (
                    <Table
                      rowKey="id"
                      size="small"
                      scroll={{ x: true }}
                      dataSource={d?.alertVerification.records ?? []}
                      columns={[
                        {
                          title: t('assessment.indicators.code'),
                          dataIndex: 'code',
                          render: (c: string, r) => <Link to={`/alerts/${r.id}`}>{c}</Link>,
                        },
                        { title: t('assessment.indicators.openedAt'), dataIndex: 'createdAt', render: (x: string) => formatDateTime(x) },
                        {
                          title: t('assessment.indicators.verifiedAt'),
                          dataIndex: 'verifiedAt',
                          render: (x: string | null) => formatDateTime(x) || '—',
                        },
                        { title: t('assessment.indicators.hours'), dataIndex: 'hours', render: (x: number | null) => x ?? '—' },
                      ]}
                    />
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('assessment.indicators.activation')} loading={q.isPending}>
            {how('activation')}
            <Figure label={t('assessment.indicators.medianHours')} value={d?.confirmationToActivation.medianHours ?? null} />
            {(d?.confirmationToActivation.records ?? []).map((r) => (
              <div key={r.id}>
                <Link to={`/incidents/${r.id}`}>{r.code}</Link> {r.title}:{' '}
                {r.hours === null ? t('assessment.status.incomplete') : t('assessment.indicators.hoursValue', { h: r.hours })}
              </div>
            ))}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('assessment.indicators.tasks')} loading={q.isPending}>
            {how('tasks')}
            <Table
              rowKey={(r) => r.agencyId ?? 'none'}
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={d?.taskOnTime.agencies ?? []}
              columns={[
                { title: t('assessment.indicators.agency'), key: 'n', render: (_, a) => (en ? a.nameEn : a.name) ?? '—' },
                {
                  title: t('assessment.indicators.rate'),
                  dataIndex: 'rate',
                  render: (x: number | null) => pct(x) ?? t('assessment.status.incomplete'),
                },
                { title: t('assessment.indicators.onTime'), dataIndex: 'onTime' },
                { title: t('assessment.indicators.late'), dataIndex: 'late' },
                { title: t('assessment.indicators.overdue'), dataIndex: 'overdue' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('assessment.indicators.burden')} loading={q.isPending}>
            {how('burden')}
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={d?.events ?? []}
              columns={[
                {
                  title: t('assessment.indicators.incident'),
                  dataIndex: 'code',
                  render: (c: string, r) => <Link to={`/incidents/${r.id}`}>{`${c} ${r.title}`}</Link>,
                },
                { title: t('assessment.indicators.cases'), dataIndex: 'cases' },
                { title: t('assessment.indicators.deaths'), dataIndex: 'deaths' },
                {
                  title: t('assessment.indicators.attackRate'),
                  dataIndex: 'attackRatePer100k',
                  render: (x: number | null) => x ?? t('assessment.status.incomplete'),
                },
                {
                  title: t('assessment.indicators.cfr'),
                  dataIndex: 'caseFatalityRatio',
                  render: (x: number | null) => pct(x) ?? t('assessment.status.incomplete'),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <StockOutCard data={d} loading={q.isPending} />
        </Col>
        <Col xs={24} lg={12}>
          <TracingCard data={d} loading={q.isPending} />
        </Col>
      </Row>
    </div>
  );
}
