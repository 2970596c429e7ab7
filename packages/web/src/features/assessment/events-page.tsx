/**
 * 7-1-7 over all events (incidents, and confirmed alerts without one): the table, the trend by quarter and the
 * bottlenecks met most often. Every row opens the event's 7-1-7 and its records.
 */
import { Card, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../app/dates.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { EChart } from '../charts/echart.tsx';
import { AssessmentTabs } from './assessment-tabs.tsx';
import { INTERVAL_NAMES, type SevenOneSeven, statusColour, useEventTable } from './assessment-api.ts';

export function IntervalTag({ interval, testId }: { interval: SevenOneSeven['detection']; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColour(interval.status)} data-testid={testId}>
      {interval.days === null
        ? t('assessment.status.incomplete')
        : t('assessment.daysStatus', { days: interval.days, status: t(`assessment.status.${interval.status}`) })}
    </Tag>
  );
}

export function EventsPage() {
  const { t, i18n } = useTranslation();
  const table = useEventTable();
  const en = i18n.language.startsWith('en');
  const trend = table.data?.trend ?? [];
  return (
    <div>
      <AssessmentTabs active="717" />
      <Typography.Title level={3}>{t('assessment.events.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('assessment.events.intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={16}>
          <Card size="small" title={t('assessment.events.trend')}>
            {trend.length === 0 ? (
              <Empty />
            ) : (
              <EChart
                label={t('assessment.events.trend')}
                height={240}
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0 },
                  grid: { left: 40, right: 16, top: 32, bottom: 24 },
                  xAxis: { type: 'category', data: trend.map((p) => p.quarter) },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: INTERVAL_NAMES.map((name) => ({
                    name: t(`assessment.intervals.${name}`),
                    type: 'bar',
                    data: trend.map((p) => p[name].withinTarget),
                  })).concat([{ name: t('assessment.events.eventsCount'), type: 'bar', data: trend.map((p) => p.events) }]),
                }}
              />
            )}
            <Typography.Text type="secondary">{t('assessment.events.trendNote')}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('assessment.events.bottlenecks')}>
            {(table.data?.bottlenecks ?? []).length === 0 ? (
              <Empty description={t('assessment.events.noBottlenecks')} />
            ) : (
              <Space direction="vertical">
                {table.data!.bottlenecks.map((b) => (
                  <span key={b.code}>
                    {en ? b.nameEn : b.name} <Tag>{b.events}</Tag>
                  </span>
                ))}
              </Space>
            )}
          </Card>
        </Col>
      </Row>
      <ResponsiveTable<SevenOneSeven>
        rowKey={(r) => r.event.id}
        size="small"
        loading={table.isPending}
        dataSource={table.data?.items ?? []}
        pagination={{ pageSize: 50 }}
        data-testid="assessment-events"
        columns={[
          {
            title: t('assessment.events.event'),
            key: 'event',
            render: (_, r) => (
              <Link to={`/assessment/717/${r.event.kind}/${r.event.id}`}>
                {r.event.code} {r.event.title}
              </Link>
            ),
          },
          { title: t('assessment.times.emergence'), key: 'emergence', render: (_, r) => formatDate(r.emergenceAt) || '—' },
          ...INTERVAL_NAMES.map((name) => ({
            title: t(`assessment.intervals.${name}`),
            key: name,
            render: (_: unknown, r: SevenOneSeven) => <IntervalTag interval={r[name]} />,
          })),
          {
            title: t('assessment.events.bottleneckColumn'),
            key: 'bottlenecks',
            render: (_, r) => r.bottlenecks.map((b) => <Tag key={`${b.interval}-${b.code}`}>{en ? b.nameEn : b.name}</Tag>),
          },
        ]}
      />
    </div>
  );
}
