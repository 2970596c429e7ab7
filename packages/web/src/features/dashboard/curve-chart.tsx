/**
 * The epidemic curve: cases per day or week (bars; red where a detection signal fired), the historical
 * baseline (dashed median) with its band up to the percentile, signal thresholds (diamonds) and alarm pins.
 */
import { LineChart, ScatterChart } from 'echarts/charts';
import { MarkPointComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../charts/echart.tsx';
import type { Curve } from './surveillance-api.ts';

// The shared EChart registers bars and pies; the curve also needs lines (the band) and scatter (markers).
echarts.use([LineChart, ScatterChart, MarkPointComponent]);

const BAR = '#1d4ed8';
const ALARM = '#b42318';
const BAND = '#f59e0b';

export function CurveChart({ curve }: { curve: Curve }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const labels = curve.points.map((p) => (curve.interval === 'week' ? `${p.start}` : p.start));
    const percent = Math.round(curve.baseline.percentile * 100);
    return {
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1, name: t('surveillance.curve.cases') },
      series: [
        {
          type: 'bar',
          name: t('surveillance.curve.cases'),
          data: curve.points.map((p) => ({ value: p.count, itemStyle: { color: p.alarm ? ALARM : BAR } })),
          itemStyle: { color: BAR },
          barMaxWidth: 18,
        },
        // the band: an invisible base at the median, then (percentile − median) stacked on it and filled
        {
          type: 'line',
          name: 'band-base',
          stack: 'band',
          data: curve.points.map((p) => p.expected),
          lineStyle: { opacity: 0 },
          symbol: 'none',
          tooltip: { show: false },
          legendHoverLink: false,
          silent: true,
        },
        {
          type: 'line',
          name: t('surveillance.curve.band', { percent }),
          stack: 'band',
          data: curve.points.map((p) => (p.upper === null || p.expected === null ? null : Math.round((p.upper - p.expected) * 100) / 100)),
          lineStyle: { opacity: 0 },
          areaStyle: { color: BAND, opacity: 0.25 },
          itemStyle: { color: BAND },
          symbol: 'none',
          silent: true,
        },
        {
          type: 'line',
          name: t('surveillance.curve.expected'),
          data: curve.points.map((p) => p.expected),
          lineStyle: { type: 'dashed', color: '#92400e', width: 1.5 },
          itemStyle: { color: '#92400e' },
          symbol: 'none',
        },
        {
          type: 'scatter',
          name: t('surveillance.curve.threshold'),
          data: curve.points.map((p) => p.threshold),
          symbol: 'diamond',
          symbolSize: 10,
          itemStyle: { color: '#7c3aed' },
        },
        {
          type: 'scatter',
          name: t('surveillance.curve.alarm'),
          data: curve.points.map((p) => (p.alarm ? p.count : null)),
          symbol: 'pin',
          symbolSize: 26,
          symbolOffset: [0, -14],
          itemStyle: { color: ALARM },
        },
      ],
    };
  }, [curve, t]);
  // the band's invisible base is not a legend entry
  const withLegend = useMemo(
    () => ({ ...option, legend: { ...option.legend, data: option.series.filter((s) => s.name !== 'band-base').map((s) => s.name) } }),
    [option],
  );
  return <EChart option={withLegend} height={320} label={t('surveillance.curve.title')} />;
}
