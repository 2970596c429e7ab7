/**
 * The figures of detection: why a signal fired (baseline values against the observed value and the threshold),
 * the days before it, and a back-test (counts, threshold line, alarm markers, alarms per year).
 */
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import { EChart } from '../charts/echart.tsx';
import type { BacktestResult, Signal } from './detection-api.ts';

// Registered here (the shared EChart registers bars and pies only): lines, alarm markers, threshold lines, zoom.
echarts.use([BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, DataZoomComponent, CanvasRenderer]);

const OBSERVED = '#dc2626';
const BASELINE = '#94a3b8';
const THRESHOLD = '#f59e0b';
const EXPECTED = '#2563eb';

const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v.toFixed(2)));

/** Baseline values (grey bars, by period) and the observed value (red), with the threshold and expected lines. */
export function ExplanationChart({ signal }: { signal: Signal }) {
  const { t } = useTranslation();
  const why = signal.explanation;
  const periods = why.baseline?.kind === 'periods' || why.baseline?.kind === 'window';
  const values = periods
    ? why.baseline!.values.map((v) => ({ label: v.start === v.end ? v.end : `${v.start.slice(5)}–${v.end.slice(5)} ${v.end.slice(0, 4)}`, value: v.value }))
    : (why.recent?.dates ?? []).slice(0, -1).map((date, i) => ({ label: date, value: why.recent!.counts[i]! }));
  const categories = [...values.map((v) => v.label), t('detection.explain.thisPeriod')];
  const lines: Array<Record<string, unknown>> = [];
  if (why.threshold !== null && why.threshold !== undefined) lines.push({ yAxis: round(why.threshold), name: t('detection.threshold'), lineStyle: { color: THRESHOLD, type: 'dashed', width: 2 }, label: { formatter: `${t('detection.threshold')} {c}` } });
  if (why.expected !== null && why.expected !== undefined) lines.push({ yAxis: round(why.expected), name: t('detection.expected'), lineStyle: { color: EXPECTED, type: 'dotted', width: 2 }, label: { position: 'insideStartTop', formatter: `${t('detection.expected')} {c}` } });
  return (
    <EChart
      height={300}
      label={t('detection.explain.chartLabel')}
      option={{
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: categories, axisLabel: { rotate: values.length > 8 ? 45 : 0, fontSize: 10 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'bar',
            name: periods ? t('detection.explain.baseline') : t('detection.explain.previousDays'),
            data: [...values.map((v) => ({ value: v.value, itemStyle: { color: BASELINE } })), { value: why.observed, itemStyle: { color: OBSERVED } }],
            barMaxWidth: 28,
            markLine: lines.length > 0 ? { symbol: 'none', data: lines } : undefined,
          },
        ],
      }}
    />
  );
}

/** The daily counts of the weeks before the signal (the period evaluated in red). */
export function RecentChart({ signal }: { signal: Signal }) {
  const { t } = useTranslation();
  const recent = signal.explanation.recent;
  if (!recent || recent.dates.length === 0) return null;
  return (
    <EChart
      height={220}
      label={t('detection.explain.recentLabel')}
      option={{
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: recent.dates, axisLabel: { fontSize: 10 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'bar',
            name: t('detection.explain.dailyCounts'),
            data: recent.dates.map((date, i) => ({ value: recent.counts[i], itemStyle: { color: date >= signal.periodStart && date <= signal.periodEnd ? OBSERVED : BASELINE } })),
            barMaxWidth: 14,
          },
        ],
      }}
    />
  );
}

/** A back-test: observed counts per period, the threshold, alarms marked. */
export function BacktestChart({ result, title }: { result: BacktestResult; title: string }) {
  const { t } = useTranslation();
  const labels = result.periods.map((p) => p.end);
  return (
    <EChart
      height={320}
      label={title}
      option={{
        grid: { left: 8, right: 16, top: 36, bottom: 48, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis' },
        dataZoom: [{ type: 'slider', bottom: 8, height: 20 }],
        xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 10 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { type: 'bar', name: t('detection.observed'), data: result.periods.map((p) => p.observed), itemStyle: { color: BASELINE }, barMaxWidth: 10 },
          { type: 'line', name: t('detection.threshold'), data: result.periods.map((p) => round(p.threshold)), step: 'middle', showSymbol: false, lineStyle: { color: THRESHOLD, width: 2 }, itemStyle: { color: THRESHOLD } },
          {
            type: 'scatter',
            name: t('detection.backtest.alarm'),
            data: result.periods.map((p) => (p.alarm ? p.observed : null)),
            symbolSize: 9,
            itemStyle: { color: OBSERVED },
          },
        ],
      }}
    />
  );
}

/** Alarms per year, one or two parameter sets side by side. */
export function AlarmsByYearChart({ results }: { results: Array<{ name: string; result: BacktestResult }> }) {
  const { t } = useTranslation();
  const years = [...new Set(results.flatMap((r) => r.result.alarmsByYear.map((y) => y.year)))].sort();
  return (
    <EChart
      height={220}
      label={t('detection.backtest.alarmsByYear')}
      option={{
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'category', data: years.map(String) },
        yAxis: { type: 'value', minInterval: 1 },
        series: results.map(({ name, result }, i) => ({
          type: 'bar',
          name,
          data: years.map((year) => result.alarmsByYear.find((y) => y.year === year)?.alarms ?? 0),
          itemStyle: { color: i === 0 ? OBSERVED : EXPECTED },
          label: { show: true, position: 'top' },
          barMaxWidth: 32,
        })),
      }}
    />
  );
}
