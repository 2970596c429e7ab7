/**
 * Server state of the links with neighbouring districts: types from the OpenAPI contract and the query hooks.
 * After a write, invalidate ['neighbours'].
 */
import { useQuery } from '@tanstack/react-query';
import { typedApi } from '../../app/api.ts';
import { ApiError } from '../../api/client.ts';
import type { Schemas } from '../../api/contract.ts';

export type Neighbour = Schemas['Neighbour'];
export type NeighbourDetail = Schemas['NeighbourDetail'];
export type Agreements = Schemas['NeighbourAgreements'];
export type InboxItem = Schemas['NeighbourInbox']['items'][number];
export type Preview = Schemas['NeighbourNotificationPreview'];

export function useNeighbours() {
  return useQuery({ queryKey: ['neighbours', 'list'], queryFn: () => typedApi.get('/api/neighbours'), refetchInterval: 15_000 });
}

export function useBorderAlerts() {
  return useQuery({ queryKey: ['neighbours', 'alerts'], queryFn: () => typedApi.get('/api/neighbours/alerts'), refetchInterval: 15_000 });
}

export type BorderAlert = Schemas['NeighbourBorderAlerts']['items'][number];

export function useNeighbour(id: string | undefined) {
  return useQuery({
    queryKey: ['neighbours', 'one', id],
    queryFn: () => typedApi.get('/api/neighbours/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
    refetchInterval: 15_000,
  });
}

export function useIdentity() {
  return useQuery({ queryKey: ['neighbours', 'identity'], queryFn: () => typedApi.get('/api/neighbours/identity') });
}

export function useInbox(status: 'pending' | 'accepted' | 'rejected' | undefined) {
  return useQuery({
    queryKey: ['neighbours', 'inbox', status ?? 'all'],
    queryFn: () => typedApi.get('/api/neighbours/inbox', { query: status ? { status } : {} }),
    refetchInterval: 15_000,
  });
}

export function usePreview(id: string | undefined) {
  return useQuery({
    queryKey: ['neighbours', 'preview', id],
    queryFn: () => typedApi.get('/api/neighbours/inbox/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

// ── 0067 (issue 16): contact notifications, updates of shared records, comments, the shares of a record ──

export type ContactPreview = Schemas['NeighbourContactPreview'];
export type RecordShare = Schemas['NeighbourRecordShares']['items'][number];
export type NeighbourUpdate = Schemas['NeighbourUpdates']['items'][number];
export type NeighbourComment = Schemas['NeighbourComments']['items'][number];

export function useContactPreview(id: string | undefined) {
  return useQuery({
    queryKey: ['neighbours', 'contact-preview', id],
    queryFn: () => typedApi.get('/api/neighbours/contact-notifications/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

/** The neighbours a case or contact of ours was notified to (its page). */
export function useRecordShares(entity: 'case_report' | 'contact', id: string) {
  return useQuery({
    queryKey: ['neighbours', 'record-shares', entity, id],
    queryFn: () =>
      entity === 'contact'
        ? typedApi.get('/api/neighbours/contacts/{id}/shares', { path: { id } })
        : typedApi.get('/api/neighbours/cases/{id}/record-shares', { path: { id } }),
    refetchInterval: 30_000,
  });
}

/** Where a case or contact came from when a neighbour notified it (null: one of ours). */
export function useRecordProvenance(entity: 'case_report' | 'contact', id: string) {
  return useQuery({
    queryKey: ['neighbours', 'record-provenance', entity, id],
    queryFn: async () => {
      try {
        if (entity === 'contact') {
          const p = await typedApi.get('/api/neighbours/contacts/{id}/provenance', { path: { id } });
          return {
            messageId: p.messageId,
            districtName: p.districtName,
            districtNameEn: p.districtNameEn,
            senderCode: p.senderContactCode,
            sharedBy: p.sharedBy,
            sentAt: p.sentAt,
            receivedAt: p.receivedAt,
            acceptedAt: p.acceptedAt,
            acceptedBy: p.acceptedBy,
          };
        }
        const p = await typedApi.get('/api/neighbours/cases/{id}/provenance', { path: { id } });
        return {
          messageId: p.messageId,
          districtName: p.districtName,
          districtNameEn: p.districtNameEn,
          senderCode: p.senderCaseCode,
          sharedBy: p.sharedBy,
          sentAt: p.sentAt,
          receivedAt: p.receivedAt,
          acceptedAt: p.acceptedAt,
          acceptedBy: p.acceptedBy,
        };
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function useComments(notificationId: string) {
  return useQuery({
    queryKey: ['neighbours', 'comments', notificationId],
    queryFn: () => typedApi.get('/api/neighbours/notifications/{id}/comments', { path: { id: notificationId } }),
    refetchInterval: 30_000,
  });
}

export function useUpdates(notificationId: string) {
  return useQuery({
    queryKey: ['neighbours', 'updates', notificationId],
    queryFn: () => typedApi.get('/api/neighbours/notifications/{id}/updates', { path: { id: notificationId } }),
    refetchInterval: 30_000,
  });
}
