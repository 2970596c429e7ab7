/**
 * The figures of a situation report as tables, shared by the report page (with occupancy entry) and the print
 * view. Every number is what the server drafted (reports.figures.ts); occupancy is what the editor entered.
 */
import { InputNumber, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { inLanguage } from '../../app/bilingual-text.ts';
import { formatDate, formatDateTime } from '../../app/dates.ts';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import type { OccupancyEntry, ReportFigures } from './reports-api.ts';

const OCCUPANCY_FIELDS = [
  ['beds', 'bedsOccupied'],
  ['icuBeds', 'icuBedsOccupied'],
  ['isolationRooms', 'isolationRoomsOccupied'],
  ['rooms', 'roomsOccupied'],
] as const;

export function CasesSection({ figures }: { figures: ReportFigures }) {
  const { t, i18n } = useTranslation();
  const f = figures;
  const rows = [
    ...f.cases.townships,
    { jurisdictionId: 'total', name: t('reports.figures.total'), nameEn: t('reports.figures.total'), ...f.cases.totals },
  ];
  return (
    <>
      <Typography.Paragraph data-testid="cases-sentence">
        {t('reports.figures.casesSentence', {
          date: f.reportDate,
          area: localName(f.area, i18n.language),
          disease: f.disease ? localName(f.disease, i18n.language) : t('reports.figures.noDisease'),
          newReported: f.cases.totals.newReported,
          newOnset: f.cases.totals.newOnset,
          from: f.cases.cumulativeFrom,
          cumulative: f.cases.totals.cumulative,
        })}{' '}
        {t('reports.figures.trendSentence', { last7: f.trend.last7, previous7: f.trend.previous7 })}
        {f.trend.changePct !== null && ` (${f.trend.changePct > 0 ? '+' : ''}${f.trend.changePct}%)`}
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey={(r) => r.jurisdictionId ?? 'district'}
        dataSource={rows}
        aria-label={t('reports.figures.casesByTownship')}
        columns={[
          {
            title: t('reports.figures.township'),
            render: (_, r) =>
              r.jurisdictionId === 'total' ? <strong>{r.name}</strong> : localName(r, i18n.language) || t('reports.figures.districtLevel'),
          },
          { title: t('reports.figures.newReported'), dataIndex: 'newReported', align: 'right' },
          { title: t('reports.figures.newOnset'), dataIndex: 'newOnset', align: 'right' },
          { title: t('reports.figures.cumulative'), dataIndex: 'cumulative', align: 'right' },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {t('reports.figures.basisNote')}
      </Typography.Paragraph>
    </>
  );
}

/** "Rt up to <date>; the last N days are incomplete (median reporting delay M days)" — why Rt ends before the day. */
export function RtCompleteness({ rt }: { rt: ReportFigures['rt'] }) {
  const { t } = useTranslation();
  if (rt.incompleteDays === undefined) return null;
  const median = rt.reportingDelay?.medianDays ?? null;
  return (
    <span data-testid="rt-completeness">
      {median === null
        ? t('reports.figures.rtCompleteNoDelay', {
            date: rt.windowTo,
            count: rt.incompleteDays,
            lookback: rt.reportingDelay?.lookbackDays ?? 90,
          })
        : t('reports.figures.rtComplete', { date: rt.windowTo, count: rt.incompleteDays, median })}
    </span>
  );
}

export function RtLine({ figures }: { figures: Pick<ReportFigures, 'rt'> }) {
  const { t } = useTranslation();
  const rt = figures.rt;
  if (!rt.estimable) {
    return (
      <span data-testid="rt">
        {t('reports.figures.rtNotEstimable', { reason: t(`reports.rtReason.${rt.reason ?? 'too_few_cases'}`), cases: rt.casesInWindow })}{' '}
        <RtCompleteness rt={rt} />
      </span>
    );
  }
  return (
    <span data-testid="rt">
      {t('reports.figures.rtValue', {
        mean: rt.mean!.toFixed(2),
        lower: rt.lower!.toFixed(2),
        upper: rt.upper!.toFixed(2),
        from: rt.windowFrom,
        to: rt.windowTo,
      })}{' '}
      <RtCompleteness rt={rt} />
      {rt.serialInterval && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {' '}
          {t('reports.figures.serialInterval', {
            mean: rt.serialInterval.mean,
            sd: rt.serialInterval.sd,
            source: rt.serialInterval.source,
          })}
        </Typography.Text>
      )}
    </span>
  );
}

export function AlertsSection({ figures }: { figures: Pick<ReportFigures, 'alerts'> }) {
  const { t, i18n } = useTranslation();
  if (figures.alerts.length === 0) return <Typography.Text type="secondary">{t('reports.figures.noAlerts')}</Typography.Text>;
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="id"
      dataSource={figures.alerts}
      columns={[
        {
          title: t('reports.figures.code'),
          dataIndex: 'code',
          render: (code: string, a) => (
            <span style={{ whiteSpace: 'nowrap' }}>
              <Link to={`/alerts/${a.id}`}>{code}</Link>
              {a.source && (
                <Tag color="purple" style={{ marginLeft: 6 }} data-testid="source-alert">
                  {t('reports.figures.sourceAlert')}
                </Tag>
              )}
            </span>
          ),
        },
        {
          title: t('reports.figures.alert'),
          // the stored title is Chinese ("disease · place"); English readers get it from the English names
          render: (_, a) =>
            i18n.language === 'en' && a.diseaseNameEn ? `${a.diseaseNameEn} · ${a.jurisdictionNameEn || a.jurisdictionName}` : a.title,
        },
        {
          title: t('reports.figures.place'),
          render: (_, a) => (i18n.language === 'en' && a.jurisdictionNameEn ? a.jurisdictionNameEn : a.jurisdictionName),
        },
        {
          title: t('reports.figures.alertStatus'),
          dataIndex: 'status',
          render: (s: string) => <Tag>{t(`reports.alertStatus.${s}`, { defaultValue: s })}</Tag>,
        },
      ]}
    />
  );
}

/** The area's contact-tracing KPIs as one sentence (absent in reports drafted before they were kept). */
export function TracingLine({ figures }: { figures: Pick<ReportFigures, 'tracing' | 'reportDate'> }) {
  const { t } = useTranslation();
  const k = figures.tracing?.district;
  if (!k) return <Typography.Text type="secondary">{t('reports.figures.tracingNone')}</Typography.Text>;
  const share = (r: { numerator: number; denominator: number; value: number | null }) =>
    r.value === null ? '—' : `${Math.round(r.value * 1000) / 10}%`;
  return (
    <Typography.Text data-testid="report-tracing">
      {t('reports.figures.tracingSentence', {
        date: formatDate(figures.reportDate),
        due: k.followedUpToday.denominator,
        seen: k.followedUpToday.numerator,
        followed: share(k.followedUpToday),
        cases: k.casesKnownContacts.denominator,
        known: k.casesKnownContacts.numerator,
        knownShare: share(k.casesKnownContacts),
        median: k.medianHoursToListed ?? '—',
        traced24: share(k.tracedWithin24h),
        traced48: share(k.tracedWithin48h),
        toNotify: k.toNotify,
      })}
    </Typography.Text>
  );
}

export function TasksSection({ figures }: { figures: Pick<ReportFigures, 'tasks'> }) {
  const { t, i18n } = useTranslation();
  const tt = figures.tasks.totals;
  return (
    <>
      <Typography.Paragraph>{t('reports.figures.tasksSentence', { ...tt, asOf: formatDateTime(figures.tasks.asOf) })}</Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="assigneeId"
        dataSource={figures.tasks.byAssignee}
        columns={[
          { title: t('reports.figures.assignee'), render: (_, a) => localName(a, i18n.language) },
          { title: t('reports.figures.total'), dataIndex: 'total', align: 'right' },
          { title: t('reports.figures.done'), dataIndex: 'done', align: 'right' },
          { title: t('reports.figures.open'), dataIndex: 'open', align: 'right' },
          {
            title: t('reports.figures.overdue'),
            dataIndex: 'overdue',
            align: 'right',
            render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
          },
        ]}
      />
      {figures.tasks.overdue.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('reports.figures.overdueList')}
          </Typography.Title>
          <Table
            size="small"
            pagination={false}
            rowKey="id"
            dataSource={figures.tasks.overdue}
            columns={[
              { title: t('reports.figures.code'), dataIndex: 'code' },
              { title: t('reports.figures.task'), dataIndex: 'title', render: (title: string) => inLanguage(title, i18n.language) },
              {
                title: t('reports.figures.assignee'),
                render: (_, o) => (i18n.language === 'en' && o.assigneeNameEn ? o.assigneeNameEn : o.assigneeName),
              },
              { title: t('reports.figures.due'), dataIndex: 'dueAt', render: (d: string) => formatDateTime(d) },
            ]}
          />
        </>
      )}
    </>
  );
}

/**
 * Capacity from the registry beside the occupancy the facilities reported themselves (as at the report's day); a
 * report drafted before facilities reported shows, and lets its editor type, the figures of the report itself.
 */
export function FacilitiesSection({
  figures,
  occupancy: typed,
  onChange: typedChange,
}: {
  figures: Pick<ReportFigures, 'facilities'>;
  occupancy: OccupancyEntry[];
  onChange?: (next: OccupancyEntry[]) => void;
}) {
  const { t, i18n } = useTranslation();
  if (figures.facilities.items.length === 0) return <Typography.Text type="secondary">{t('reports.figures.noFacilities')}</Typography.Text>;
  const reported = figures.facilities.occupancy;
  const occupancy: OccupancyEntry[] = reported
    ? reported.facilities.flatMap((f) =>
        f.latest
          ? [
              {
                facilityId: f.id,
                bedsOccupied: f.latest.bedsOccupied,
                icuBedsOccupied: f.latest.icuBedsOccupied,
                isolationRoomsOccupied: f.latest.isolationRoomsOccupied,
                roomsOccupied: null,
              },
            ]
          : [],
      )
    : typed;
  const onChange = reported ? undefined : typedChange;
  const entryOf = (id: string): OccupancyEntry =>
    occupancy.find((o) => o.facilityId === id) ?? {
      facilityId: id,
      bedsOccupied: null,
      icuBedsOccupied: null,
      isolationRoomsOccupied: null,
      roomsOccupied: null,
    };
  const set = (id: string, field: (typeof OCCUPANCY_FIELDS)[number][1], value: number | null) => {
    const next = { ...entryOf(id), [field]: value };
    onChange?.([...occupancy.filter((o) => o.facilityId !== id), next]);
  };
  return (
    <>
      <Table
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={figures.facilities.items}
        columns={[
          { title: t('reports.figures.facility'), render: (_, f) => localName(f, i18n.language) },
          ...OCCUPANCY_FIELDS.map(([capacity, used]) => ({
            key: capacity,
            title: t(`reports.figures.capacity.${capacity}`),
            align: 'right' as const,
            render: (_: unknown, f: ReportFigures['facilities']['items'][number]) => {
              const total = f[capacity];
              const value = entryOf(f.id)[used];
              if (onChange && total > 0) {
                return (
                  <span>
                    <InputNumber
                      size="small"
                      min={0}
                      max={total}
                      precision={0}
                      value={value}
                      onChange={(v) => set(f.id, used, typeof v === 'number' ? v : null)}
                      aria-label={`${localName(f, i18n.language)} ${t(`reports.figures.capacity.${capacity}`)}`}
                      style={{ width: 72 }}
                    />{' '}
                    / {total}
                  </span>
                );
              }
              return total === 0 && value === null ? '—' : `${value ?? '—'} / ${total}`;
            },
          })),
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {reported
          ? `${t('reports.figures.reportedNote', { date: reported.date, beds: reported.totals.rates.beds ?? '—', n: reported.totals.reportedOnDate, of: reported.totals.facilities })}${
              reported.notReported.length > 0
                ? ` ${t('reports.command.notReported', { names: reported.notReported.map((x) => localName(x, i18n.language)).join('、') })}`
                : ''
            }`
          : t('reports.figures.occupancyNote')}
      </Typography.Paragraph>
    </>
  );
}
