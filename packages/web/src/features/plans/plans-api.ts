/**
 * Server state of emergency plans: types mirroring the server's schemas (plans.schema.ts, plans.content.ts)
 * and the query hooks. After a write, invalidate ['plans'].
 */
import { useQuery } from '@tanstack/react-query';
import { typedApi } from '../../app/api.ts';
import type { Schemas } from '../../api/contract.ts';

export const RESPONSE_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type ResponseLevel = NonNullable<Schemas['ResponseLevel']>;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = PlanContent['levels']['I']['measures'][number]['priority'];

/** Level colours follow the warning colours, most to least severe: red, orange, yellow, blue. */
export const LEVEL_COLOURS: Record<ResponseLevel, { tag: string; background: string; border: string; text: string }> = {
  I: { tag: 'red', background: '#fff1f0', border: '#cf1322', text: '#a8071a' },
  II: { tag: 'orange', background: '#fff7e6', border: '#d46b08', text: '#ad4e00' },
  III: { tag: 'gold', background: '#fffbe6', border: '#d4b106', text: '#876800' },
  IV: { tag: 'blue', background: '#e6f4ff', border: '#0958d9', text: '#003eb3' },
};

export type Bilingual = Schemas['BilingualText'];

export type WorkingGroup = PlanContent['headquarters']['workingGroups'][number];

export type Measure = PlanContent['levels']['I']['measures'][number];

export type PlanLevel = PlanContent['levels']['I'];

export type PlanContent = Schemas['PlanContent'];

export type PlanVersionStatus = Schemas['PlanVersionStatus'];

export type Person = NonNullable<Schemas['PlanVersionSummary']['createdBy']>;

export type PlanVersionSummary = Schemas['PlanVersionSummary'];

export type PlanVersion = Schemas['PlanVersion'];

export type PlanSummary = Schemas['PlanSummary'];

export type PlanDetail = Schemas['PlanDetail'];

export function usePlans() {
  return useQuery({ queryKey: ['plans', 'list'], queryFn: () => typedApi.get('/api/plans') });
}

export function usePlan(id: string | undefined) {
  return useQuery({
    queryKey: ['plans', 'one', id],
    queryFn: () => typedApi.get('/api/plans/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

export function usePlanVersion(id: string | undefined, versionId: string | undefined) {
  return useQuery({
    queryKey: ['plans', 'version', id, versionId],
    queryFn: () => typedApi.get('/api/plans/{id}/versions/{versionId}', { path: { id: id ?? '', versionId: versionId ?? '' } }),
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
export function fourEyesBar(
  version: Pick<PlanVersionSummary, 'lastEditedBy' | 'submittedBy'>,
  userId: string | undefined,
): 'edited' | 'submitted' | null {
  if (!userId) return null;
  if (version.lastEditedBy?.id === userId) return 'edited';
  if (version.submittedBy?.id === userId) return 'submitted';
  return null;
}
