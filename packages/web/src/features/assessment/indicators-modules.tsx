/**
 * Reporting completeness, stock-out days and contact-tracing KPIs on the indicators page (issue 18, item 2; docs/assessment.md): each
 * figure says how it is computed and opens its records — sites and items with their runs of days at zero (to the
 * site's stock), contacts by code only (to the contact), cases (to the case). Cards stack on a phone.
 */
import { Card, Col, Collapse, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { components } from '../../api/schema';
import { formatDateTime } from '../../app/dates.ts';

type Indicators = components['schemas']['AssessmentIndicators'];
const pct = (x: number | null | undefined) => (x === null || x === undefined ? null : `${Math.round(x * 1000) / 10}%`);

function Figure({ label, value, testId }: { label: string; value: string | number | null; testId?: string }) {
  const { t } = useTranslation();
  return <Statistic title={label} value={value === null ? t('assessment.status.incomplete') : value} data-testid={testId} />;
}

function YesNo({ value }: { value: boolean | null }) {
  const { t } = useTranslation();
  if (value === null) return <Tag>{t('assessment.modules.notYet')}</Tag>;
  return <Tag color={value ? 'success' : 'error'}>{t(value ? 'assessment.modules.yes' : 'assessment.modules.no')}</Tag>;
}

/** Reporting completeness (inside the reporting card): the share of complete report cards, and by key field. */
export function CompletenessFigures({ data }: { data: Indicators | undefined }) {
  const { t } = useTranslation();
  const c = data?.reportingTimeliness.completeness;
  return (
    <div data-testid="reporting-completeness" style={{ marginTop: 8 }}>
      <Typography.Paragraph type="secondary">{t('assessment.modules.completeness.how')}</Typography.Paragraph>
      <Figure
        label={t('assessment.modules.completeness.share', { n: c?.complete ?? 0, d: c?.reports ?? 0 })}
        value={pct(c?.share)}
        testId="completeness-share"
      />
      <Typography.Text type="secondary">
        {(c?.fields ?? [])
          .map((f) => `${t(`assessment.modules.completeness.fields.${f.field}`)} ${pct(f.share) ?? t('assessment.status.incomplete')}`)
          .join(' · ')}
      </Typography.Text>
    </div>
  );
}

export function StockOutCard({ data, loading }: { data: Indicators | undefined; loading: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const s = data?.stockOut;
  return (
    <Card size="small" title={t('assessment.modules.stockOut.title')} loading={loading} data-testid="indicator-stock-out">
      <Typography.Paragraph type="secondary">{t('assessment.modules.stockOut.how')}</Typography.Paragraph>
      <Row gutter={8}>
        <Col xs={12} sm={8}>
          <Figure label={t('assessment.modules.stockOut.days')} value={s ? s.stockOutDays : null} testId="stock-out-days" />
        </Col>
        <Col xs={12} sm={8}>
          <Figure label={t('assessment.modules.stockOut.share')} value={pct(s?.share)} />
        </Col>
        <Col xs={24} sm={8}>
          <Figure
            label={t('assessment.modules.stockOut.pairs')}
            value={s ? t('assessment.modules.stockOut.pairsValue', { out: s.pairsWithStockOut, all: s.pairs }) : null}
          />
        </Col>
      </Row>
      <Collapse
        ghost
        items={[
          {
            key: 's',
            label: t('assessment.indicators.records', { n: s?.records.length ?? 0 }),
            children: (
              <>
                {s?.truncated && <Typography.Text type="warning">{t('assessment.modules.truncated')}</Typography.Text>}
                <Table
                  rowKey={(r) => `${r.facilityId}|${r.itemId}`}
                  size="small"
                  scroll={{ x: true }}
                  dataSource={s?.records ?? []}
                  columns={[
                    {
                      title: t('assessment.modules.stockOut.site'),
                      key: 'site',
                      render: (_, r) => <Link to={`/stock?facilityId=${r.facilityId}`}>{en ? r.facilityNameEn : r.facilityName}</Link>,
                    },
                    {
                      title: t('assessment.modules.stockOut.item'),
                      key: 'item',
                      render: (_, r) => `${r.itemCode} ${en ? r.itemNameEn : r.itemName}`,
                    },
                    {
                      title: t('assessment.modules.stockOut.daysColumn'),
                      key: 'days',
                      render: (_, r) => `${r.stockOutDays} / ${r.observedDays}`,
                    },
                    {
                      title: t('assessment.modules.stockOut.episodes'),
                      key: 'episodes',
                      render: (_, r) =>
                        r.episodes.map((e) => (
                          <div key={e.from}>
                            {e.from === e.to ? e.from : t('assessment.modules.stockOut.episode', { from: e.from, to: e.to, n: e.days })}
                          </div>
                        )),
                    },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

export function TracingCard({ data, loading }: { data: Indicators | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const c = data?.contactTracing;
  const ofN = (n: number | undefined, d: number | undefined) => (c ? t('assessment.modules.tracing.ofN', { n, d }) : '');
  return (
    <Card size="small" title={t('assessment.modules.tracing.title')} loading={loading} data-testid="indicator-tracing">
      <Typography.Paragraph type="secondary">{t('assessment.modules.tracing.how')}</Typography.Paragraph>
      <Row gutter={[8, 8]}>
        <Col xs={12} sm={8}>
          <Figure label={t('assessment.modules.tracing.within24')} value={pct(c?.tracedWithin24hShare)} testId="traced-24h" />
          <Typography.Text type="secondary">{ofN(c?.tracedWithin24h, c?.judged24h)}</Typography.Text>
        </Col>
        <Col xs={12} sm={8}>
          <Figure label={t('assessment.modules.tracing.within48')} value={pct(c?.tracedWithin48hShare)} />
          <Typography.Text type="secondary">{ofN(c?.tracedWithin48h, c?.judged48h)}</Typography.Text>
        </Col>
        <Col xs={12} sm={8}>
          <Figure label={t('assessment.modules.tracing.followedUp')} value={pct(c?.followUp.share)} testId="followed-up-daily" />
          <Typography.Text type="secondary">{ofN(c?.followUp.seenDays, c?.followUp.dueDays)}</Typography.Text>
        </Col>
        <Col xs={12} sm={8}>
          <Figure label={t('assessment.modules.tracing.conversions')} value={pct(c?.conversionShare)} />
          <Typography.Text type="secondary">{ofN(c?.conversions, c?.contacts)}</Typography.Text>
        </Col>
        <Col xs={12} sm={8}>
          <Figure label={t('assessment.modules.tracing.fromContacts')} value={pct(c?.casesFromContactsShare)} />
          <Typography.Text type="secondary">{ofN(c?.casesFromContacts, c?.casesReported)}</Typography.Text>
        </Col>
        <Col xs={12} sm={8}>
          <Figure label={t('assessment.modules.tracing.medianHours')} value={c ? c.medianHoursToFirstSeen : null} />
        </Col>
      </Row>
      <Collapse
        ghost
        items={[
          {
            key: 'contacts',
            label: t('assessment.modules.tracing.contactRecords', { n: c?.records.contacts.length ?? 0 }),
            children: (
              <Table
                rowKey="id"
                size="small"
                scroll={{ x: true }}
                dataSource={c?.records.contacts ?? []}
                columns={[
                  {
                    title: t('assessment.indicators.code'),
                    dataIndex: 'code',
                    render: (x: string, r) => <Link to={`/contacts/${r.id}`}>{x}</Link>,
                  },
                  {
                    title: t('assessment.modules.tracing.case'),
                    key: 'case',
                    render: (_, r) => (r.caseId ? <Link to={`/cases/${r.caseId}`}>{r.caseCode}</Link> : '—'),
                  },
                  {
                    title: t('assessment.modules.tracing.caseReportedAt'),
                    dataIndex: 'caseReportedAt',
                    render: (x: string) => formatDateTime(x),
                  },
                  {
                    title: t('assessment.modules.tracing.hoursToSeen'),
                    dataIndex: 'hoursToFirstSeen',
                    render: (x: number | null) => x ?? t('assessment.modules.tracing.neverSeen'),
                  },
                  { title: '≤24h', dataIndex: 'within24h', render: (x: boolean | null) => <YesNo value={x} /> },
                  { title: '≤48h', dataIndex: 'within48h', render: (x: boolean | null) => <YesNo value={x} /> },
                  {
                    title: t('assessment.modules.tracing.converted'),
                    key: 'converted',
                    render: (_, r) =>
                      r.converted ? (
                        r.convertedCaseId ? (
                          <Link to={`/cases/${r.convertedCaseId}`}>{t('assessment.modules.yes')}</Link>
                        ) : (
                          t('assessment.modules.yes')
                        )
                      ) : (
                        ''
                      ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'followups',
            label: t('assessment.modules.tracing.followUpRecords', { n: c?.records.followUps.length ?? 0 }),
            children: (
              <Table
                rowKey="id"
                size="small"
                scroll={{ x: true }}
                dataSource={c?.records.followUps ?? []}
                columns={[
                  {
                    title: t('assessment.indicators.code'),
                    dataIndex: 'code',
                    render: (x: string, r) => <Link to={`/contacts/${r.id}`}>{x}</Link>,
                  },
                  { title: t('assessment.modules.tracing.dueDays'), dataIndex: 'dueDays' },
                  { title: t('assessment.modules.tracing.seenDays'), dataIndex: 'seenDays' },
                ]}
              />
            ),
          },
          {
            key: 'cases',
            label: t('assessment.modules.tracing.caseRecords', { n: c?.records.cases.length ?? 0 }),
            children: (
              <Table
                rowKey="id"
                size="small"
                scroll={{ x: true }}
                dataSource={c?.records.cases ?? []}
                columns={[
                  {
                    title: t('assessment.indicators.code'),
                    dataIndex: 'code',
                    render: (x: string, r) => <Link to={`/cases/${r.id}`}>{x}</Link>,
                  },
                  { title: t('assessment.indicators.reportedAt'), dataIndex: 'reportedAt', render: (x: string) => formatDateTime(x) },
                  {
                    title: t('assessment.modules.tracing.wasContact'),
                    dataIndex: 'wasContact',
                    render: (x: boolean) => <YesNo value={x} />,
                  },
                ]}
              />
            ),
          },
        ]}
      />
      {c?.records.truncated && <Typography.Text type="warning">{t('assessment.modules.truncated')}</Typography.Text>}
    </Card>
  );
}
