/**
 * Server state of public education (docs/capability.md): types from the OpenAPI contract and TanStack Query hooks.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Schemas, everyValueOf } from '../../api/contract.ts';
import { api } from '../../app/api.ts';

export type Material = Schemas['EducationMaterial'];
export type Campaign = Schemas['EducationCampaign'];
export type CampaignDetail = Schemas['EducationCampaignDetail'];

export const AUDIENCES = everyValueOf<Material['audience']>()([
  'general',
  'schools',
  'port_river_workers',
  'elderly',
  'migrants',
  'businesses',
]);
export const TOPICS = everyValueOf<Material['topic']>()([
  'hand_hygiene',
  'masks',
  'vaccination',
  'food_water',
  'vector_control',
  'respiratory',
  'travel',
  'mental_health',
  'other',
]);
export const FORMATS = everyValueOf<Material['format']>()(['leaflet', 'poster', 'article', 'video', 'audio', 'slides']);
export const EVENT_KINDS = everyValueOf<CampaignDetail['eventList'][number]['kind']>()([
  'lecture',
  'stall',
  'door_to_door',
  'school_class',
  'broadcast',
  'social_media',
  'workshop',
]);
/** Languages offered in the editor (the server takes any BCP 47 tag). */
export const MATERIAL_LANGUAGES = ['zh-CN', 'en', 'yue', 'vi', 'my', 'ru', 'ko', 'ja'] as const;

export function useMaterials(filters: Record<string, string | number | undefined>) {
  return useQuery({
    queryKey: ['education', 'materials', filters],
    queryFn: () => api.get<Schemas['EducationMaterialList']>('/api/education/materials', filters),
    placeholderData: keepPreviousData,
  });
}
export function useCampaigns() {
  return useQuery({ queryKey: ['education', 'campaigns'], queryFn: () => api.get<{ items: Campaign[] }>('/api/education/campaigns') });
}
export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: ['education', 'campaign', id],
    queryFn: () => api.get<CampaignDetail>(`/api/education/campaigns/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

export const createMaterial = (body: Schemas['EducationMaterialInput']) => api.post<Material>('/api/education/materials', body);
export const updateMaterial = (id: string, body: Schemas['EducationMaterialPatch']) =>
  api.patch<Material>(`/api/education/materials/${id}`, body);
export const publishMaterial = (id: string) => api.post<Material>(`/api/education/materials/${id}/publish`);
export const withdrawMaterial = (id: string) => api.post<Material>(`/api/education/materials/${id}/withdraw`);
export const createCampaign = (body: Schemas['EducationCampaignInput']) => api.post<CampaignDetail>('/api/education/campaigns', body);
export const setCampaignStatus = (id: string, status: Campaign['status']) =>
  api.post<CampaignDetail>(`/api/education/campaigns/${id}/status`, { status });
export const recordEvent = (id: string, body: Schemas['EducationEventInput']) =>
  api.post<CampaignDetail>(`/api/education/campaigns/${id}/events`, body);

export function materialColour(status: Material['status']): string {
  return { draft: 'gold', published: 'green', withdrawn: 'default' }[status];
}
export const nameIn = (language: string, x: { name: string; nameEn: string }) => (language.startsWith('en') ? x.nameEn || x.name : x.name);
