import { Skeleton } from 'antd';
import { Suspense, lazy } from 'react';
import type { AdjacentDistrict, DashboardSummary } from '../../api/types.ts';

// ECharts is fetched only with the first figure.
const Charts = {
  FacilitiesByType: lazy(async () => ({ default: (await import('./dashboard-charts.tsx')).FacilitiesByTypeChart })),
  Flows: lazy(async () => ({ default: (await import('./dashboard-charts.tsx')).FlowsChart })),
};

const fallback = <Skeleton active paragraph={{ rows: 6 }} />;

export function LazyFacilitiesByTypeChart(props: { summary: DashboardSummary }) {
  return (
    <Suspense fallback={fallback}>
      <Charts.FacilitiesByType {...props} />
    </Suspense>
  );
}

export function LazyFlowsChart(props: { adjacent: AdjacentDistrict[] }) {
  return (
    <Suspense fallback={fallback}>
      <Charts.Flows {...props} />
    </Suspense>
  );
}
