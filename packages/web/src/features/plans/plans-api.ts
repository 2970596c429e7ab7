/**
 * Server state of emergency plans: types mirroring the server's schemas (plans.schema.ts, plans.content.ts)
 * and the query hooks. After a write, invalidate ['plans'].
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';

export const RESPONSE_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Level colours follow the warning colours, most to least severe: red, orange, yellow, blue. */
export const LEVEL_COLOURS: Record<ResponseLevel, { tag: string; background: string; border: string; text: string }> = {
  I: { tag: 'red', background: '#fff1f0', border: '#cf1322', text: '#a8071a' },
  II: { tag: 'orange', background: '#fff7e6', border: '#d46b08', text: '#ad4e00' },
  III: { tag: 'gold', background: '#fffbe6', border: '#d4b106', text: '#876800' },
  IV: { tag: 'blue', background: '#e6f4ff', border: '#0958d9', text: '#003eb3' },
};

export interface Bilingual {
  zh: string;
  en: string;
}

export interface WorkingGroup {
  id?: string;
  name: Bilingual;
  leadAgencyId: string | null;
  memberAgencyIds: string[];
  duties: Bilingual;
}

export interface Measure {
  id?: string;
  title: Bilingual;
  description: Bilingual;
  agencyId: string;
  deadlineHours: number;
  priority: Priority;
  checklist: Bilingual[];
}

export interface PlanLevel {
  criteria: Bilingual;
  measures: Measure[];
}

export interface PlanContent {
  title: Bilingual;
  general: Bilingual;
  headquarters: {
    commander: Bilingual;
    deputies: Bilingual[];
    composition: Bilingual;
    duties: Bilingual;
    office: Bilingual;
    workingGroups: WorkingGroup[];
  };
  monitoring: Bilingual;
  reporting: Bilingual;
  technicalInstitutions: { id?: string; agencyId: string | null; name: Bilingual; tasks: Bilingual }[];
  levels: Record<ResponseLevel, PlanLevel>;
  fieldControl: Bilingual;
  materials: { text: Bilingual; stockpiles: { id?: string; item: Bilingual; quantity: number; unit: Bilingual; holderAgencyId: string | null }[] };
  training: Bilingual;
}

export type PlanVersionStatus = 'draft' | 'in_review' | 'returned' | 'approved' | 'superseded';

export interface Person {
  id: string;
  displayName: string;
}

export interface PlanVersionSummary {
  id: string;
  version: number;
  status: PlanVersionStatus;
  changeNote: string;
  reviewComment: string;
  createdBy: Person | null;
  /** who last saved the content: may not approve this version (four-eyes rule) */
  lastEditedBy: Person | null;
  /** who submitted it for review: may not approve this version either */
  submittedBy: Person | null;
  submittedAt: string | null;
  reviewedBy: Person | null;
  reviewedAt: string | null;
  approvedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PlanVersion extends PlanVersionSummary {
  planId: string;
  content: PlanContent;
}

interface VersionRef {
  id: string;
  version: number;
  status: PlanVersionStatus;
  approvedAt: string | null;
}

export interface PlanSummary {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  inForce: VersionRef | null;
  openVersion: VersionRef | null;
  updatedAt: string;
}

export interface PlanDetail extends PlanSummary {
  versions: PlanVersionSummary[];
}

export function usePlans() {
  return useQuery({ queryKey: ['plans', 'list'], queryFn: () => api.get<{ items: PlanSummary[] }>('/api/plans') });
}

export function usePlan(id: string | undefined) {
  return useQuery({ queryKey: ['plans', 'one', id], queryFn: () => api.get<PlanDetail>(`/api/plans/${encodeURIComponent(id ?? '')}`), enabled: Boolean(id) });
}

export function usePlanVersion(id: string | undefined, versionId: string | undefined) {
  return useQuery({
    queryKey: ['plans', 'version', id, versionId],
    queryFn: () => api.get<PlanVersion>(`/api/plans/${encodeURIComponent(id ?? '')}/versions/${encodeURIComponent(versionId ?? '')}`),
    enabled: Boolean(id && versionId),
  });
}

/** The text of a bilingual field in the UI language (the other one when empty). */
export function pick(text: Bilingual | undefined, language: string): string {
  if (!text) return '';
  return language === 'en' ? text.en || text.zh : text.zh || text.en;
}

/** An empty plan: every section present, so the editor's forms have their fields. */
export function emptyPlanContent(): PlanContent {
  const e = (): Bilingual => ({ zh: '', en: '' });
  const level = (): PlanLevel => ({ criteria: e(), measures: [] });
  return {
    title: e(),
    general: e(),
    headquarters: { commander: e(), deputies: [], composition: e(), duties: e(), office: e(), workingGroups: [] },
    monitoring: e(),
    reporting: e(),
    technicalInstitutions: [],
    levels: { I: level(), II: level(), III: level(), IV: level() },
    fieldControl: e(),
    materials: { text: e(), stockpiles: [] },
    training: e(),
  };
}

/** Why the signed-in user may not approve a version under the four-eyes rule, or null when they may. */
export function fourEyesBar(version: Pick<PlanVersionSummary, 'lastEditedBy' | 'submittedBy'>, userId: string | undefined): 'edited' | 'submitted' | null {
  if (!userId) return null;
  if (version.lastEditedBy?.id === userId) return 'edited';
  if (version.submittedBy?.id === userId) return 'submitted';
  return null;
}
