import { Alert, Card, Col, Empty, Row, Skeleton, Statistic, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { translateError } from '../../app/errors.ts';
import { ALL_ON_ONE_PAGE, useFacilities } from '../facilities/facilities-api.ts';
import { useAdjacentDistricts, useMapFeatures, useTownshipFlows, useTownshipGeojson } from '../jurisdictions/jurisdictions-api.ts';
import { LazyDistrictMap } from '../map/lazy-district-map.tsx';
import { useDashboardSummary } from './dashboard-api.ts';
import { LazyFacilitiesByTypeChart, LazyFlowsChart } from './lazy-charts.tsx';
import { ResponseCard } from './response-card.tsx';
import { SurveillancePanel } from './surveillance-panel.tsx';
import { KpiPanel } from '../contacts/kpi-panel.tsx';
import { QuarantineOccupancyCard } from '../quarantine/occupancy-card.tsx';

/**
 * Home: the district at a glance. The registry figures stay on top; below, two tabs: monitoring (epidemic
 * curves, township incidence and alerts, open alerts, reporting timeliness — for readers of cases) and the
 * registry view (the map with facilities and travel, capacities). The tab is kept in the URL (?tab=registry).
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [search, setSearch] = useSearchParams();
  const surveillance = hasRight(me.data, RIGHTS.casesRead);
  const tab = surveillance && search.get('tab') !== 'registry' ? 'surveillance' : 'registry';
  // Those who command the response see it first, above the registry's figures: open incidents, levels, overdue tasks.
  const response = hasRight(me.data, RIGHTS.incidentsCommand) ? <ResponseCard showTasks={hasRight(me.data, RIGHTS.tasksRead)} /> : null;
  const figures = <RegistryFigures />;
  const quarantine = hasRight(me.data, RIGHTS.quarantineRead) ? <QuarantineOccupancyCard /> : null;
  if (!surveillance) {
    return (
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        {response}
        {figures}
        {quarantine}
        <RegistryOverview />
      </div>
    );
  }
  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('dashboard.title')}
      </Typography.Title>
      {response}
      {figures}
      {hasRight(me.data, RIGHTS.contactsRead) && (
        <div style={{ marginTop: 12 }}>
          <KpiPanel compact />
        </div>
      )}
      {quarantine}
      <Tabs
        style={{ marginTop: 8 }}
        activeKey={tab}
        // one map at a time: the hidden tab's map is unmounted
        destroyOnHidden
        // flushSync: the router renders its updates as transitions, and while one is pending the tabs still show
        // the old tab although the URL already names the new one; a click back to the tab still shown is then
        // no change for the tabs and never reaches the URL (the panel stayed, the URL kept ?tab=registry, and
        // the next render brought the registry back). Rendered at once, the tab shown is always the URL's.
        onChange={(key) => setSearch(key === 'registry' ? { tab: 'registry' } : {}, { replace: true, flushSync: true })}
        items={[
          { key: 'surveillance', label: t('surveillance.tabs.surveillance'), children: <SurveillancePanel /> },
          { key: 'registry', label: t('surveillance.tabs.registry'), children: <RegistryOverview /> },
        ]}
      />
    </div>
  );
}

/** The registry's figures: population, places, agencies, facilities and capacities. */
function RegistryFigures() {
  const { t, i18n } = useTranslation();
  const summary = useDashboardSummary();
  const number = new Intl.NumberFormat(i18n.language);
  const formatter = (value: number | string) => number.format(Number(value));
  const totalFacilities = summary.data ? Object.values(summary.data.facilitiesByType).reduce((sum, n) => sum + n, 0) : 0;
  const figures = summary.data
    ? [
        { key: 'population', value: summary.data.population },
        { key: 'townships', value: summary.data.townships },
        { key: 'communities', value: summary.data.communities },
        { key: 'agencies', value: summary.data.agencies },
        { key: 'facilities', value: totalFacilities },
        { key: 'beds', value: summary.data.beds },
        { key: 'icuBeds', value: summary.data.icuBeds },
        { key: 'isolationRooms', value: summary.data.isolationRooms },
        { key: 'quarantineRooms', value: summary.data.quarantineRooms },
      ]
    : [];
  return (
    <>
      {summary.error && <Alert type="error" showIcon message={translateError(t, summary.error)} style={{ marginBottom: 16 }} />}
      <Row gutter={[12, 12]}>
        {summary.isPending
          ? Array.from({ length: 9 }, (_, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders while loading, a fixed list of nine that never reorders
              <Col key={index} flex="1 0 112px">
                <Card size="small">
                  <Skeleton active paragraph={false} />
                </Card>
              </Col>
            ))
          : figures.map((figure) => (
              // flex columns: all nine figures share one row on a desktop screen and wrap on narrow ones
              <Col key={figure.key} flex="1 0 112px">
                <Card size="small" data-testid={`figure-${figure.key}`} style={{ height: '100%' }}>
                  <Statistic title={t(`dashboard.${figure.key}`)} value={figure.value} formatter={formatter} />
                </Card>
              </Col>
            ))}
      </Row>
    </>
  );
}

/** The registry view: the district map with facilities, river, port and travel; facilities by type; flows. */
function RegistryOverview() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const summary = useDashboardSummary();
  const townships = useTownshipGeojson();
  const adjacent = useAdjacentDistricts();
  const river = useMapFeatures('river');
  const ports = useMapFeatures('port');
  const commuting = useTownshipFlows();
  const facilities = useFacilities({ pageSize: ALL_ON_ONE_PAGE });
  const error = townships.error ?? adjacent.error;

  return (
    <div>
      {error && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card title={t('dashboard.map')} size="small">
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
              {t('dashboard.mapNote')}
            </Typography.Paragraph>
            {townships.data ? (
              <LazyDistrictMap
                townships={townships.data}
                facilities={facilities.data?.items ?? []}
                adjacent={adjacent.data ?? []}
                river={river.data}
                ports={ports.data}
                commuting={commuting.data}
                height={480}
                onTownshipClick={(id) => navigate(`/registry/jurisdictions?selected=${encodeURIComponent(id)}`)}
              />
            ) : (
              <Skeleton active paragraph={{ rows: 10 }} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('dashboard.facilitiesByType')} size="small" style={{ marginBottom: 16 }}>
            {summary.data ? <LazyFacilitiesByTypeChart summary={summary.data} /> : <Skeleton active />}
          </Card>
          <Card title={t('dashboard.flows')} size="small">
            {!adjacent.data ? (
              <Skeleton active />
            ) : adjacent.data.length === 0 ? (
              // Adjacent districts are district-level data: a township officer's scope holds none.
              <Empty description={t('dashboard.noAdjacent')} />
            ) : (
              <LazyFlowsChart adjacent={adjacent.data} />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
