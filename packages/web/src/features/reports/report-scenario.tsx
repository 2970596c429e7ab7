/**
 * The stock scenario attached to a situation report (issue 14, docs/stock.md): what the leaders read — the
 * scenario's horizon, the bed peak against capacity, and per item the stock, incoming deliveries and stock-out
 * date, soonest first — and, while the report is a draft, the drafter picks one of the saved scenarios (the
 * logistics officer's, on the materials page) or detaches it. The server keeps a snapshot.
 */
import { Button, Card, Empty, Select, Space, Table, Typography, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { RIGHTS, hasRight, useMe } from '../../app/auth.ts';
import { formatDateTime } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import type { Schemas } from '../../api/contract.ts';
import type { Report } from './reports-api.ts';

type Attached = NonNullable<Report['scenario']>;

export function ScenarioCard({ report, editable }: { report: Report; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const canPick = editable && hasRight(me.data, RIGHTS.modelsRun);
  const saved = useQuery({
    queryKey: ['stock', 'scenarios'],
    queryFn: () => api.get<Schemas['ScenarioList']>('/api/stock/scenarios'),
    enabled: canPick,
  });
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const s = report.scenario;
  const attach = async (scenarioId: string | null) => {
    setBusy(true);
    try {
      await api.patch<Report>(`/api/reports/${report.id}`, { version: report.version, scenarioId });
      await queryClient.invalidateQueries({ queryKey: ['reports'] });
      void message.success(t(scenarioId ? 'reports.scenario.attached' : 'reports.scenario.detached'));
    } catch (error) {
      void message.error(translateError(t, error));
    } finally {
      setBusy(false);
    }
  };
  const en = i18n.language === 'en';
  return (
    <Card size="small" title={t('reports.scenario.title')} style={{ marginBottom: 12 }} data-testid="report-scenario">
      {canPick && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            style={{ minWidth: 280 }}
            placeholder={t('reports.scenario.pick')}
            value={picked}
            onChange={setPicked}
            loading={saved.isLoading}
            options={(saved.data?.items ?? []).map((x) => ({
              value: x.id,
              label: `${x.name} · ${x.createdByName} · ${formatDateTime(x.createdAt)}`,
            }))}
            data-testid="report-scenario-pick"
          />
          <Button type="primary" disabled={!picked} loading={busy} onClick={() => picked && void attach(picked)}>
            {t('reports.scenario.attach')}
          </Button>
          {s && (
            <Button danger loading={busy} onClick={() => void attach(null)}>
              {t('reports.scenario.detach')}
            </Button>
          )}
        </Space>
      )}
      {s ? <ScenarioView s={s} en={en} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.scenario.none')} />}
    </Card>
  );
}

function ScenarioView({ s, en }: { s: Attached; en: boolean }) {
  const { t } = useTranslation();
  const n = (x: number) => Math.round(x).toLocaleString(en ? 'en' : 'zh-CN');
  return (
    <>
      <Typography.Paragraph>
        {t('reports.scenario.sentence', {
          name: s.name,
          by: s.savedByName || '—',
          at: formatDateTime(s.savedAt),
          start: s.startDate,
          days: s.days,
          infections: n(s.totalInfections),
          peak: n(s.hospitalPeak),
          peakDay: s.hospitalPeakDay,
          beds: n(s.capacity.beds),
          icuPeak: n(s.icuPeak),
          icuBeds: n(s.capacity.icuBeds),
        })}{' '}
        {s.firstDayOverBeds === null ? t('reports.scenario.bedsEnough') : t('reports.scenario.bedsOver', { day: s.firstDayOverBeds })}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="itemId"
        pagination={false}
        scroll={{ x: true }}
        dataSource={s.items}
        columns={[
          { key: 'item', title: t('reports.scenario.item'), render: (_, i) => `${en ? i.nameEn : i.name} (${en ? i.unitEn : i.unit})` },
          { key: 'stock', title: t('reports.scenario.stock'), align: 'right', render: (_, i) => n(i.stock) },
          { key: 'incoming', title: t('reports.scenario.incoming'), align: 'right', render: (_, i) => n(i.incoming) },
          { key: 'use', title: t('reports.scenario.use'), align: 'right', render: (_, i) => n(i.totalUse) },
          {
            key: 'out',
            title: t('reports.scenario.stockOut'),
            align: 'right',
            render: (_, i) => i.stockOutOn ?? t('reports.scenario.notWithin', { days: s.days }),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('reports.scenario.note')}
      </Typography.Paragraph>
    </>
  );
}
