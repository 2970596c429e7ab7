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
import { type BacktestResult, type Signal, isShare } from './detection-api.ts';

// Registered here (the shared EChart registers bars and pies only): lines, alarm markers, threshold lines, zoom.
echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkLineComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

const OBSERVED = '#dc2626';
const BASELINE = '#94a3b8';
const THRESHOLD = '#f59e0b';
const EXPECTED = '#2563eb';

const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v.toFixed(2)));

/** Baseline values (grey bars, by period) and the observed value (red), with the threshold and expected lines. */
export function ExplanationChart({ signal }: { signal: Signal }) {
  const { t } = useTranslation();
  const why = signal.explanation;
  const share = isShare(signal);
  const periods = why.baseline?.kind === 'periods' || why.baseline?.kind === 'window';
  // For a share each bar also carries the numerator / denominator behind it (shown on hover).
  const values: Array<{ label: string; value: number | null; numerator?: number; denominator?: number }> = periods
    ? why.baseline!.values.map((v) => ({
        label: v.start === v.end ? v.end : `${v.start.slice(5)}–${v.end.slice(5)} ${v.end.slice(0, 4)}`,
        value: v.value,
        numerator: v.numerator,
        denominator: v.denominator,
      }))
    : (why.recent?.dates ?? []).slice(0, -1).map((date, i) => ({
        label: date,
        value: why.recent!.counts[i] ?? null,
        numerator: why.recent!.numerators?.[i],
        denominator: why.recent!.denominators?.[i],
      }));
  const observedParts = { numerator: why.share?.numerator ?? undefined, denominator: why.share?.denominator ?? undefined };
  const categories = [...values.map((v) => v.label), t('detection.explain.thisPeriod')];
  const lines: Array<Record<string, unknown>> = [];
  if (why.threshold !== null && why.threshold !== undefined)
    lines.push({
      yAxis: round(why.threshold),
      name: t('detection.threshold'),
      lineStyle: { color: THRESHOLD, type: 'dashed', width: 2 },
      label: { formatter: `${t('detection.threshold')} {c}` },
    });
  if (why.expected !== null && why.expected !== undefined)
    lines.push({
      yAxis: round(why.expected),
      name: t('detection.expected'),
      lineStyle: { color: EXPECTED, type: 'dotted', width: 2 },
      label: { position: 'insideStartTop', formatter: `${t('detection.expected')} {c}` },
    });
  return (
    <EChart
      height={300}
      label={t('detection.explain.chartLabel')}
      option={{
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        tooltip: share ? { trigger: 'item', formatter: shareTooltip } : { trigger: 'axis' },
        xAxis: { type: 'category', data: categories, axisLabel: { rotate: values.length > 8 ? 45 : 0, fontSize: 10 } },
        yAxis: share ? { type: 'value', axisLabel: { formatter: '{value} %' } } : { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'bar',
            name: periods ? t('detection.explain.baseline') : t('detection.explain.previousDays'),
            data: [
              ...values.map((v) => ({
                value: share ? round(v.value) : v.value,
                numerator: v.numerator,
                denominator: v.denominator,
                itemStyle: { color: BASELINE },
              })),
              { value: share ? round(why.observed) : why.observed, ...observedParts, itemStyle: { color: OBSERVED } },
            ],
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
  const share = isShare(signal);
  return (
    <EChart
      height={220}
      label={t('detection.explain.recentLabel')}
      option={{
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        tooltip: share ? { trigger: 'item', formatter: shareTooltip } : { trigger: 'axis' },
        xAxis: { type: 'category', data: recent.dates, axisLabel: { fontSize: 10 } },
        yAxis: share ? { type: 'value', axisLabel: { formatter: '{value} %' } } : { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'bar',
            name: share ? t('detection.explain.dailyShare') : t('detection.explain.dailyCounts'),
            data: recent.dates.map((date, i) => ({
              value: share ? round(recent.counts[i]) : recent.counts[i],
              numerator: recent.numerators?.[i],
              denominator: recent.denominators?.[i],
              itemStyle: { color: date >= signal.periodStart && date <= signal.periodEnd ? OBSERVED : BASELINE },
            })),
            barMaxWidth: 14,
          },
        ],
      }}
    />
  );
}

/** Tooltip of a share bar: "2026-11-28: 3.05 % (41 / 1,345)". */
function shareTooltip(params: unknown): string {
  const p = params as { name: string; value: number | null; data?: { numerator?: number; denominator?: number } };
  if (p.value === null || p.value === undefined) return `${p.name}: —`;
  const parts =
    p.data?.numerator !== undefined && p.data?.denominator !== undefined
      ? ` (${p.data.numerator.toLocaleString()} / ${p.data.denominator.toLocaleString()})`
      : '';
  return `${p.name}: ${p.value} %${parts}`;
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
        yAxis: result.monitored === 'share' ? { type: 'value', axisLabel: { formatter: '{value} %' } } : { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'bar',
            name: result.monitored === 'share' ? `${t('detection.observed')} (%)` : t('detection.observed'),
            data: result.periods.map((p) => (result.monitored === 'share' ? round(p.observed) : p.observed)),
            itemStyle: { color: BASELINE },
            barMaxWidth: 10,
          },
          {
            type: 'line',
            name: t('detection.threshold'),
            data: result.periods.map((p) => round(p.threshold)),
            step: 'middle',
            showSymbol: false,
            lineStyle: { color: THRESHOLD, width: 2 },
            itemStyle: { color: THRESHOLD },
          },
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
