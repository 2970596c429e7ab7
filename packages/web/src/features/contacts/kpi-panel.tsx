/**
 * The tracing KPIs (WHO) for the reader's area and per township: on the contacts page and on the dashboard.
 * Definitions in docs/contacts.md "KPIs".
 */
import { Card, Col, Row, Statistic, Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Kpis, percent, useContactKpis } from './contacts-api.ts';

type Figures = Kpis['district'];

function hours(t: (k: string, o?: Record<string, unknown>) => string, v: number | null) {
  return v === null ? '—' : t('contacts.tracing.kpi.hours', { value: v });
}

export function KpiPanel({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const kpis = useContactKpis();
  const en = i18n.language.startsWith('en');
  const d = kpis.data?.district;
  const tiles: Array<{ key: string; value: string; detail: string }> = d
    ? [
        {
          key: 'followedUpToday',
          value: percent(d.followedUpToday),
          detail: `${d.followedUpToday.numerator}/${d.followedUpToday.denominator}`,
        },
        {
          key: 'casesKnownContacts',
          value: percent(d.casesKnownContacts),
          detail: `${d.casesKnownContacts.numerator}/${d.casesKnownContacts.denominator}`,
        },
        { key: 'medianHoursToListed', value: hours(t, d.medianHoursToListed), detail: `n=${d.contactsListed}` },
        {
          key: 'tracedWithin24h',
          value: percent(d.tracedWithin24h),
          detail: `${d.tracedWithin24h.numerator}/${d.tracedWithin24h.denominator}`,
        },
        {
          key: 'tracedWithin48h',
          value: percent(d.tracedWithin48h),
          detail: `${d.tracedWithin48h.numerator}/${d.tracedWithin48h.denominator}`,
        },
        { key: 'toNotify', value: String(d.toNotify), detail: '' },
      ]
    : [];
  return (
    <Card
      size="small"
      loading={kpis.isPending}
      title={t('contacts.tracing.kpi.title')}
      extra={
        kpis.data && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('contacts.tracing.kpi.period', { days: 7, from: kpis.data.from, date: kpis.data.date })}
          </Typography.Text>
        )
      }
      data-testid="contact-kpis"
    >
      <Row gutter={[12, 12]}>
        {tiles.map((tile) => (
          <Col key={tile.key} xs={12} sm={8} lg={4}>
            <Tooltip title={t(`contacts.tracing.kpi.help.${tile.key}`)}>
              <Statistic title={t(`contacts.tracing.kpi.${tile.key}`)} value={tile.value} data-testid={`kpi-${tile.key}`} />
            </Tooltip>
            {tile.detail && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {tile.detail}
              </Typography.Text>
            )}
          </Col>
        ))}
      </Row>
      {!compact && kpis.data && kpis.data.townships.length > 0 && (
        <Table<Kpis['townships'][number]>
          style={{ marginTop: 12 }}
          size="small"
          rowKey={(r) => r.jurisdiction.id}
          pagination={false}
          scroll={{ x: true }}
          dataSource={kpis.data.townships}
          columns={[
            { title: t('contacts.tracing.kpi.township'), key: 'j', render: (_, r) => (en ? r.jurisdiction.nameEn : r.jurisdiction.name) },
            ...(['followedUpToday', 'casesKnownContacts', 'tracedWithin24h', 'tracedWithin48h'] as const).map((key) => ({
              title: t(`contacts.tracing.kpi.${key}`),
              key,
              render: (_: unknown, r: Figures) => `${percent(r[key])} (${r[key].numerator}/${r[key].denominator})`,
            })),
            { title: t('contacts.tracing.kpi.medianHoursToListed'), key: 'm', render: (_, r) => hours(t, r.medianHoursToListed) },
            { title: t('contacts.tracing.kpi.toNotify'), dataIndex: 'toNotify' },
          ]}
        />
      )}
    </Card>
  );
}
