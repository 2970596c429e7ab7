/**
 * Server state of training (docs/capability.md): types from the OpenAPI contract and TanStack Query hooks.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Schemas, everyValueOf } from '../../api/contract.ts';
import { api } from '../../app/api.ts';

export type Course = Schemas['TrainingCourse'];
export type Session = Schemas['TrainingSession'];
export type SessionDetail = Schemas['TrainingSessionDetail'];
export type Certificate = Schemas['TrainingCertificate'];
export type Readiness = Schemas['TrainingReadiness'];

export const TOPICS = everyValueOf<Course['topic']>()([
  'ppe',
  'sampling',
  'contact_tracing',
  'platform',
  'disinfection',
  'risk_communication',
  'psychological_first_aid',
  'other',
]);
export const AUDIENCES = everyValueOf<Course['audience']>()(['staff', 'volunteers', 'both']);

export function useCourses() {
  return useQuery({ queryKey: ['training', 'courses'], queryFn: () => api.get<{ items: Course[] }>('/api/training/courses') });
}
export function useSessions(filters: Record<string, string | undefined>) {
  return useQuery({
    queryKey: ['training', 'sessions', filters],
    queryFn: () => api.get<{ items: Session[] }>('/api/training/sessions', filters),
    placeholderData: keepPreviousData,
  });
}
export function useSession(id: string | undefined) {
  return useQuery({
    queryKey: ['training', 'session', id],
    queryFn: () => api.get<SessionDetail>(`/api/training/sessions/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}
export function useCertificates(filters: Record<string, string | number | undefined>) {
  return useQuery({
    queryKey: ['training', 'certificates', filters],
    queryFn: () => api.get<{ items: Certificate[]; total: number }>('/api/training/certificates', filters),
    placeholderData: keepPreviousData,
  });
}
export function useReadiness(courseId: string | undefined, by: 'agency' | 'township') {
  return useQuery({
    queryKey: ['training', 'readiness', courseId, by],
    queryFn: () => api.get<Readiness>('/api/training/readiness', { courseId, by }),
    enabled: Boolean(courseId),
  });
}
export function useCandidates(enabled: boolean) {
  return useQuery({
    queryKey: ['training', 'candidates'],
    queryFn: () => api.get<Schemas['TrainingCandidates']>('/api/training/candidates'),
    enabled,
  });
}

export const createCourse = (body: Schemas['TrainingCourseInput']) => api.post<Course>('/api/training/courses', body);
export const createSession = (body: Schemas['TrainingSessionInput']) => api.post<SessionDetail>('/api/training/sessions', body);
export const enrol = (id: string, body: Schemas['TrainingEnrolInput']) =>
  api.post<SessionDetail>(`/api/training/sessions/${id}/enrolments`, body);
export const recordAttendance = (id: string, body: Schemas['TrainingAttendanceInput']) =>
  api.put<SessionDetail>(`/api/training/sessions/${id}/attendance`, body);
export const closeSession = (id: string) => api.post<SessionDetail>(`/api/training/sessions/${id}/close`);
export const cancelSession = (id: string) => api.post<SessionDetail>(`/api/training/sessions/${id}/cancel`);

export function standingColour(standing: Certificate['standing']): string {
  return { current: 'green', expiring: 'orange', expired: 'red', untrained: 'default' }[standing];
}
export const titleIn = (language: string, x: { title: string; titleEn: string }) =>
  language.startsWith('en') ? x.titleEn || x.title : x.title;
export const nameIn = (language: string, x: { name: string; nameEn: string }) => (language.startsWith('en') ? x.nameEn || x.name : x.name);
