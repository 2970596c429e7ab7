/**
 * Server state of quarantine (docs/quarantine.md): types from the OpenAPI contract and TanStack Query hooks.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { typedApi } from '../../app/api.ts';
import { type Schemas, everyValueOf } from '../../api/contract.ts';

export type Assignment = Schemas['QuarantineAssignment'];
export type Site = Schemas['QuarantineSite'];
export type Room = Schemas['QuarantineRoom'];
export type Occupancy = Schemas['QuarantineOccupancy'];

export const QUARANTINE_STATUSES = everyValueOf<Assignment['status']>()(['active', 'transferred', 'released']);
export const QUARANTINE_KINDS = everyValueOf<Assignment['kind']>()(['site', 'home']);
export const RELEASE_REASONS = everyValueOf<NonNullable<Assignment['releaseReason']>>()([
  'period_completed',
  'converted_to_case',
  'not_a_contact',
  'moved_away',
  'admitted_to_hospital',
  'recovered',
  'other',
]);
/** The reasons that end a contact's stay, and those that end a case person's (the server checks the same). */
export const CONTACT_RELEASE_REASONS = ['period_completed', 'converted_to_case', 'not_a_contact', 'moved_away', 'other'] as const;
export const CASE_RELEASE_REASONS = ['period_completed', 'admitted_to_hospital', 'recovered', 'moved_away', 'other'] as const;

export interface AssignmentFilters {
  status?: Assignment['status'];
  kind?: Assignment['kind'];
  siteId?: string;
  contactId?: string;
  caseReportId?: string;
  person?: 'contact' | 'case';
  q?: string;
  page: number;
  pageSize: number;
}

export function useOccupancy() {
  return useQuery({ queryKey: ['quarantine', 'occupancy'], queryFn: () => typedApi.get('/api/quarantine/occupancy') });
}

export function useSite(id: string | undefined) {
  return useQuery({
    queryKey: ['quarantine', 'site', id],
    queryFn: () => typedApi.get('/api/quarantine/sites/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

export function useAssignments(filters: AssignmentFilters, enabled = true) {
  return useQuery({
    queryKey: ['quarantine', 'list', filters],
    queryFn: () => typedApi.get('/api/quarantine/assignments', { query: filters }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The notice's address (a plain link: the browser downloads it with the session cookie). */
export function noticeUrl(id: string, kind: 'quarantine' | 'release'): string {
  return `/api/quarantine/assignments/${encodeURIComponent(id)}/notice?kind=${kind}`;
}

export function statusColour(status: Assignment['status']): string {
  return { active: 'processing', transferred: 'default', released: 'success' }[status];
}

/** Room numbers from the text: one a line (or comma-separated), ranges 'a-b' of numbers expanded (keeping zero padding). */
export function roomNumbers(text: string): string[] {
  const out: string[] = [];
  for (const part of text
    .split(/[\n,，、]+/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const range = /^(\d+)\s*[-–~]\s*(\d+)$/.exec(part);
    if (range && Number(range[2]) >= Number(range[1]) && Number(range[2]) - Number(range[1]) < 500) {
      for (let n = Number(range[1]); n <= Number(range[2]); n++) out.push(String(n).padStart(range[1]!.length, '0'));
    } else out.push(part);
  }
  return out;
}
