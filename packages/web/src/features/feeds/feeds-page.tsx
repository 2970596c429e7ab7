/**
 * A feed's page: pick the feed type, see its daily values as a line (in total or by site) over a chosen span,
 * and the latest entries. Links to the entry grid, the CSV upload and the sites.
 */
import { EditOutlined, EnvironmentOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Segmented, Space, Tabs, Typography } from 'antd';
import { LineChart } from 'echarts/charts';
import { DataZoomComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { type ChartOption, EChart } from '../charts/echart.tsx';
import { ExportButton } from '../exports/export-button.tsx';
import { type FeedCount, addDays, chinaToday, localName, useFeedSeries, useFeedTypes, useLatestCounts } from './feeds-api.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';

echarts.use([LineChart, DataZoomComponent]);

const SPANS = [30, 90, 365, 1825] as const;

export function FeedsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const types = useFeedTypes();
  const typeCode = params.get('type') ?? types.data?.items[0]?.code;
  const type = types.data?.items.find((x) => x.code === typeCode);
  const span = Number(params.get('span') ?? 90) || 90;
  const by = params.get('by') === 'site' ? 'site' : 'total';
  const to = chinaToday();
  const series = useFeedSeries(typeCode, addDays(to, -span + 1), to, by);
  const latest = useLatestCounts(typeCode);
  useLiveInvalidate('feeds', [
    ['feeds', 'series'],
    ['feeds', 'counts'],
  ]);
  const canReport = hasRight(me.data, RIGHTS.feedsReport);
  const proportion = type?.measure === 'proportion';
  const unit = type ? (i18n.language.startsWith('en') ? type.unitEn : type.unit) : '';

  function set(name: string, value: string) {
    const next = new URLSearchParams(params);
    next.set(name, value);
    setParams(next);
  }

  const option = useMemo<ChartOption>(() => {
    const data = series.data;
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 48, right: 24, top: 36, bottom: 64 },
      xAxis: { type: 'category', data: data?.dates ?? [] },
      yAxis: { type: 'value', name: proportion ? '%' : unit, min: 0 },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 20, bottom: 8 }],
      series: (data?.series ?? []).map((s) => ({
        name: s.key === 'total' ? t('feeds.total') : localName(s, i18n.language),
        type: 'line',
        showSymbol: false,
        connectNulls: false,
        data: s.values,
      })),
    };
  }, [series.data, proportion, unit, t, i18n.language]);

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('feeds.title')}
        </Typography.Title>
        <Space wrap>
          {canReport && (
            <Link to={`/feeds/entry${typeCode ? `?type=${typeCode}` : ''}`}>
              <Button type="primary" icon={<EditOutlined />}>
                {t('feeds.enter')}
              </Button>
            </Link>
          )}
          {canReport && (
            <Link to="/feeds/upload">
              <Button icon={<UploadOutlined />}>{t('feeds.upload')}</Button>
            </Link>
          )}
          <Link to="/feeds/sites">
            <Button icon={<EnvironmentOutlined />}>{t('feeds.nav.sites')}</Button>
          </Link>
        </Space>
      </Space>
      {types.error && <Alert type="error" showIcon message={translateError(t, types.error)} />}
      <Tabs
        activeKey={typeCode}
        onChange={(code) => set('type', code)}
        items={(types.data?.items ?? []).map((x) => ({ key: x.code, label: localName(x, i18n.language) }))}
      />
      {type && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Card
            size="small"
            title={`${localName(type, i18n.language)}${proportion ? ' (%)' : unit ? ` (${unit})` : ''}`}
            extra={
              <Space wrap>
                <Segmented
                  value={by}
                  onChange={(v) => set('by', String(v))}
                  options={[
                    { value: 'total', label: t('feeds.byTotal') },
                    { value: 'site', label: t('feeds.bySite') },
                  ]}
                />
                <Segmented
                  value={span}
                  onChange={(v) => set('span', String(v))}
                  options={SPANS.map((s) => ({ value: s, label: t(`feeds.span.${s}`) }))}
                />
              </Space>
            }
          >
            {series.error ? (
              <Alert type="error" showIcon message={translateError(t, series.error)} />
            ) : (
              <EChart option={option} height={340} label={t('feeds.chartLabel', { name: localName(type, i18n.language) })} />
            )}
            <Typography.Text type="secondary">{proportion ? t('feeds.proportionNote') : type.description}</Typography.Text>
          </Card>
          <Card
            size="small"
            title={t('feeds.latest')}
            extra={<ExportButton path="/api/feeds/counts/export" filters={{ feedType: typeCode, from: addDays(to, -span + 1), to }} />}
          >
            <ResponsiveTable<FeedCount>
              data-testid="feed-counts"
              cardTitle={['date', 'site']}
              size="small"
              rowKey="id"
              loading={latest.isFetching}
              dataSource={latest.data?.items}
              pagination={false}
              columns={[
                { title: t('feeds.date'), dataIndex: 'date', width: 120 },
                {
                  title: t('feeds.site'),
                  key: 'site',
                  render: (_, c) =>
                    c.siteName ? localName({ name: c.siteName, nameEn: c.siteNameEn }, i18n.language) : t('feeds.wholeArea'),
                },
                {
                  title: t('feeds.jurisdiction'),
                  key: 'j',
                  width: 160,
                  render: (_, c) => localName({ name: c.jurisdictionName, nameEn: c.jurisdictionNameEn }, i18n.language),
                },
                { title: t('feeds.value'), dataIndex: 'value', width: 100, align: 'right' },
                ...(proportion ? [{ title: t('feeds.denominator'), dataIndex: 'denominator', width: 110, align: 'right' as const }] : []),
                {
                  title: t('feeds.source'),
                  dataIndex: 'source',
                  width: 110,
                  render: (s: string) => t(`feeds.sources.${s}`, { defaultValue: s }),
                },
              ]}
            />
          </Card>
        </Space>
      )}
    </div>
  );
}
