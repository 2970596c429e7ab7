/**
 * The overview's monitoring tab: the epidemic curve of a chosen disease (onset or report date, day or week, with
 * the historical baseline band and detection signals), townships coloured by incidence or open alerts, the open
 * alerts with live verification countdowns, and reporting timeliness by facility. Refreshed live when alerts,
 * cases or signals change.
 */
import { Alert, Badge, Card, Col, Empty, List, Row, Segmented, Select, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import { methodExplanation, methodLabel } from '@outbreak/surveillance/labels';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { addDays, districtToday } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { localName, useMapFeatures, useTownshipFlows, useTownshipGeojson } from '../jurisdictions/jurisdictions-api.ts';
import { LazyDistrictMap } from '../map/lazy-district-map.tsx';
import {
  type Basis,
  type DashboardAlert,
  type Interval,
  useCurve,
  useDashboardAlerts,
  useDashboardDiseases,
  useCommunityFigures,
  useTimeliness,
  useTownshipFigures,
} from './surveillance-api.ts';

const CurveChart = lazy(async () => ({ default: (await import('./curve-chart.tsx')).CurveChart }));

/** Alert colours of the map's open-alert shading (light → dark orange). */
const ALERT_PALETTE = ['#fff7ed', '#fed7aa', '#fb923c', '#ea580c', '#9a3412'] as const;
const INCIDENCE_PALETTE = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'] as const;
const LEVEL_COLOURS: Record<string, string> = { red: 'red', orange: 'orange', yellow: 'gold', blue: 'blue' };

/** The map, alerts and timeliness look at the last four weeks. */
const RECENT_DAYS = 28;

const PERIODS: Record<Interval, Array<{ key: string; days: number }>> = {
  day: [
    { key: 'd30', days: 30 },
    { key: 'd90', days: 90 },
  ],
  week: [
    { key: 'w26', days: 26 * 7 },
    { key: 'w52', days: 52 * 7 },
    { key: 'y2', days: 2 * 364 },
    { key: 'y5', days: 5 * 364 },
  ],
};

/** The current time, re-rendered every second (the alert countdowns). */
function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** '1 h 05 min', '12 min 30 s', '2 d 3 h' */
function formatSpan(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m} min ${String(s % 60).padStart(2, '0')} s`;
}

export function SurveillancePanel() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const canAlerts = hasRight(me.data, RIGHTS.alertsRead);
  const canCases = hasRight(me.data, RIGHTS.casesRead);
  const [basis, setBasis] = useState<Basis>('onset');
  const [interval, setInterval_] = useState<Interval>('week');
  const [periodKey, setPeriodKey] = useState('w52');
  const [diseaseId, setDiseaseId] = useState<string | undefined>();
  const [mapMeasure, setMapMeasure] = useState<'incidence' | 'alerts'>('incidence');
  const [mapDiseases, setMapDiseases] = useState<'this' | 'all'>('this');
  const [placeId, setPlaceId] = useState<string | undefined>();

  // Live: any change of alerts, cases or signals refetches the dashboard's queries.
  useLiveInvalidate('alerts', [['dashboard']]);
  useLiveInvalidate('cases', [['dashboard']]);
  useLiveInvalidate('signals', [['dashboard']]);

  const today = districtToday();
  const recentFrom = addDays(today, -(RECENT_DAYS - 1));
  const period = PERIODS[interval].find((p) => p.key === periodKey) ?? PERIODS[interval][0]!;
  const diseases = useDashboardDiseases({ basis, from: recentFrom, to: today });
  useEffect(() => {
    if (!diseaseId && diseases.data?.items[0]) setDiseaseId(diseases.data.items[0].id);
  }, [diseaseId, diseases.data]);
  const curve = useCurve({ diseaseId, basis, interval, from: addDays(today, -(period.days - 1)), to: today, jurisdictionId: placeId });
  const townships = useTownshipFigures({ diseaseId: mapDiseases === 'this' ? diseaseId : undefined, basis, from: recentFrom, to: today });
  const alerts = useDashboardAlerts(canAlerts);
  const timeliness = useTimeliness({ from: recentFrom, to: today });
  const geojson = useTownshipGeojson();
  const river = useMapFeatures('river');
  const ports = useMapFeatures('port');
  // commuting between townships: how a township's outbreak could reach its neighbours (off until switched on)
  const commuting = useTownshipFlows();

  const english = i18n.language === 'en';
  const number = new Intl.NumberFormat(i18n.language);
  const figureOrDash = (v: number | null) => (v === null ? '—' : number.format(v));
  /** The columns of the figures under the map, for townships and for a township's communities alike. */
  const placeFigureColumns = (nameTitle: string) => [
    { title: nameTitle, key: 'name', render: (_: unknown, p: { name: string; nameEn: string }) => localName(p, i18n.language) },
    { title: t('surveillance.map.cases'), dataIndex: 'cases', align: 'right' as const },
    { title: t('surveillance.map.population'), dataIndex: 'population', align: 'right' as const, render: figureOrDash },
    { title: t('surveillance.map.incidenceLegend'), dataIndex: 'incidencePer100k', align: 'right' as const, render: figureOrDash },
    ...(canAlerts ? [{ title: t('surveillance.map.alerts'), dataIndex: 'openAlerts', align: 'right' as const }] : []),
  ];
  const figures = townships.data?.items;
  // A reader whose map is one township (a township officer) sees it down to its communities and villages.
  const ownTownship = figures?.length === 1 ? figures[0] : undefined;
  const communities = useCommunityFigures(
    { diseaseId: mapDiseases === 'this' ? diseaseId : undefined, basis, from: recentFrom, to: today, townshipId: ownTownship?.id },
    canCases && ownTownship !== undefined,
  );
  const communityPoints = useMemo(
    () =>
      (communities.data?.items ?? []).flatMap((c) =>
        c.centroid
          ? [
              {
                id: c.id,
                name: c.name,
                nameEn: c.nameEn,
                at: c.centroid as [number, number],
                cases: c.cases,
                population: c.population,
                openAlerts: c.openAlerts,
              },
            ]
          : [],
      ),
    [communities.data],
  );
  const shading = useMemo(() => {
    if (!figures) return undefined;
    const values = Object.fromEntries(figures.map((f) => [f.id, mapMeasure === 'incidence' ? f.incidencePer100k : f.openAlerts]));
    return mapMeasure === 'incidence'
      ? { values, legend: t('surveillance.map.incidenceLegend'), palette: INCIDENCE_PALETTE }
      : { values, legend: t('surveillance.map.alertsLegend'), palette: ALERT_PALETTE };
  }, [figures, mapMeasure, t]);
  const selectedDisease = diseases.data?.items.find((d) => d.id === diseaseId);
  const placeName = placeId ? figures?.find((f) => f.id === placeId) : undefined;
  const error = diseases.error ?? curve.error ?? townships.error;

  return (
    <div data-testid="surveillance-panel">
      {error && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 16 }} />}
      <Space wrap style={{ marginBottom: 12 }} size={[16, 8]}>
        <Space>
          <Typography.Text>{t('surveillance.disease')}</Typography.Text>
          <Select
            data-testid="disease-picker"
            style={{ minWidth: 260 }}
            showSearch
            optionFilterProp="label"
            value={diseaseId}
            placeholder={t('surveillance.curve.pickDisease')}
            loading={diseases.isPending}
            notFoundContent={t('surveillance.noDiseases')}
            onChange={setDiseaseId}
            options={diseases.data?.items.map((d) => ({
              value: d.id,
              label: `${localName(d, i18n.language)} (${t('surveillance.casesInPeriod', { count: d.cases })})`,
            }))}
          />
        </Space>
        <Space>
          <Typography.Text>{t('surveillance.basis.label')}</Typography.Text>
          <Segmented
            data-testid="basis-toggle"
            value={basis}
            onChange={(v) => setBasis(v as Basis)}
            options={[
              { value: 'onset', label: t('surveillance.basis.onset') },
              { value: 'report', label: t('surveillance.basis.report') },
            ]}
          />
        </Space>
        <Segmented
          data-testid="interval-toggle"
          value={interval}
          onChange={(v) => {
            setInterval_(v as Interval);
            setPeriodKey(PERIODS[v as Interval][v === 'week' ? 1 : 1]!.key);
          }}
          options={[
            { value: 'day', label: t('surveillance.interval.day') },
            { value: 'week', label: t('surveillance.interval.week') },
          ]}
        />
        <Select
          aria-label={t('surveillance.period.label')}
          style={{ minWidth: 140 }}
          value={period.key}
          onChange={setPeriodKey}
          options={PERIODS[interval].map((p) => ({ value: p.key, label: t(`surveillance.period.${p.key}`) }))}
        />
        <Badge status="processing" text={t('surveillance.live')} />
      </Space>

      <Card
        size="small"
        title={t('surveillance.curve.title')}
        extra={
          <Typography.Text data-testid="curve-subtitle" strong>
            {t('surveillance.curve.subtitle', {
              disease: selectedDisease ? localName(selectedDisease, i18n.language) : '—',
              basis: t(`surveillance.basis.${curve.data?.basis ?? basis}`),
              place: curve.data?.jurisdiction ? localName(curve.data.jurisdiction, i18n.language) : t('surveillance.curve.wholeScope'),
            })}
          </Typography.Text>
        }
      >
        {!canCases ? null : curve.data ? (
          <div
            data-testid="epidemic-curve"
            data-basis={curve.data.basis}
            data-points={curve.data.points.length}
            data-alarms={curve.data.points.filter((p) => p.alarm).length}
          >
            <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
              <CurveChart curve={curve.data} />
            </Suspense>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0' }}>
              {t('surveillance.curve.note', { years: curve.data.baseline.years, half: curve.data.baseline.halfWindow })}
            </Typography.Paragraph>
            <Table
              size="small"
              rowKey="id"
              data-testid="curve-signals"
              title={() => t('surveillance.curve.signals')}
              locale={{ emptyText: t('surveillance.curve.noSignals') }}
              pagination={{ pageSize: 5, hideOnSinglePage: true }}
              dataSource={[...curve.data.signals].reverse()}
              columns={[
                { title: t('surveillance.curve.signalPeriod'), key: 'period', render: (_, s) => `${s.periodStart} – ${s.periodEnd}` },
                {
                  title: t('surveillance.curve.signalPlace'),
                  key: 'place',
                  render: (_, s) => (english ? s.jurisdictionNameEn : s.jurisdictionName),
                },
                { title: t('surveillance.curve.observed'), dataIndex: 'observed', align: 'right' },
                {
                  title: t('surveillance.curve.expectedShort'),
                  dataIndex: 'expected',
                  align: 'right',
                  render: (v: number | null) => (v === null ? '—' : number.format(v)),
                },
                {
                  title: t('surveillance.curve.thresholdShort'),
                  dataIndex: 'threshold',
                  align: 'right',
                  render: (v: number | null) => (v === null ? '—' : number.format(v)),
                },
                {
                  title: t('surveillance.curve.method'),
                  dataIndex: 'method',
                  render: (m: string) => <Tooltip title={methodExplanation(m, i18n.language)}>{methodLabel(m, i18n.language)}</Tooltip>,
                },
                {
                  title: t('surveillance.curve.alert'),
                  key: 'alert',
                  render: (_, s) => (s.alertId ? <Link to={`/alerts/${s.alertId}`}>{s.alertCode ?? s.alertId.slice(0, 8)}</Link> : '—'),
                },
              ]}
            />
          </div>
        ) : diseaseId ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : (
          <Empty description={t('surveillance.curve.pickDisease')} />
        )}
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={
              ownTownship
                ? t('surveillance.map.communityTitle', { township: localName(ownTownship, i18n.language), days: RECENT_DAYS })
                : t('surveillance.map.title', { days: RECENT_DAYS })
            }
            extra={
              <Space wrap>
                <Segmented
                  size="small"
                  data-testid="map-measure"
                  value={mapMeasure}
                  onChange={(v) => setMapMeasure(v as 'incidence' | 'alerts')}
                  options={[
                    { value: 'incidence', label: t('surveillance.map.incidence') },
                    ...(canAlerts ? [{ value: 'alerts', label: t('surveillance.map.alerts') }] : []),
                  ]}
                />
                {mapMeasure === 'incidence' && (
                  <Segmented
                    size="small"
                    value={mapDiseases}
                    onChange={(v) => setMapDiseases(v as 'this' | 'all')}
                    options={[
                      { value: 'this', label: t('surveillance.map.thisDisease') },
                      { value: 'all', label: t('surveillance.map.allDiseases') },
                    ]}
                  />
                )}
              </Space>
            }
          >
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
              {ownTownship ? t('surveillance.map.communityNote') : t('surveillance.map.note')}{' '}
              {placeName && (
                <Tag closable onClose={() => setPlaceId(undefined)}>
                  {t('surveillance.map.selected', { name: localName(placeName, i18n.language) })}
                </Tag>
              )}
            </Typography.Paragraph>
            {geojson.data && shading ? (
              <div data-testid="township-choropleth" data-measure={mapMeasure}>
                <LazyDistrictMap
                  townships={geojson.data}
                  river={river.data}
                  ports={ports.data}
                  commuting={commuting.data}
                  height={440}
                  highlightId={placeId ?? null}
                  shading={shading}
                  communities={communityPoints}
                  onTownshipClick={(id) => setPlaceId((current) => (current === id ? undefined : id))}
                />
              </div>
            ) : (
              <Skeleton active paragraph={{ rows: 10 }} />
            )}
            {ownTownship && communities.data && (
              <Table
                size="small"
                rowKey="id"
                style={{ marginTop: 8 }}
                data-testid="community-figures"
                pagination={false}
                scroll={{ y: 240 }}
                dataSource={[...communities.data.items].sort((a, b) => b.cases - a.cases || a.code.localeCompare(b.code))}
                columns={placeFigureColumns(t('surveillance.map.communityTable'))}
              />
            )}
            {figures && !ownTownship && (
              <Table
                size="small"
                rowKey="id"
                style={{ marginTop: 8 }}
                data-testid="township-figures"
                pagination={false}
                scroll={{ y: 200 }}
                dataSource={[...figures].sort((a, b) => (b.incidencePer100k ?? -1) - (a.incidencePer100k ?? -1))}
                onRow={(row) => ({ onClick: () => setPlaceId(row.id), style: { cursor: 'pointer' } })}
                columns={placeFigureColumns(t('surveillance.map.table'))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          {canAlerts && (
            <Card
              size="small"
              title={t('surveillance.alerts.title')}
              extra={
                <Space>
                  {alerts.data && (
                    <Typography.Text type="secondary">{t('surveillance.alerts.total', { count: alerts.data.total })}</Typography.Text>
                  )}
                  <Link to="/alerts">{t('surveillance.alerts.all')}</Link>
                </Space>
              }
              style={{ marginBottom: 16 }}
            >
              {alerts.data ? <AlertList items={alerts.data.items} onOpen={(link) => navigate(link)} /> : <Skeleton active />}
            </Card>
          )}
          <Card size="small" title={t('surveillance.timeliness.title', { days: RECENT_DAYS })}>
            {timeliness.data ? (
              <>
                <Table
                  size="small"
                  data-testid="timeliness-table"
                  rowKey={(r) => r.facilityId ?? 'none'}
                  pagination={false}
                  scroll={{ y: 260 }}
                  dataSource={timeliness.data.facilities}
                  columns={[
                    {
                      title: t('surveillance.timeliness.facility'),
                      key: 'facility',
                      render: (_, r) =>
                        r.facilityName
                          ? english
                            ? (r.facilityNameEn ?? r.facilityName)
                            : r.facilityName
                          : t('surveillance.timeliness.noFacility'),
                    },
                    { title: t('surveillance.timeliness.reports'), dataIndex: 'reports', align: 'right' },
                    {
                      title: t('surveillance.timeliness.late'),
                      dataIndex: 'late',
                      align: 'right',
                      render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
                    },
                    {
                      title: t('surveillance.timeliness.share'),
                      dataIndex: 'onTimeShare',
                      align: 'right',
                      render: (v: number) => (
                        <Typography.Text type={v < 0.95 ? 'warning' : undefined}>{`${(v * 100).toFixed(1)} %`}</Typography.Text>
                      ),
                    },
                    { title: t('surveillance.timeliness.median'), dataIndex: 'medianDelayHours', align: 'right' },
                  ]}
                  summary={() => (
                    <Table.Summary fixed>
                      <Table.Summary.Row>
                        <Table.Summary.Cell index={0}>{t('surveillance.timeliness.total')}</Table.Summary.Cell>
                        <Table.Summary.Cell index={1} align="right">
                          {timeliness.data.total.reports}
                        </Table.Summary.Cell>
                        <Table.Summary.Cell index={2} align="right">
                          {timeliness.data.total.late}
                        </Table.Summary.Cell>
                        <Table.Summary.Cell
                          index={3}
                          align="right"
                        >{`${(timeliness.data.total.onTimeShare * 100).toFixed(1)} %`}</Table.Summary.Cell>
                        <Table.Summary.Cell index={4} align="right">
                          {timeliness.data.total.medianDelayHours}
                        </Table.Summary.Cell>
                      </Table.Summary.Row>
                    </Table.Summary>
                  )}
                />
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
                  {t('surveillance.timeliness.note')}
                </Typography.Paragraph>
              </>
            ) : (
              <Skeleton active />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** Open alerts with their verification countdowns (ticking every second). */
function AlertList({ items, onOpen }: { items: DashboardAlert[]; onOpen: (link: string) => void }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (items.length === 0) return <Empty description={t('surveillance.alerts.none')} />;
  return (
    <List
      size="small"
      data-testid="dashboard-alerts"
      dataSource={items}
      renderItem={(a) => {
        const due = a.verificationDueAt && (a.status === 'new' || a.status === 'verifying') ? Date.parse(a.verificationDueAt) - now : null;
        return (
          <List.Item style={{ cursor: 'pointer' }} onClick={() => onOpen(a.link)} data-testid="dashboard-alert">
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  <Link to={a.link} onClick={(e) => e.stopPropagation()}>
                    {a.code}
                  </Link>
                  {a.warningLevel && <Tag color={LEVEL_COLOURS[a.warningLevel]}>{t(`surveillance.alerts.level.${a.warningLevel}`)}</Tag>}
                  <Tag>{t(`surveillance.alerts.status.${a.status}`, { defaultValue: a.status })}</Tag>
                  {/* the stored title is Chinese ("disease · place"): rebuilt from the English names in English */}
                  <span>{i18n.language === 'en' && a.diseaseNameEn ? `${a.diseaseNameEn} · ${a.jurisdictionNameEn}` : a.title}</span>
                </Space>
              }
              description={
                <Space wrap size={8}>
                  <span>{i18n.language === 'en' ? a.jurisdictionNameEn : a.jurisdictionName}</span>
                  {due === null ? (
                    <Typography.Text type="secondary">{t('surveillance.alerts.noDeadline')}</Typography.Text>
                  ) : due >= 0 ? (
                    <Typography.Text type={due < 3_600_000 ? 'warning' : undefined} data-testid="alert-countdown">
                      {t('surveillance.alerts.due', { time: formatSpan(due) })}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="danger" data-testid="alert-countdown">
                      {t('surveillance.alerts.overdue', { time: formatSpan(due) })}
                    </Typography.Text>
                  )}
                </Space>
              }
            />
          </List.Item>
        );
      }}
    />
  );
}
