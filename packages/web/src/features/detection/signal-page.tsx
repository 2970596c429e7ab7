/**
 * One signal and why it fired: what was observed against which baseline and threshold, by which method with which
 * parameters and date basis; for a space-time cluster its townships on the map with LLR, p-value and recurrence
 * interval. Links to the alert that absorbed it.
 */
import { Alert, Button, Card, Col, Descriptions, Row, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { CaseLineListPanel } from '../cases/case-line-list.tsx';
import { useTownshipGeojson } from '../jurisdictions/jurisdictions-api.ts';
import { LazyDistrictMap } from '../map/lazy-district-map.tsx';
import { type Signal, isShare, parameterSummary, subjectName, useSignal } from './detection-api.ts';
import { ExplanationChart, RecentChart } from './detection-charts.tsx';
import { formatPValue } from '@outbreak/surveillance/labels';

export function SignalPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const signal = useSignal(id);
  if (signal.isLoading) return <Spin />;
  if (signal.error || !signal.data) return <Alert type="error" showIcon message={translateError(t, signal.error)} />;
  const s = signal.data;
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {subjectName(s.subject, i18n.language)} · {i18n.language === 'en' ? s.jurisdictionNameEn : s.jurisdictionName}{' '}
          <Tag color={s.kind === 'cluster' ? 'purple' : 'volcano'}>{t(`detection.kinds.${s.kind}`)}</Tag>
        </Typography.Title>
        <Space>
          <Link to="/signals">{t('detection.signal.back')}</Link>
          {s.alertId && (
            <Link to={`/alerts/${s.alertId}`}>
              <Button type="primary">{t('detection.signal.toAlert', { code: s.alertCode ?? '' })}</Button>
            </Link>
          )}
        </Space>
      </Space>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph strong data-testid="signal-why">
          {whySentence(s, t, i18n.language)}
        </Typography.Paragraph>
        <SignalFacts signal={s} />
      </Card>
      {s.kind === 'cluster' ? <ClusterView signal={s} /> : <AberrationView signal={s} />}
      {s.diseaseId && (
        <Card
          title={s.kind === 'cluster' ? t('detection.signal.clusterCases') : t('detection.signal.cases')}
          style={{ marginTop: 16 }}
          data-testid="signal-cases"
        >
          <CaseLineListPanel path={`/api/signals/${s.id}/cases`} />
        </Card>
      )}
    </div>
  );
}

/** One sentence saying why the signal fired, in the user's language. */
function whySentence(s: Signal, t: (key: string, options?: Record<string, unknown>) => string, language: string): string {
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const why = s.explanation;
  const period = s.periodStart === s.periodEnd ? s.periodEnd : `${s.periodStart} – ${s.periodEnd}`;
  if (s.kind === 'cluster' && why.cluster) {
    const c = why.cluster;
    return t('detection.why.cluster', {
      period,
      places: c.locations.length,
      observed: number.format(c.observed),
      expected: number.format(c.expected),
      p: formatPValue(c.pValue),
      alpha: c.alpha === null ? '—' : number.format(c.alpha),
    });
  }
  if (why.rule === 'statistic')
    return t('detection.why.statistic', { period, observed: number.format(s.observed), statistic: number.format(why.statistic ?? 0) });
  if (isShare(s)) {
    const whole = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
    return t(why.rule === 'reaches' ? 'detection.why.reachesShare' : 'detection.why.exceedsShare', {
      period,
      observed: number.format(s.observed),
      numerator: why.share?.numerator == null ? '—' : whole.format(why.share.numerator),
      denominator: why.share?.denominator == null ? '—' : whole.format(why.share.denominator),
      threshold: s.threshold === null ? '—' : number.format(s.threshold),
    });
  }
  return t(why.rule === 'reaches' ? 'detection.why.reaches' : 'detection.why.exceeds', {
    period,
    observed: number.format(s.observed),
    threshold: s.threshold === null ? '—' : number.format(s.threshold),
  });
}

function SignalFacts({ signal: s }: { signal: Signal }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 3 });
  const why = s.explanation;
  const share = isShare(s);
  // Shares are percentages; the observed one with the numerator and denominator behind it.
  const value = (v: number | null) => (v === null ? '—' : share ? `${number.format(v)} %` : number.format(v));
  const observed = share
    ? t('detection.shareValue', {
        share: number.format(s.observed),
        numerator: why.share?.numerator == null ? '—' : new Intl.NumberFormat(i18n.language).format(why.share.numerator),
        denominator: why.share?.denominator == null ? '—' : new Intl.NumberFormat(i18n.language).format(why.share.denominator),
      })
    : number.format(s.observed);
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
      <Descriptions.Item label={t('detection.signals.period')}>
        {s.periodStart === s.periodEnd ? s.periodEnd : `${s.periodStart} – ${s.periodEnd}`}
      </Descriptions.Item>
      {share && <Descriptions.Item label={t('detection.monitored.title')}>{t('detection.monitored.share')}</Descriptions.Item>}
      <Descriptions.Item label={t('detection.observed')}>
        <span data-testid="signal-observed">{observed}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('detection.threshold')}>{value(s.threshold)}</Descriptions.Item>
      <Descriptions.Item label={t('detection.expected')}>{value(s.expected)}</Descriptions.Item>
      <Descriptions.Item label={t('detection.method')}>{t(`detection.methods.${s.method}`, { defaultValue: s.method })}</Descriptions.Item>
      <Descriptions.Item label={t('detection.parameters')}>
        <Typography.Text code>{parameterSummary(s.parameters, i18n.language)}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('detection.dateBasis')}>{t(`detection.bases.${s.dateBasis}`)}</Descriptions.Item>
      {why.level && <Descriptions.Item label={t('detection.level')}>{t(`detection.levels.${why.level}`)}</Descriptions.Item>}
      <Descriptions.Item label={t('detection.signal.rule')}>{t(`detection.rules.${why.rule}`)}</Descriptions.Item>
      {why.baseline && why.baseline.mean !== null && (
        <Descriptions.Item label={t('detection.signal.baselineMean')}>{value(why.baseline.mean)}</Descriptions.Item>
      )}
      <Descriptions.Item label={t('detection.signal.created')}>{formatDateTime(s.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('detection.signals.alert')}>
        {s.alertId ? <Link to={`/alerts/${s.alertId}`}>{s.alertCode}</Link> : t('detection.signal.noAlert')}
      </Descriptions.Item>
    </Descriptions>
  );
}

function AberrationView({ signal }: { signal: Signal }) {
  const { t } = useTranslation();
  const kind = signal.explanation.baseline?.kind ?? 'history';
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card title={t('detection.explain.title')}>
          <Typography.Paragraph type="secondary">{t(`detection.explain.kind.${kind}`)}</Typography.Paragraph>
          {isShare(signal) && <Typography.Paragraph type="secondary">{t('detection.explain.share')}</Typography.Paragraph>}
          <ExplanationChart signal={signal} />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title={isShare(signal) ? t('detection.explain.recentShareTitle') : t('detection.explain.recentTitle')}>
          <RecentChart signal={signal} />
        </Card>
      </Col>
    </Row>
  );
}

function ClusterView({ signal }: { signal: Signal }) {
  const { t, i18n } = useTranslation();
  const townships = useTownshipGeojson();
  const c = signal.explanation.cluster;
  // The cluster's townships shaded red on the map: value 1 inside, none elsewhere (drawn as 0), one class break
  // at 1, and the legend names the two classes instead of numbers.
  const shading = useMemo(() => {
    if (!c) return undefined;
    const values: Record<string, number | null> = {};
    for (const l of c.locations) values[l.id] = 1;
    return {
      values,
      legend: t('detection.cluster.legend'),
      palette: ['#e2e8f0', '#dc2626'] as const,
      breaks: [1],
      labels: [t('detection.cluster.outside'), t('detection.cluster.inside')],
    };
  }, [c, t]);
  if (!c) return null;
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 3 });
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card title={t('detection.cluster.map')}>
          {townships.data ? <LazyDistrictMap townships={townships.data} highlightId={c.centre} shading={shading} height={380} /> : <Spin />}
          <Space wrap style={{ marginTop: 8 }}>
            {c.locations.map((l, i) => (
              <Tag key={l.id} color={i === 0 ? 'red' : 'orange'}>
                {i18n.language === 'en' ? l.nameEn : l.name}
                {i === 0 ? ` (${t('detection.cluster.centre')})` : ''}
              </Tag>
            ))}
          </Space>
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title={t('detection.cluster.statistics')}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('detection.cluster.window')}>
              {c.window.start} – {c.window.end} ({t('detection.cluster.days', { count: c.window.days })})
            </Descriptions.Item>
            <Descriptions.Item label={t('detection.cluster.townships')}>{c.locations.length}</Descriptions.Item>
            <Descriptions.Item label={t('detection.cluster.radius')}>{number.format(c.radiusKm)} km</Descriptions.Item>
            <Descriptions.Item label={t('detection.observed')}>{number.format(c.observed)}</Descriptions.Item>
            <Descriptions.Item label={t('detection.expected')}>{number.format(c.expected)}</Descriptions.Item>
            <Descriptions.Item label={t('detection.cluster.ratio')}>{number.format(c.ratio)}</Descriptions.Item>
            <Descriptions.Item label={t('detection.cluster.llr')}>{number.format(c.llr)}</Descriptions.Item>
            <Descriptions.Item label={t('detection.cluster.pValue')}>{formatPValue(c.pValue)}</Descriptions.Item>
            <Descriptions.Item label={t('detection.cluster.recurrence')}>
              {c.recurrenceInterval
                ? t('detection.cluster.recurrenceValue', {
                    days: number.format(c.recurrenceInterval.days),
                    years: number.format(c.recurrenceInterval.years),
                  })
                : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('detection.cluster.study')}>
              {t('detection.cluster.studyValue', {
                start: c.study.start,
                end: c.study.end,
                cases: c.study.cases,
                replications: c.replications,
              })}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
    </Row>
  );
}
