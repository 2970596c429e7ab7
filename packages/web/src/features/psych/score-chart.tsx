/**
 * A client's scores over time, one line per instrument (the closed loop: screening → plan → re-screen).
 */
import { LineChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../app/dates.ts';
import { EChart } from '../charts/echart.tsx';
import { INSTRUMENT_LABELS, INSTRUMENTS, type PsychScreening } from './psych-api.ts';

echarts.use([LineChart]);

export function ScoreChart({ screenings }: { screenings: PsychScreening[] }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', min: 0 },
      series: INSTRUMENTS.filter((i) => screenings.some((s) => s.instrument === i)).map((i) => ({
        name: INSTRUMENT_LABELS[i],
        type: 'line',
        symbolSize: 8,
        data: screenings
          .filter((s) => s.instrument === i)
          .map((s) => ({ value: [s.screenedAt, s.score], name: `${formatDate(s.screenedAt)} ${t(`psych.bands.${s.band}`)}` })),
      })),
    }),
    [screenings, t],
  );
  return <EChart option={option} height={240} label={t('psych.client.chart')} />;
}
