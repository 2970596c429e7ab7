import { useTranslation } from 'react-i18next';
import { type AdjacentDistrict, FACILITY_TYPES, type DashboardSummary } from '../../api/types.ts';
import { EChart } from '../charts/echart.tsx';
import { localName } from '../jurisdictions/jurisdictions-api.ts';
import { FACILITY_COLOURS } from '../map/map-style.ts';

/** Facilities by type: one bar per type, coloured as on the map so the two read together. */
export function FacilitiesByTypeChart({ summary }: { summary: DashboardSummary }) {
  const { t } = useTranslation();
  const types = FACILITY_TYPES.filter((type) => (summary.facilitiesByType[type] ?? 0) > 0);
  return (
    <EChart
      label={t('dashboard.facilitiesByType')}
      option={{
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', inverse: true, data: types.map((type) => t(`facilityTypes.${type}`)) },
        series: [
          {
            type: 'bar',
            name: t('dashboard.facilities'),
            data: types.map((type) => ({ value: summary.facilitiesByType[type], itemStyle: { color: FACILITY_COLOURS[type] } })),
            label: { show: true, position: 'right' },
            barMaxWidth: 24,
          },
        ],
      }}
    />
  );
}

/** Daily travellers to and from each adjacent district, the numbers behind the map's flow lines. */
export function FlowsChart({ adjacent }: { adjacent: AdjacentDistrict[] }) {
  const { t, i18n } = useTranslation();
  const sorted = [...adjacent].sort((a, b) => b.dailyFlowIn + b.dailyFlowOut - (a.dailyFlowIn + a.dailyFlowOut));
  return (
    <EChart
      label={t('dashboard.flows')}
      option={{
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: {
          type: 'category',
          data: sorted.map((district) => localName(district, i18n.language)),
          axisLabel: { interval: 0, rotate: sorted.length > 5 ? 20 : 0 },
        },
        yAxis: { type: 'value', name: t('dashboard.personsPerDay') },
        series: [
          {
            type: 'bar',
            name: t('dashboard.flowIn'),
            data: sorted.map((district) => district.dailyFlowIn),
            itemStyle: { color: '#7e22ce' },
            barMaxWidth: 24,
          },
          {
            type: 'bar',
            name: t('dashboard.flowOut'),
            data: sorted.map((district) => district.dailyFlowOut),
            itemStyle: { color: '#c084fc' },
            barMaxWidth: 24,
          },
        ],
      }}
    />
  );
}
