/**
 * One trip: the voyage (vessel, route with calls, terminal and berth) or run, its manifest (identity numbers
 * masked; import from a file), and the cases known to have been aboard with their exposure cohorts; for
 * travel.manage: change the trip, link a case (which builds its cohort).
 */
import { Button, Card, Descriptions, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { useLiveInvalidate } from '../../app/live.ts';
import { PageSpinner } from '../../app/page-spinner.tsx';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { type Exposure, type ManifestEntry, useManifest, useTrip, useTripExposures } from './travel-api.ts';
import { LinkCaseDialog } from './link-case-dialog.tsx';
import { ManifestImportDialog } from './manifest-import.tsx';
import { TripFormDialog } from './trip-form.tsx';

export function TripPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const en = i18n.language.startsWith('en');
  const trip = useTrip(id);
  const [query, setQuery] = useState<{ q?: string; page: number; pageSize: number }>({ page: 1, pageSize: 50 });
  const manifest = useManifest(id, query);
  const exposures = useTripExposures(id);
  const [importing, setImporting] = useState(false);
  const [editing, setEditing] = useState(false);
  const [linking, setLinking] = useState(false);
  useLiveInvalidate('travel', [['travel']]);
  if (trip.isPending) return <PageSpinner />;
  if (!trip.data) return <Typography.Text type="danger">{t('common.notFound')}</Typography.Text>;
  const r = trip.data;
  const canManage = hasRight(me.data, RIGHTS.travelManage);
  const labels = (key: 'deck' | 'cabin' | 'seat') => t(`travel.position.${r.mode}.${key}`);
  return (
    <div>
      <Typography.Title level={3}>
        {r.code} · {t(`travel.modes.${r.mode}`)} {r.serviceNumber}
      </Typography.Title>
      <Card
        size="small"
        extra={
          canManage && (
            <Button onClick={() => setEditing(true)} data-testid="trip-edit">
              {t('common.edit')}
            </Button>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          {r.vessel && (
            <Descriptions.Item label={t('travel.fields.vessel')}>
              {en && r.vessel.nameEn ? r.vessel.nameEn : r.vessel.name} ({r.vessel.registration})
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('travel.fields.jurisdiction')}>{en ? r.jurisdiction.nameEn : r.jurisdiction.name}</Descriptions.Item>
          <Descriptions.Item label={t('travel.fields.departsAt')}>
            {r.origin} {formatDateTime(r.departsAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('travel.fields.arrivesAt')}>
            {r.destination} {formatDateTime(r.arrivesAt)}
          </Descriptions.Item>
          {r.calls.length > 0 && (
            <Descriptions.Item label={t('travel.fields.calls')} span={3}>
              {r.calls.map((c) => `${c.place}${c.arrivesAt ? ` ${formatDateTime(c.arrivesAt)}` : ''}`).join(' → ')}
            </Descriptions.Item>
          )}
          {r.terminal && <Descriptions.Item label={t('travel.fields.terminal')}>{r.terminal}</Descriptions.Item>}
          {r.berth && <Descriptions.Item label={t('travel.fields.berth')}>{r.berth}</Descriptions.Item>}
          {r.notes && <Descriptions.Item label={t('travel.fields.notes')}>{r.notes}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card
        size="small"
        title={t('travel.trip.cases')}
        style={{ marginTop: 16 }}
        data-testid="trip-exposures"
        extra={
          canManage && (
            <Button type="primary" onClick={() => setLinking(true)} data-testid="trip-link-case">
              {t('travel.link.open')}
            </Button>
          )
        }
      >
        <ResponsiveTable<Exposure>
          rowKey="id"
          size="small"
          pagination={false}
          loading={exposures.isPending}
          dataSource={exposures.data?.items ?? []}
          locale={{ emptyText: t('travel.trip.noCases') }}
          columns={[
            { title: t('travel.trip.case'), key: 'case', render: (_, e) => <Link to={`/cases/${e.case.id}`}>{e.case.code}</Link> },
            {
              title: t('travel.trip.position'),
              key: 'pos',
              render: (_, e) => [e.deck, e.cabin, e.seat].filter(Boolean).join(' / ') || '—',
            },
            {
              title: t('travel.trip.leg'),
              key: 'leg',
              render: (_, e) => (e.boardedAt || e.alightedAt ? `${e.boardedAt || r.origin} → ${e.alightedAt || r.destination}` : '—'),
            },
            {
              title: t('travel.trip.cohort'),
              key: 'cohort',
              render: (_, e) => (
                <Link to={`/travel/exposures/${e.id}`} data-testid="cohort-link">
                  {t('travel.trip.cohortSummary', { total: e.cohort.total, high: e.cohort.byRank['1'], confirmed: e.cohort.confirmed })}
                </Link>
              ),
            },
          ]}
        />
      </Card>

      <Card
        size="small"
        style={{ marginTop: 16 }}
        title={t('travel.trip.manifest', { count: r.manifestCount })}
        extra={
          canManage && (
            <Button type="primary" onClick={() => setImporting(true)} data-testid="manifest-import">
              {t('travel.import.open')}
            </Button>
          )
        }
      >
        <Input.Search
          allowClear
          placeholder={t('travel.trip.searchManifest')}
          onSearch={(q) => setQuery({ q: q || undefined, page: 1, pageSize: query.pageSize })}
          style={{ maxWidth: 260, marginBottom: 12 }}
        />
        <ResponsiveTable<ManifestEntry>
          rowKey="id"
          size="small"
          data-testid="manifest-list"
          loading={manifest.isPending}
          dataSource={manifest.data?.items ?? []}
          scroll={{ x: true }}
          cardTitle={['personName']}
          locale={{ emptyText: t('travel.trip.noManifest') }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: manifest.data?.total ?? 0,
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
          }}
          columns={[
            { title: t('travel.manifestFields.personName'), dataIndex: 'personName' },
            { title: t('travel.manifestFields.role'), dataIndex: 'role', render: (v: string) => t(`travel.roles.${v}`) },
            { title: t('travel.manifestFields.idNumber'), dataIndex: 'idNumberMasked', render: (v: string) => v || '—' },
            { title: labels('deck'), dataIndex: 'deck' },
            { title: labels('cabin'), dataIndex: 'cabin' },
            { title: labels('seat'), dataIndex: 'seat' },
            {
              title: t('travel.manifestFields.residence'),
              key: 'residence',
              render: (_, e) => (
                <Space size={4}>
                  {e.residence || '—'}
                  {e.residenceJurisdiction && <Tag>{en ? e.residenceJurisdiction.nameEn : e.residenceJurisdiction.name}</Tag>}
                </Space>
              ),
            },
            {
              title: t('travel.trip.leg'),
              key: 'leg',
              render: (_, e) => (e.boardedAt || e.alightedAt ? `${e.boardedAt || '…'} → ${e.alightedAt || '…'}` : '—'),
            },
          ]}
        />
      </Card>
      <ManifestImportDialog tripId={r.id} open={importing} onClose={() => setImporting(false)} />
      <TripFormDialog open={editing} trip={r} onClose={() => setEditing(false)} />
      <LinkCaseDialog trip={r} open={linking} onClose={() => setLinking(false)} />
    </div>
  );
}
