/**
 * The dashboard's quarantine card: people at the district's quarantine sites against the places, at home, and
 * today's arrivals and releases, with each site's occupancy. Shown to holders of quarantine.read.
 */
import { Card, Col, Progress, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLiveInvalidate } from '../../app/live.ts';
import { useOccupancy } from './quarantine-api.ts';

export function QuarantineOccupancyCard() {
  const { t } = useTranslation();
  const occupancy = useOccupancy();
  useLiveInvalidate('quarantine-sites', [['quarantine', 'occupancy']]);
  const data = occupancy.data;
  if (!data) return null;
  const sites = data.sites.filter((s) => s.rooms > 0);
  return (
    <Card
      size="small"
      title={t('quarantine.card.title')}
      extra={<Link to="/quarantine">{t('quarantine.card.more')}</Link>}
      style={{ marginBottom: 16 }}
      data-testid="quarantine-card"
    >
      <Row gutter={[16, 8]}>
        <Col xs={12} sm={6}>
          <Statistic
            title={t('quarantine.card.occupied')}
            value={data.totals.occupied}
            suffix={`/ ${data.totals.capacity}`}
            valueStyle={{ fontSize: 22 }}
          />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={t('quarantine.card.home')} value={data.home.active} valueStyle={{ fontSize: 22 }} />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={t('quarantine.card.arrivals')} value={data.totals.arrivalsToday} valueStyle={{ fontSize: 22 }} />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={t('quarantine.card.releases')} value={data.totals.releasesToday} valueStyle={{ fontSize: 22 }} />
        </Col>
      </Row>
      {sites.map((s) => (
        <Row key={s.id} gutter={8} align="middle" style={{ marginTop: 6 }} data-testid={`card-site-${s.id}`}>
          <Col xs={24} sm={10}>
            <Link to={`/quarantine/sites/${s.id}`}>{s.name}</Link>
          </Col>
          <Col xs={16} sm={10}>
            <Progress percent={s.capacity ? Math.round((100 * s.occupied) / s.capacity) : 0} size="small" showInfo={false} />
          </Col>
          <Col xs={8} sm={4} style={{ textAlign: 'right' }}>
            {s.occupied}/{s.capacity}
          </Col>
        </Row>
      ))}
    </Card>
  );
}
