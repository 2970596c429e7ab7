import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../api/client.ts';
import type { Me, ModuleInfo } from '../api/types.ts';
import { api } from './api.ts';

/** Rights the web app checks before showing a page or a button (the server checks them again). */
export const RIGHTS = {
  dashboardRead: 'dashboard.read',
  registryRead: 'registry.read',
  registryManage: 'registry.manage',
  usersManage: 'users.manage',
  auditRead: 'audit.read',
  casesReport: 'cases.report',
  casesRead: 'cases.read',
  casesReview: 'cases.review',
  casesIdentity: 'cases.identity',
  casesImport: 'cases.import',
  diseasesManage: 'diseases.manage',
  feedsRead: 'feeds.read',
  feedsReport: 'feeds.report',
  occupancyReport: 'occupancy.report',
  signalsRead: 'signals.read',
  detectionConfigure: 'detection.configure',
  alertsRead: 'alerts.read',
  alertsVerify: 'alerts.verify',
  alertsComment: 'alerts.comment',
  eventsReport: 'events.report',
  alertsSupervise: 'alerts.supervise',
  notificationsManage: 'notifications.manage',
  incidentsRead: 'incidents.read',
  incidentsCommand: 'incidents.command',
  responseLevel: 'response.level',
  plansRead: 'plans.read',
  plansManage: 'plans.manage',
  plansApprove: 'plans.approve',
  meetingsManage: 'meetings.manage',
  reportsRead: 'reports.read',
  reportsDraft: 'reports.draft',
  reportsApprove: 'reports.approve',
  bulletinsRead: 'bulletins.read',
  bulletinsDraft: 'bulletins.draft',
  bulletinsApprove: 'bulletins.approve',
  tasksRead: 'tasks.read',
  tasksUpdate: 'tasks.update',
  tasksAssign: 'tasks.assign',
  contactsRead: 'contacts.read',
  contactsWrite: 'contacts.write',
  modelsRun: 'models.run',
  travelRead: 'travel.read',
  travelManage: 'travel.manage',
  contactsConfigure: 'contacts.configure',
  quarantineRead: 'quarantine.read',
  quarantineWrite: 'quarantine.write',
  quarantineSites: 'quarantine.sites',
  counsellingRead: 'counselling.read',
  counsellingWrite: 'counselling.write',
  counsellingLead: 'counselling.lead',
  counsellingBreakGlass: 'counselling.break_glass',
  assessmentRead: 'assessment.read',
  assessmentManage: 'assessment.manage',
  assessmentApprove: 'assessment.approve',
  resourcesManage: 'resources.manage',
  stockRead: 'stock.read',
  stockRequest: 'stock.request',
  stockApprove: 'stock.approve',
  counsellingReferrals: 'counselling.referrals',
  trainingRead: 'training.read',
  trainingManage: 'training.manage',
  educationRead: 'education.read',
  educationManage: 'education.manage',
  volunteersRead: 'volunteers.read',
  volunteersManage: 'volunteers.manage',
  volunteersVet: 'volunteers.vet',
  volunteersPersonal: 'volunteers.personal',
  volunteersSelf: 'volunteers.self',
  neighboursRead: 'neighbours.read',
  neighboursManage: 'neighbours.manage',
  neighboursShare: 'neighbours.share',
  neighboursInbox: 'neighbours.inbox',
  exercisesRead: 'exercises.read',
  exercisesManage: 'exercises.manage',
} as const;

/** The signed-in user, or null when there is no session (401). */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        return (await api.get<{ user: Me }>('/api/auth/me')).user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

export function hasRight(me: Me | null | undefined, right: string): boolean {
  return Boolean(me?.rights.includes(right));
}

/** Modules the server reports as present; the navigation shows nothing else. */
export function useModules() {
  return useQuery({
    queryKey: ['modules'],
    queryFn: async () => (await api.get<{ modules: ModuleInfo[] }>('/api/modules')).modules,
    staleTime: 10 * 60_000,
  });
}
