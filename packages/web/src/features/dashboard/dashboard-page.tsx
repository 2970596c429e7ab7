import { Alert, Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { translateError } from '../../app/errors.ts';
import { ALL_ON_ONE_PAGE, useFacilities } from '../facilities/facilities-api.ts';
import { useAdjacentDistricts, useMapFeatures, useTownshipFlows, useTownshipGeojson } from '../jurisdictions/jurisdictions-api.ts';
import { LazyDistrictMap } from '../map/lazy-district-map.tsx';
import { useDashboardSummary } from './dashboard-api.ts';
import { LazyFacilitiesByTypeChart, LazyFlowsChart } from './lazy-charts.tsx';

/** Home: the district at a glance — registry figures, the map, and travel to neighbouring districts. */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const summary = useDashboardSummary();
  const townships = useTownshipGeojson();
  const adjacent = useAdjacentDistricts();
  const river = useMapFeatures('river');
  const ports = useMapFeatures('port');
  const commuting = useTownshipFlows();
  const facilities = useFacilities({ pageSize: ALL_ON_ONE_PAGE });
  const number = new Intl.NumberFormat(i18n.language);
  const formatter = (value: number | string) => number.format(Number(value));

  const error = summary.error ?? townships.error ?? adjacent.error;
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
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('dashboard.title')}
      </Typography.Title>
      {error && <Alert type="error" showIcon message={translateError(t, error)} style={{ marginBottom: 16 }} />}
      <Row gutter={[12, 12]}>
        {summary.isPending
          ? Array.from({ length: 9 }, (_, index) => (
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
