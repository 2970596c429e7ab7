/**
 * The "Epidemiological investigation" card of a case page: whether the 流调 is started, its likely source and
 * timeline size, the trips the case was on with their cohorts, and the way to the investigation page.
 */
import { Button, Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { useCaseExposures } from '../travel/travel-api.ts';
import { useCaseInvestigation } from './investigations-api.ts';

export function CaseInvestigationSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const state = useCaseInvestigation(caseId);
  const canTravel = hasRight(me.data, RIGHTS.travelRead);
  const trips = useCaseExposures(caseId, canTravel);
  if (!state.data) return null;
  const inv = state.data.investigation;
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={t('investigations.section.title')}
      data-testid="case-investigation"
      extra={
        <Link to={`/cases/${caseId}/investigation`}>
          <Button type={inv ? 'default' : 'primary'} data-testid="open-investigation">
            {inv
              ? t('investigations.section.open')
              : state.data.canWrite
                ? t('investigations.section.start')
                : t('investigations.section.view')}
          </Button>
        </Link>
      }
    >
      {inv ? (
        <Space direction="vertical" size={4}>
          <Space wrap>
            <Tag color={inv.status === 'open' ? 'blue' : 'default'}>{t(`investigations.statuses.${inv.status}`)}</Tag>
            <Typography.Text>{t('investigations.section.window', { from: inv.windowFrom, to: inv.windowTo })}</Typography.Text>
            <Typography.Text>{t('investigations.section.entries', { count: inv.events.length })}</Typography.Text>
          </Space>
          <Typography.Text>
            {t('investigations.fields.likelySource')}: {t(`investigations.sourceKinds.${inv.likelySourceKind}`)}
            {inv.likelySource ? ` · ${inv.likelySource}` : ''}
          </Typography.Text>
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('investigations.section.none')}</Typography.Text>
      )}
      {(trips.data?.items.length ?? 0) > 0 && (
        <div style={{ marginTop: 8 }}>
          {trips.data!.items.map((e) => (
            <div key={e.id}>
              <Link to={`/travel/exposures/${e.id}`}>
                {t(`travel.modes.${e.tripMode}`)} {e.serviceNumber} ·{' '}
                {t('travel.trip.cohortSummary', { total: e.cohort.total, high: e.cohort.byRank['1'], confirmed: e.cohort.confirmed })}
              </Link>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
