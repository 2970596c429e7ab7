/**
 * "What if" scenarios of the commander: choose the disease, the start (recent cases, R_t, calibrated), the model
 * (SEIR or the township metapopulation) and interventions over time; edit each item's consumption; run (in a web
 * worker: a stochastic ensemble shows progress and can be cancelled); see cases, hospital and ICU beds against
 * the registry's capacity and each item's days of cover and stock-out date, district-wide and per site; save;
 * compare two to four saved scenarios side by side.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { LineChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/contract.ts';
import { api, queryClient } from '../../app/api.ts';
import { translateError } from '../../app/errors.ts';
import { ResponsiveTable } from '../../app/responsive-list.tsx';
import { EChart } from '../charts/echart.tsx';
import {
  DISTRICT_SCENARIO_DEFAULTS,
  DISEASE_PRESETS,
  type ItemCover,
  type DistrictScenarioInputs,
  type DistrictIntervention,
  type DistrictScenarioResult,
  type DistrictScenarioSettings,
} from '@outbreak/epimodels';
import { nameIn } from './stock-api.ts';

echarts.use([LineChart, MarkLineComponent]);

type Saved = Schemas['Scenario'];
const KINDS: DistrictIntervention['kind'][] = ['school_closure', 'contact_reduction', 'port_screening', 'isolation'];

function useInputs() {
  return useQuery({
    queryKey: ['stock', 'scenario-inputs'],
    queryFn: () => api.get<DistrictScenarioInputs>('/api/stock/scenario-inputs'),
    staleTime: 60_000,
  });
}
function useSaved() {
  return useQuery({ queryKey: ['stock', 'scenarios'], queryFn: () => api.get<Schemas['ScenarioList']>('/api/stock/scenarios') });
}

/** Runs scenarios in a web worker; `cancel` terminates it. */
function useScenarioRunner() {
  const worker = useRef<Worker | null>(null);
  const [progress, setProgress] = useState<{ phase: string; done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => worker.current?.terminate(), []);
  const cancel = () => {
    worker.current?.terminate();
    worker.current = null;
    setProgress(null);
  };
  const run = (inputs: DistrictScenarioInputs, settings: DistrictScenarioSettings) =>
    new Promise<DistrictScenarioResult | null>((resolve) => {
      cancel();
      setError(null);
      const w = new Worker(new URL('./scenario.worker.ts', import.meta.url), { type: 'module' });
      worker.current = w;
      setProgress({ phase: 'running', done: 0, total: 1 });
      w.onmessage = (
        e: MessageEvent<{ type: string; result?: DistrictScenarioResult; message?: string; phase?: string; done?: number; total?: number }>,
      ) => {
        if (e.data.type === 'progress') setProgress({ phase: e.data.phase ?? 'running', done: e.data.done ?? 0, total: e.data.total ?? 1 });
        else {
          w.terminate();
          worker.current = null;
          setProgress(null);
          if (e.data.type === 'done') resolve(e.data.result ?? null);
          else {
            setError(e.data.message ?? 'error');
            resolve(null);
          }
        }
      };
      w.onerror = (e) => {
        setError(e.message);
        setProgress(null);
        resolve(null);
      };
      w.postMessage({ inputs, settings });
    });
  return { run, cancel, progress, error };
}

interface FormValues extends Omit<DistrictScenarioSettings, 'consumption'> {
  name: string;
  consumption: { itemId: string; perCase: number; perBedDay: number; perStaffDay: number }[];
}

export function ScenariosPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const inputs = useInputs();
  const saved = useSaved();
  const runner = useScenarioRunner();
  const [form] = Form.useForm<FormValues>();
  const [result, setResult] = useState<{ settings: DistrictScenarioSettings; name: string; result: DistrictScenarioResult } | null>(null);
  const [compare, setCompare] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);

  const initial = useMemo(
    () =>
      inputs.data && {
        ...DISTRICT_SCENARIO_DEFAULTS,
        name: '',
        consumption: inputs.data.items
          .filter((i) => i.consumption.perCase + i.consumption.perBedDay + i.consumption.perStaffDay > 0)
          .map((i) => ({ itemId: i.id, ...i.consumption })),
      },
    [inputs.data],
  );

  async function runScenario(v: FormValues) {
    if (!inputs.data) return;
    const settings: DistrictScenarioSettings = {
      diseasePreset: v.diseasePreset,
      start: v.start,
      model: v.model,
      days: v.days,
      detection: v.detection,
      interventions: (v.interventions ?? []).map((i) => ({ ...i, ...(i.end ? {} : { end: undefined }) })),
      consumption: Object.fromEntries(
        (v.consumption ?? []).map((c) => [
          c.itemId,
          { perCase: c.perCase ?? 0, perBedDay: c.perBedDay ?? 0, perStaffDay: c.perStaffDay ?? 0 },
        ]),
      ),
      runs: v.runs,
      seed: v.seed ?? 1,
    };
    const r = await runner.run(inputs.data, settings);
    if (r) setResult({ settings, name: v.name, result: r });
  }

  async function save() {
    if (!result) return;
    setSaving(true);
    setSaveError(null);
    try {
      const name = form.getFieldValue('name')?.trim() || result.name;
      await api.post('/api/stock/scenarios', { name, inputs: { ...result.settings }, result: { ...result.result } });
      message.success(t('stock.scenarios.saved'));
      await queryClient.invalidateQueries({ queryKey: ['stock', 'scenarios'] });
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  }

  const items = inputs.data?.items ?? [];
  const itemName = (id: string) => {
    const i = items.find((x) => x.id === id);
    return i ? nameIn(i18n.language, i) : id;
  };

  return (
    <div>
      <Typography.Title level={3}>{t('stock.scenarios.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('stock.scenarios.intro')}</Typography.Paragraph>
      {inputs.error && <Alert type="error" showIcon message={translateError(t, inputs.error)} />}
      {initial && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Form form={form} layout="vertical" initialValues={initial} onFinish={runScenario} data-testid="scenario-form">
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item
                  name="name"
                  label={t('stock.scenarios.name')}
                  rules={[{ required: true, whitespace: true, message: t('stock.form.required') }, { max: 200 }]}
                >
                  <Input data-testid="scenario-name" />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="diseasePreset" label={t('stock.scenarios.disease')}>
                  <Select options={DISEASE_PRESETS.map((p) => ({ value: p.id, label: t(`stock.scenarios.diseases.${p.id}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="start" label={t('stock.scenarios.start')}>
                  <Select
                    options={(['recent', 'rt', 'calibrated'] as const).map((s) => ({ value: s, label: t(`stock.scenarios.starts.${s}`) }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="model" label={t('stock.scenarios.model')}>
                  <Select options={(['seir', 'metapop'] as const).map((s) => ({ value: s, label: t(`stock.scenarios.models.${s}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="days" label={t('stock.scenarios.days')} rules={[{ required: true }]}>
                  <InputNumber min={14} max={365} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="detection" label={t('stock.scenarios.detection')} rules={[{ required: true }]}>
                  <InputNumber min={0.01} max={1} step={0.05} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="runs" label={t('stock.scenarios.runs')} extra={t('stock.scenarios.runsHelp')}>
                  <Select
                    options={[0, 50, 200, 500].map((r) => ({ value: r, label: r === 0 ? t('stock.scenarios.deterministic') : String(r) }))}
                    data-testid="scenario-runs"
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="seed" label={t('stock.scenarios.seed')}>
                  <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Form.List name="interventions">
              {(fields, { add, remove }) => (
                <Card
                  size="small"
                  title={t('stock.scenarios.interventions')}
                  style={{ marginBottom: 12 }}
                  data-testid="scenario-interventions"
                >
                  {fields.map((f) => (
                    <Space key={f.key} wrap align="baseline">
                      <Form.Item name={[f.name, 'kind']} rules={[{ required: true }]}>
                        <Select
                          style={{ width: 170 }}
                          options={KINDS.map((k) => ({ value: k, label: t(`stock.scenarios.kinds.${k}`) }))}
                          data-testid="intervention-kind"
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'start']} label={t('stock.scenarios.from')} rules={[{ required: true }]}>
                        <InputNumber min={0} max={365} precision={0} data-testid="intervention-start" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'end']} label={t('stock.scenarios.to')}>
                        <InputNumber min={1} max={365} precision={0} data-testid="intervention-end" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'value']} label={t('stock.scenarios.strength')} rules={[{ required: true }]}>
                        <InputNumber min={0} max={1} step={0.1} data-testid="intervention-value" />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="remove" data-testid="intervention-remove" />
                    </Space>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ kind: 'school_closure', start: 0, value: 0.9 })}
                    data-testid="intervention-add"
                  >
                    {t('stock.scenarios.addIntervention')}
                  </Button>
                </Card>
              )}
            </Form.List>
            <Form.List name="consumption">
              {(fields) => (
                <Card size="small" title={t('stock.scenarios.consumption')} style={{ marginBottom: 12 }}>
                  {fields.map((f) => (
                    <Space key={f.key} wrap align="baseline">
                      <Typography.Text style={{ display: 'inline-block', width: 200 }}>
                        {itemName(form.getFieldValue(['consumption', f.name, 'itemId']))}
                      </Typography.Text>
                      <Form.Item name={[f.name, 'perCase']} label={t('stock.catalogue.perCase')}>
                        <InputNumber min={0} step={0.5} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'perBedDay']} label={t('stock.catalogue.perBedDay')}>
                        <InputNumber min={0} step={0.5} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'perStaffDay']} label={t('stock.catalogue.perStaffDay')}>
                        <InputNumber min={0} step={0.5} />
                      </Form.Item>
                    </Space>
                  ))}
                </Card>
              )}
            </Form.List>
            <Space wrap>
              <Button type="primary" htmlType="submit" disabled={Boolean(runner.progress)} data-testid="scenario-run">
                {t('stock.scenarios.run')}
              </Button>
              {runner.progress && (
                <>
                  <Progress
                    percent={Math.round((100 * runner.progress.done) / Math.max(1, runner.progress.total))}
                    status="active"
                    style={{ width: 200 }}
                    data-testid="scenario-progress"
                  />
                  <Typography.Text type="secondary">
                    {t(`stock.scenarios.phases.${runner.progress.phase}`, { defaultValue: '' })}
                  </Typography.Text>
                  <Button onClick={runner.cancel} data-testid="scenario-cancel">
                    {t('stock.scenarios.cancel')}
                  </Button>
                </>
              )}
            </Space>
          </Form>
          {runner.error && <Alert type="error" showIcon message={runner.error} style={{ marginTop: 8 }} />}
        </Card>
      )}
      {result && (
        <Card
          size="small"
          title={result.name || t('stock.scenarios.result')}
          style={{ marginBottom: 12 }}
          extra={
            <Button onClick={save} loading={saving} data-testid="scenario-save">
              {t('stock.scenarios.save')}
            </Button>
          }
          data-testid="scenario-result"
        >
          {saveError != null && <Alert type="error" showIcon message={translateError(t, saveError)} style={{ marginBottom: 8 }} />}
          <ResultView result={result.result} />
        </Card>
      )}
      <Card size="small" title={t('stock.scenarios.savedTitle')} data-testid="scenario-saved">
        <Checkbox.Group value={compare} onChange={(v) => setCompare((v as string[]).slice(0, 4))} style={{ width: '100%' }}>
          <Space direction="vertical">
            {(saved.data?.items ?? []).map((s) => (
              <Checkbox key={s.id} value={s.id} disabled={compare.length >= 4 && !compare.includes(s.id)}>
                {s.name} · {s.createdByName} · {s.createdAt.slice(0, 10)}
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
        {compare.length >= 2 ? (
          <Compare ids={compare} />
        ) : (
          <Typography.Paragraph type="secondary">{t('stock.scenarios.pick')}</Typography.Paragraph>
        )}
      </Card>
    </div>
  );
}

function dayLabel(start: string, day: number | null, never: string): string {
  if (day === null) return never;
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + day);
  return d.toISOString().slice(0, 10);
}

function ResultView({ result }: { result: DistrictScenarioResult }) {
  const { t, i18n } = useTranslation();
  const never = t('stock.scenarios.notWithin', { days: result.days });
  const option = useMemo(() => {
    const x = result.infections.map((_, i) => dayLabel(result.startDate, i, ''));
    const line = (name: string, data: number[], extra: Record<string, unknown> = {}) => ({
      name,
      type: 'line',
      showSymbol: false,
      data,
      ...extra,
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: x },
      yAxis: [
        { type: 'value', name: t('stock.scenarios.infections') },
        { type: 'value', name: t('stock.scenarios.beds') },
      ],
      series: [
        line(t('stock.scenarios.infections'), result.infections),
        ...(result.infectionsHigh ? [line(t('stock.scenarios.band95'), result.infectionsHigh, { lineStyle: { type: 'dashed' } })] : []),
        line(t('stock.scenarios.hospital'), result.hospital, {
          yAxisIndex: 1,
          markLine: { symbol: 'none', data: [{ yAxis: result.capacity.beds, name: t('stock.scenarios.bedCapacity') }] },
        }),
        line(t('stock.scenarios.icu'), result.icu, {
          yAxisIndex: 1,
          markLine: { symbol: 'none', data: [{ yAxis: result.capacity.icuBeds, name: t('stock.scenarios.icuCapacity') }] },
        }),
      ],
    };
  }, [result, t]);
  return (
    <>
      <Space wrap size="large" style={{ marginBottom: 8 }}>
        <Statistic
          title={t('stock.scenarios.r0')}
          value={result.r0.toFixed(2)}
          suffix={result.rt !== null ? `(Rt ${result.rt.toFixed(2)})` : undefined}
        />
        <Statistic title={t('stock.scenarios.totalInfections')} value={result.totalInfections} />
        <Statistic title={t('stock.scenarios.hospitalPeak')} value={`${result.hospitalPeak} / ${result.capacity.beds}`} />
        <Statistic title={t('stock.scenarios.icuPeak')} value={`${result.icuPeak} / ${result.capacity.icuBeds}`} />
        <Statistic title={t('stock.scenarios.overIcu')} value={dayLabel(result.startDate, result.firstDayOverIcu, never)} />
      </Space>
      {result.startNote !== 'preset' && (
        <Alert
          style={{ marginBottom: 8 }}
          type={result.startNote.endsWith('failed') || result.startNote.endsWith('unavailable') ? 'warning' : 'info'}
          showIcon
          message={t(`stock.scenarios.notes.${result.startNote}`)}
        />
      )}
      <EChart option={option} height={300} label={t('stock.scenarios.chart')} />
      <ResponsiveTable<ItemCover>
        size="small"
        rowKey="itemId"
        pagination={false}
        data-testid="scenario-items"
        cardTitle={['item']}
        dataSource={result.items}
        expandable={{
          expandedRowRender: (c) => (
            <Table
              size="small"
              rowKey="facilityId"
              pagination={false}
              dataSource={c.sites}
              columns={[
                { title: t('stock.site'), key: 's', render: (_, s) => nameIn(i18n.language, s) },
                { title: t('stock.usable'), dataIndex: 'stock', align: 'right' },
                { title: t('stock.daysOfCover'), key: 'd', align: 'right', render: (_, s) => s.runOutDay ?? `>${result.days}` },
                { title: t('stock.stockOutOn'), key: 'o', render: (_, s) => s.stockOutOn ?? never },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('stock.item'), key: 'item', render: (_, c) => nameIn(i18n.language, c) },
          { title: t('stock.usable'), key: 'stock', align: 'right', render: (_, c) => `${c.stock.toLocaleString()} (+${c.incoming})` },
          { title: t('stock.scenarios.need'), key: 'need', align: 'right', render: (_, c) => c.totalUse.toLocaleString() },
          { title: t('stock.daysOfCover'), key: 'days', align: 'right', render: (_, c) => c.runOutDay ?? `>${result.days}` },
          {
            title: t('stock.stockOutOn'),
            key: 'out',
            render: (_, c) => (
              <span data-testid="scenario-stock-out">
                {c.stockOutOn ? <Tag color={c.runOutDay !== null && c.runOutDay < 14 ? 'red' : 'orange'}>{c.stockOutOn}</Tag> : never}
              </span>
            ),
          },
        ]}
      />
    </>
  );
}

/** Two to four saved scenarios side by side: headline figures and each item's stock-out date. */
function Compare({ ids }: { ids: string[] }) {
  const { t, i18n } = useTranslation();
  const scenarios = useQuery({
    queryKey: ['stock', 'scenarios', 'compare', ids],
    queryFn: () => Promise.all(ids.map((id) => api.get<Saved>(`/api/stock/scenarios/${encodeURIComponent(id)}`))),
  });
  if (!scenarios.data) return null;
  const list = scenarios.data.map((s) => ({ ...s, r: s.result as unknown as DistrictScenarioResult }));
  const never = (r: DistrictScenarioResult) => t('stock.scenarios.notWithin', { days: r.days });
  const itemIds = [...new Set(list.flatMap((s) => s.r.items.map((i) => i.itemId)))];
  const rows: { key: string; label: string; values: string[] }[] = [
    { key: 'start', label: t('stock.scenarios.startDate'), values: list.map((s) => s.r.startDate) },
    { key: 'r0', label: t('stock.scenarios.r0'), values: list.map((s) => s.r.r0.toFixed(2)) },
    { key: 'total', label: t('stock.scenarios.totalInfections'), values: list.map((s) => s.r.totalInfections.toLocaleString()) },
    { key: 'hp', label: t('stock.scenarios.hospitalPeak'), values: list.map((s) => `${s.r.hospitalPeak} / ${s.r.capacity.beds}`) },
    { key: 'ip', label: t('stock.scenarios.icuPeak'), values: list.map((s) => `${s.r.icuPeak} / ${s.r.capacity.icuBeds}`) },
    { key: 'oi', label: t('stock.scenarios.overIcu'), values: list.map((s) => dayLabel(s.r.startDate, s.r.firstDayOverIcu, never(s.r))) },
    ...itemIds.map((id) => {
      const any = list.flatMap((s) => s.r.items).find((i) => i.itemId === id)!;
      return {
        key: id,
        label: `${t('stock.stockOutOn')} · ${nameIn(i18n.language, any)}`,
        values: list.map((s) => {
          const c = s.r.items.find((i) => i.itemId === id);
          return c ? (c.stockOutOn ?? never(s.r)) : '—';
        }),
      };
    }),
  ];
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: list[0]!.r.hospital.map((_, i) => i) },
    yAxis: { type: 'value', name: t('stock.scenarios.hospital') },
    series: list.map((s) => ({ name: s.name, type: 'line', showSymbol: false, data: s.r.hospital })),
  };
  return (
    <div style={{ marginTop: 12 }} data-testid="scenario-compare">
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 600 }}
        dataSource={rows}
        columns={[
          { title: '', dataIndex: 'label', fixed: 'left', width: 200 },
          ...list.map((s, i) => ({ title: s.name, key: s.id, render: (_: unknown, r: (typeof rows)[number]) => r.values[i] })),
        ]}
      />
      <EChart option={option} height={260} label={t('stock.scenarios.compareChart')} />
    </div>
  );
}
