/**
 * The border region's daily figures (neighbours.read): ours and each linked neighbour's side by side, the region's
 * sums, new cases per day stacked by district, and the last day by disease. A neighbour's suppressed count shows
 * as <5 and makes the region's sum a lower bound.
 */
import { Alert, App, Button, Card, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { translateError } from '../../app/errors.ts';
import { EChart } from '../charts/echart.tsx';
import { useAdjacentDistricts, useTownshipGeojson } from '../jurisdictions/jurisdictions-api.ts';
import {
  REGION_BREAKS,
  REGION_PALETTE,
  MISSING_COLOUR,
  SUPPRESSED_COLOUR,
  type MapMeasure,
  mapDayIndex,
  regionValues,
} from './joint-figures-map-values.ts';
import { type DailyFigures, type JointFigures, useJointFigures } from './neighbour-work-api.ts';

type Series = JointFigures['series'][number];

const JointFiguresMap = lazy(() => import('./joint-figures-map.tsx'));

export function JointFiguresPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [days, setDays] = useState(14);
  const figures = useJointFigures(days);
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const data = figures.data;
  const name = (s: Series) =>
    `${en && s.district.nameEn ? s.district.nameEn : s.district.name}${s.own ? ` (${t('neighbourWork.figures.own')})` : ''}`;
  const shown = (v: number | null | undefined) => (v === null ? t('neighbourWork.figures.suppressed') : (v ?? '—'));

  const option = useMemo(
    () =>
      data && {
        tooltip: { trigger: 'axis' },
        legend: { bottom: 0 },
        grid: { left: 40, right: 16, top: 16, bottom: 48 },
        xAxis: { type: 'category', data: data.days.map((d) => d.slice(5)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: data.series.map((s) => ({
          type: 'bar',
          stack: 'region',
          name: `${en && s.district.nameEn ? s.district.nameEn : s.district.name}`,
          data: s.days.map((f) => f?.newCases ?? 0),
        })),
      },
    [data, en],
  );

  const last = data ? data.days.length - 1 : -1;
  const rows = data
    ? data.days
        .map((day, i) => ({ day, i }))
        .reverse()
        .map(({ day, i }) => ({ day, i }))
    : [];

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('neighbourWork.figures.title')}
        </Typography.Title>
        <Space wrap>
          <Segmented
            aria-label={t('neighbourWork.figures.days')}
            value={days}
            onChange={(v) => setDays(Number(v))}
            options={[7, 14, 28].map((value) => ({ value, label: `${value}` }))}
          />
          {hasRight(me.data, RIGHTS.neighboursManage) && (
            <Button
              onClick={async () => {
                try {
                  const out = await typedApi.post('/api/neighbours/figures/send', { body: {} });
                  void message.success(t('neighbourWork.figures.sent', { count: out.queued }));
                  await queryClient.invalidateQueries({ queryKey: ['neighbour-work'] });
                } catch (e) {
                  void message.error(translateError(t, e));
                }
              }}
            >
              {t('neighbourWork.figures.send')}
            </Button>
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('neighbourWork.figures.hint')}</Typography.Paragraph>
      {figures.error && <Alert type="error" showIcon message={translateError(t, figures.error)} style={{ marginBottom: 16 }} />}
      {data && option && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <EChart option={option} height={260} label={t('neighbourWork.figures.chart')} />
        </Card>
      )}
      {data && last >= 0 && <RegionMapCard data={data} last={mapDayIndex(data)} />}
      {data && (
        <Table<{ day: string; i: number }>
          size="small"
          rowKey="day"
          data-testid="joint-figures"
          pagination={false}
          dataSource={rows}
          scroll={{ x: true }}
          columns={[
            { title: t('neighbourWork.figures.day'), dataIndex: 'day', fixed: 'left', width: 110 },
            ...data.series.map((s, si) => ({
              title: name(s),
              key: `s${si}`,
              render: (_: unknown, row: { i: number }) => {
                const f = s.days[row.i];
                if (!f) return <Typography.Text type="secondary">{t('neighbourWork.figures.missing')}</Typography.Text>;
                return <FiguresCell f={f} />;
              },
            })),
            {
              title: t('neighbourWork.figures.region'),
              key: 'region',
              render: (_: unknown, row: { i: number }) => {
                const r = data.region[row.i]!;
                return (
                  <Space direction="vertical" size={0}>
                    <span>
                      {t('neighbourWork.figures.newCases')} <b>{r.newCases}</b> · {t('neighbourWork.figures.cumulativeCases')}{' '}
                      {r.cumulativeCases}
                    </span>
                    <span>
                      {t('neighbourWork.figures.openAlerts')} {r.openAlerts}
                      {r.responseLevel && <Tag style={{ marginLeft: 4 }}>{r.responseLevel}</Tag>}
                      {r.missing > 0 && (
                        <Tag color="warning" style={{ marginLeft: 4 }}>
                          {t('neighbourWork.figures.missing')} {r.missing}
                        </Tag>
                      )}
                    </span>
                  </Space>
                );
              },
            },
          ]}
        />
      )}
      {data && last >= 0 && (
        <Card size="small" title={t('neighbourWork.figures.byDisease', { day: data.days[last] })} style={{ marginTop: 16 }}>
          <Table
            size="small"
            rowKey="code"
            pagination={false}
            scroll={{ x: true }}
            dataSource={data.region[last]!.diseases}
            columns={[
              { title: t('neighbourWork.figures.disease'), key: 'name', render: (_, d) => (en ? d.nameEn || d.name : d.name) },
              ...data.series.map((s, si) => ({
                title: name(s),
                key: `d${si}`,
                render: (_: unknown, d: { code: string }) => {
                  const f = s.days[last];
                  const row = f?.diseases.find((x) => x.code === d.code);
                  return row ? `${shown(row.newCases)} / ${shown(row.cumulativeCases)}` : '—';
                },
              })),
              {
                title: t('neighbourWork.figures.region'),
                key: 'sum',
                render: (_, d) => `${d.atLeast ? `${t('neighbourWork.figures.atLeast')} ` : ''}${d.newCases} / ${d.cumulativeCases}`,
              },
            ]}
          />
        </Card>
      )}
    </div>
  );
}

function FiguresCell({ f }: { f: DailyFigures }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={0}>
      <span>
        {t('neighbourWork.figures.newCases')} <b>{f.newCases}</b> · {t('neighbourWork.figures.cumulativeCases')} {f.cumulativeCases}
      </span>
      <span>
        {t('neighbourWork.figures.openAlerts')} {f.openAlerts}
        {f.responseLevel && <Tag style={{ marginLeft: 4 }}>{f.responseLevel}</Tag>}
      </span>
    </Space>
  );
}

/** The region's map for the last day shown: a measure, all diseases or one, and a legend (suppressed, not received). */
function RegionMapCard({ data, last }: { data: JointFigures; last: number }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [measure, setMeasure] = useState<MapMeasure>('newCases');
  const [disease, setDisease] = useState<string | null>(null);
  const townships = useTownshipGeojson();
  const adjacent = useAdjacentDistricts();
  const values = useMemo(() => regionValues(data, last, measure, disease), [data, last, measure, disease]);
  const names = useMemo(
    () => new Map(data.series.map((s) => [s.district.code, en && s.district.nameEn ? s.district.nameEn : s.district.name])),
    [data, en],
  );
  const own = data.series.find((s) => s.own);
  const diseases = data.region[last]?.diseases ?? [];
  const classes = ['0', '1–4', '5–9', '10–19', '20+'];
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={t('neighbourWork.figures.map', { day: data.days[last] })}
      extra={
        <Space wrap size={4}>
          <Segmented
            size="small"
            value={measure}
            onChange={(v) => setMeasure(v as MapMeasure)}
            options={(['newCases', 'cumulativeCases'] as const).map((value) => ({ value, label: t(`neighbourWork.figures.${value}`) }))}
            data-testid="region-map-measure"
          />
          <Select
            size="small"
            style={{ minWidth: 140 }}
            value={disease ?? ''}
            onChange={(v: string) => setDisease(v === '' ? null : v)}
            options={[
              { value: '', label: t('neighbourWork.figures.allDiseases') },
              ...diseases.map((d) => ({ value: d.code, label: en ? d.nameEn || d.name : d.name })),
            ]}
            aria-label={t('neighbourWork.figures.disease')}
            data-testid="region-map-disease"
          />
        </Space>
      }
    >
      {townships.data && adjacent.data && own ? (
        <Suspense fallback={<div style={{ height: 360 }} />}>
          <JointFiguresMap
            townships={townships.data}
            adjacent={adjacent.data}
            ownCode={own.district.code}
            names={names}
            values={values}
            height="min(360px, 60vh)"
          />
        </Suspense>
      ) : (
        <div style={{ height: 120 }} />
      )}
      <Space wrap size={[12, 4]} style={{ marginTop: 8 }} data-testid="region-map-legend">
        {REGION_PALETTE.map((colour, i) => (
          <LegendSwatch key={colour} colour={colour} label={classes[i]!} />
        ))}
        <LegendSwatch colour={SUPPRESSED_COLOUR} label={t('neighbourWork.figures.suppressed')} />
        <LegendSwatch colour={MISSING_COLOUR} label={t('neighbourWork.figures.missing')} />
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
        {t('neighbourWork.figures.mapHint', { breaks: REGION_BREAKS.join(', ') })}
      </Typography.Paragraph>
    </Card>
  );
}

function LegendSwatch({ colour, label }: { colour: string; label: string }) {
  return (
    <Space size={4}>
      <span style={{ display: 'inline-block', width: 14, height: 14, background: colour, border: '1px solid #8c8c8c', borderRadius: 2 }} />
      <Typography.Text style={{ fontSize: 12 }}>{label}</Typography.Text>
    </Space>
  );
}
