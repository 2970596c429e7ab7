/**
 * The preparedness self-assessment (docs/assessment.md): the rounds by year with their overall and capacity scores,
 * a radar chart of the two latest complete years, and a new year's round for those who manage assessments.
 */
import { App, Button, InputNumber, Modal, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { RadarChart } from 'echarts/charts';
import { RadarComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { typedApi } from '../../app/api.ts';
import { hasRight, RIGHTS, useMe } from '../../app/auth.ts';
import { districtToday } from '../../app/dates.ts';
import { translateError } from '../../app/errors.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { EChart } from '../charts/echart.tsx';
import { AssessmentTabs } from './assessment-tabs.tsx';
import { useSparFramework, useSparRounds } from './assessment-api.ts';

echarts.use([RadarChart, RadarComponent]);

type Item = NonNullable<ReturnType<typeof useSparRounds>['data']>['items'][number];

export function sparStatusColour(status: string): string {
  return status === 'approved' ? 'success' : status === 'submitted' ? 'processing' : 'default';
}

export function SparPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const me = useMe();
  const rounds = useSparRounds();
  const framework = useSparFramework();
  const [adding, setAdding] = useState(false);
  const items = rounds.data?.items ?? [];
  const complete = items.filter((r) => r.overall !== null).slice(0, 2);
  const option = useMemo(() => {
    const caps = framework.data?.capacities ?? [];
    return {
      tooltip: {},
      legend: { bottom: 0 },
      radar: {
        indicator: caps.map((c) => ({ name: c.code, max: 100 })),
        radius: '65%',
      },
      series: [
        {
          type: 'radar',
          data: complete.map((r) => ({
            name: `${r.year}`,
            value: caps.map((c) => r.capacities.find((x) => x.code === c.code)?.score ?? 0),
          })),
        },
      ],
    };
  }, [framework.data, complete]);
  return (
    <div>
      <AssessmentTabs active="spar" />
      <Space wrap style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('assessment.spar.title')}
        </Typography.Title>
        {hasRight(me.data, RIGHTS.assessmentManage) && (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="spar-new">
            {t('assessment.spar.newRound')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('assessment.spar.intro')}</Typography.Paragraph>
      {/* drawn once the framework is here too: a radar with series but no indicators crashes ECharts (seen when the
          rounds arrived before the framework) */}
      {complete.length > 0 && (framework.data?.capacities.length ?? 0) > 0 && (
        <div data-testid="spar-radar">
          <Typography.Title level={5}>{t('assessment.spar.radar')}</Typography.Title>
          <EChart option={option} height={320} label={t('assessment.spar.radar')} />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {(framework.data?.capacities ?? []).map((c) => `${c.code} ${en ? c.nameEn : c.name}`).join(en ? '; ' : '；')}
          </Typography.Paragraph>
        </div>
      )}
      <Typography.Title level={5}>{t('assessment.spar.history')}</Typography.Title>
      <ResponsiveTable<Item>
        rowKey="id"
        size="small"
        loading={rounds.isPending}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('assessment.spar.none') }}
        data-testid="spar-rounds"
        columns={[
          {
            title: t('assessment.spar.year'),
            dataIndex: 'year',
            render: (year: number, r) => <Link to={`/assessment/spar/${r.id}`}>{year}</Link>,
          },
          { title: t('assessment.spar.place'), key: 'place', render: (_, r) => (en ? r.jurisdiction.nameEn : r.jurisdiction.name) },
          {
            title: t('assessment.spar.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={sparStatusColour(s)}>{t(`assessment.spar.statuses.${s}`)}</Tag>,
          },
          {
            title: t('assessment.spar.overall'),
            dataIndex: 'overall',
            render: (o: number | null) => (o === null ? t('assessment.spar.incomplete') : `${o}%`),
          },
          {
            title: t('assessment.spar.scored'),
            key: 'scored',
            render: (_, r) =>
              t('assessment.spar.scoredOf', {
                scored: r.scored,
                total: framework.data?.capacities.flatMap((c) => c.indicators).length ?? 0,
              }),
          },
          { title: t('assessment.spar.gaps'), dataIndex: 'gaps' },
        ]}
      />
      <NewRoundDialog open={adding} onClose={() => setAdding(false)} />
    </div>
  );
}

function NewRoundDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [year, setYear] = useState<number | null>(Number(districtToday().slice(0, 4)));
  const [saving, setSaving] = useState(false);
  async function create() {
    if (!year) return;
    setSaving(true);
    try {
      const round = await typedApi.post('/api/assessment/spar', { body: { year, jurisdictionId: null } });
      await queryClient.invalidateQueries({ queryKey: ['assessment', 'spar'] });
      onClose();
      navigate(`/assessment/spar/${round.id}`);
    } catch (error) {
      void message.error(translateError(t, error));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open={open} title={t('assessment.spar.newRound')} onCancel={onClose} onOk={create} confirmLoading={saving} destroyOnHidden>
      <Space>
        <span>{t('assessment.spar.year')}</span>
        <InputNumber min={2000} max={2199} value={year} onChange={setYear} data-testid="spar-year" />
      </Space>
    </Modal>
  );
}
