import { useQuery } from '@tanstack/react-query';
import type { DashboardSummary } from '../../api/types.ts';
import { api } from '../../app/api.ts';

export function useDashboardSummary() {
  return useQuery({ queryKey: ['dashboard', 'summary'], queryFn: () => api.get<DashboardSummary>('/api/dashboard/summary') });
}
