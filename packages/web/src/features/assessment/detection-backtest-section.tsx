/**
 * The back-test of the detection settings in use on the district's own history (docs/assessment.md, "Back-test of
 * the methods in use"): one row per disease with the setting in use — POD, first-week POD, FPR, alarms per year,
 * median delay — opening the comparison with a stricter and a looser threshold and the other methods, the
 * outbreak records behind POD and the false-alarm weeks behind FPR. Each disease is asked for separately (a
 * replay takes a few seconds the first time; the server caches it), so rows fill in as they come, with progress.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Collapse, Progress, Segmented, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../api/contract.ts';
import { typedApi } from '../../app/api.ts';
import { percent } from './assessment-api.ts';

type Backtest = Schemas['DetectionBacktest'];
type DiseaseResult = Backtest['diseases'][number];
type Variant = DiseaseResult['variants'][number];
type Settings = Schemas['DetectionBacktestSettings'];

const YEARS = [1, 2, 3] as const;

export function DetectionBacktestSection() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const [years, setYears] = useState<number>(2);
  const settings = useQuery({
    queryKey: ['assessment', 'backtest', 'settings'],
    queryFn: () => typedApi.get('/api/assessment/detection-backtest/settings'),
  });
  const diseases: Settings['diseases'] = settings.data?.diseases ?? [];
  const results = useQueries({
    queries: diseases.map((d) => ({
      queryKey: ['assessment', 'backtest', years, d.diseaseId],
      queryFn: () => typedApi.get('/api/assessment/detection-backtest', { query: { years, diseaseId: d.diseaseId } }),
      staleTime: 5 * 60_000,
    })),
  });
  const done = results.filter((r) => r.data).length;
  const window = settings.data?.windows.find((w) => w.years === years);
  const rows = diseases.map((d, i) => ({ ...d, result: results[i]?.data?.diseases[0], failed: results[i]?.isError === true }));
  const incomplete = t('assessment.backtest.incomplete');
  const share = (value: number | null, n: number, d: number, testId: string) => (
    <span data-testid={testId}>
      {percent(value) ?? incomplete} <Typography.Text type="secondary">({t('assessment.backtest.counts', { n, d })})</Typography.Text>
    </span>
  );
  const figureColumns = [
    {
      title: t('assessment.backtest.pod'),
      key: 'pod',
      render: (_: unknown, v: Variant) => share(v.pod, v.detected, v.events, 'backtest-pod'),
    },
    {
      title: t('assessment.backtest.firstWeekPod'),
      key: 'firstWeekPod',
      render: (_: unknown, v: Variant) => share(v.firstWeekPod, v.detectedFirstWeek, v.events, 'backtest-first-week-pod'),
    },
    {
      title: t('assessment.backtest.fpr'),
      key: 'fpr',
      render: (_: unknown, v: Variant) => share(v.fpr, v.falseAlarmWeeks, v.quietWeeks, 'backtest-fpr'),
    },
    {
      title: t('assessment.backtest.alarmsPerYear'),
      key: 'alarmsPerYear',
      render: (_: unknown, v: Variant) => <span data-testid="backtest-alarms">{v.alarmsPerYear ?? incomplete}</span>,
    },
    {
      title: t('assessment.backtest.delay'),
      key: 'delay',
      render: (_: unknown, v: Variant) => <span data-testid="backtest-delay">{v.medianDelayDays ?? incomplete}</span>,
    },
  ];
  const settingLabel = (v: Pick<Variant, 'method' | 'level'>) => `${v.method} · ${t(`assessment.backtest.level.${v.level}`)}`;

  return (
    <section data-testid="backtest-section" style={{ marginTop: 32 }}>
      <Typography.Title level={4}>{t('assessment.backtest.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('assessment.backtest.intro', { years, from: window?.from ?? '…', to: window?.to ?? '…', lead: 7 })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('assessment.backtest.how')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          data-testid="backtest-years"
          value={years}
          onChange={(v) => setYears(Number(v))}
          options={YEARS.map((n) => ({ value: n, label: t('assessment.backtest.years', { n }) }))}
        />
        {diseases.length > 0 && (
          <Space>
            <Progress
              type="circle"
              size={28}
              percent={Math.round((done / diseases.length) * 100)}
              status={done === diseases.length ? 'success' : 'active'}
            />
            <Typography.Text data-testid="backtest-progress">
              {t('assessment.backtest.progress', { n: done, d: diseases.length })}
            </Typography.Text>
          </Space>
        )}
        <Link to="/detection/backtest">{t('assessment.backtest.backtestPage')}</Link>
      </Space>
      <Table
        rowKey="diseaseId"
        size="small"
        loading={settings.isPending}
        scroll={{ x: true }}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('assessment.backtest.none') }}
        data-testid="backtest-table"
        columns={[
          { title: t('assessment.backtest.disease'), key: 'disease', render: (_, r) => (en ? r.nameEn : r.name) },
          {
            title: t('assessment.backtest.inUse'),
            key: 'inUse',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                {r.settings.map((s) => (
                  <Typography.Text key={s.configId}>{settingLabel(s)}</Typography.Text>
                ))}
              </Space>
            ),
          },
          ...figureColumns.map((c) => ({
            ...c,
            render: (_: unknown, r: (typeof rows)[number]) => {
              const inUse = r.result?.variants.find((v) => v.kind === 'in_use');
              if (r.failed) return '—';
              return inUse ? c.render(undefined, inUse) : <Spin size="small" />;
            },
          })),
        ]}
        expandable={{
          rowExpandable: (r) => r.result !== undefined,
          expandedRowRender: (r) => (r.result ? <DiseaseBacktest result={r.result} figureColumns={figureColumns} /> : null),
        }}
      />
    </section>
  );
}

function DiseaseBacktest({ result, figureColumns }: { result: DiseaseResult; figureColumns: object[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const inUse = result.variants.find((v) => v.kind === 'in_use');
  const detectionOf = (key: string) => inUse?.detections.find((d) => d.eventKey === key);
  const kindColour = { in_use: 'blue', stricter: 'purple', looser: 'orange', alternative: 'default' } as const;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="backtest-detail">
      <Typography.Text strong>{t('assessment.backtest.variants')}</Typography.Text>
      <Table<Variant>
        rowKey="key"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={result.variants}
        data-testid="backtest-variants"
        columns={[
          {
            title: t('assessment.backtest.variant'),
            key: 'variant',
            render: (_, v) => (
              <Space direction="vertical" size={0}>
                <span>
                  <Tag color={kindColour[v.kind]}>{t(`assessment.backtest.kind.${v.kind}`)}</Tag>
                  {v.method}
                </span>
                <Typography.Text type="secondary">
                  {v.knob ? t('assessment.backtest.knob', v.knob) : t(`assessment.backtest.level.${v.level}`)}
                  {' · '}
                  {t('assessment.backtest.places')} {v.places}
                </Typography.Text>
                {v.error && <Typography.Text type="warning">{t('assessment.backtest.error', { message: v.error })}</Typography.Text>}
              </Space>
            ),
          },
          ...(figureColumns as never[]),
        ]}
      />
      <Collapse
        ghost
        items={[
          {
            key: 'events',
            label: t('assessment.backtest.events', { n: result.events.length }),
            children: (
              <Table
                rowKey="key"
                size="small"
                pagination={false}
                scroll={{ x: true }}
                dataSource={result.events}
                data-testid="backtest-events"
                columns={[
                  {
                    title: t('assessment.backtest.event'),
                    key: 'event',
                    render: (_, e) =>
                      e.id ? (
                        <Link to={e.kind === 'incident' ? `/incidents/${e.id}` : `/alerts/${e.id}`}>
                          {e.code} {e.title}
                        </Link>
                      ) : (
                        <Typography.Text type="secondary">{t('assessment.backtest.hidden')}</Typography.Text>
                      ),
                  },
                  {
                    title: t('assessment.backtest.period'),
                    key: 'period',
                    render: (_, e) => `${e.start} – ${e.ongoing ? t('assessment.backtest.ongoing') : e.end}`,
                  },
                  { title: t('assessment.backtest.place'), key: 'place', render: (_, e) => (en ? e.placeNameEn : e.placeName) },
                  {
                    title: t('assessment.backtest.detectedBy'),
                    key: 'detected',
                    render: (_, e) => {
                      const d = detectionOf(e.key);
                      return d ? (
                        <Space size={4} wrap>
                          <Tag color="success">{t('assessment.backtest.detected', { day: d.firstAlarmDay, delay: d.delayDays })}</Tag>
                          {d.firstWeek && <Tag>{t('assessment.backtest.firstWeek')}</Tag>}
                        </Space>
                      ) : (
                        <Tag color="error">{t('assessment.backtest.missed')}</Tag>
                      );
                    },
                  },
                ]}
              />
            ),
          },
          {
            key: 'false',
            label: t('assessment.backtest.falseAlarms', { n: inUse?.falseAlarms.length ?? 0 }),
            children: inUse?.falseAlarms.length ? (
              <Table
                rowKey={(f) => `${f.week}-${f.placeId}`}
                size="small"
                pagination={{ pageSize: 20 }}
                scroll={{ x: true }}
                dataSource={inUse.falseAlarms}
                data-testid="backtest-false-alarms"
                columns={[
                  { title: t('assessment.backtest.week'), dataIndex: 'week', key: 'week' },
                  { title: t('assessment.backtest.place'), key: 'place', render: (_, f) => (en ? f.placeNameEn : f.placeName) },
                  { title: t('assessment.backtest.alarmDays'), dataIndex: 'alarmDays', key: 'alarmDays' },
                  { title: t('assessment.backtest.cases'), dataIndex: 'cases', key: 'cases' },
                ]}
              />
            ) : (
              <Alert type="info" showIcon message={t('assessment.backtest.noFalseAlarms')} />
            ),
          },
        ]}
      />
    </Space>
  );
}
