import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Schemas } from '../../api/contract.ts';

export type Severity = Schemas['Notification']['severity'];

/** One inbox entry (GET /api/notifications). */
export type AppNotification = Schemas['Notification'];

export const WEBHOOK_FORMATS = ['generic', 'dingtalk', 'wecom'] as const;
export type WebhookFormat = NonNullable<Schemas['NotificationChannel']['config']['format']>;
export const SEVERITIES: Severity[] = ['info', 'warning', 'critical'];

/** An outbound channel as the server shows it (never the secret). */
export type Channel = Schemas['NotificationChannel'];

export type Delivery = Schemas['NotificationDelivery'];

/** The notification's text in the UI language. */
export function localText(n: Pick<AppNotification, 'title' | 'titleEn' | 'body' | 'bodyEn'>, language: string) {
  const english = language === 'en';
  return { title: english ? n.titleEn || n.title : n.title, body: english ? n.bodyEn || n.body : n.body };
}

export function useInbox(options: { unreadOnly?: boolean; limit?: number; before?: string } = {}) {
  return useQuery({
    queryKey: ['notifications', 'inbox', options],
    queryFn: () =>
      api.get<{ items: AppNotification[]; unread: number }>('/api/notifications', {
        ...options,
        unreadOnly: options.unreadOnly ? 'true' : undefined,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<void>(`/api/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ updated: number }>('/api/notifications/read-all'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function useChannels() {
  return useQuery({
    queryKey: ['notification-channels'],
    queryFn: () => api.get<{ items: Channel[]; emailConfigured: boolean }>('/api/notification-channels'),
  });
}

export function useDeliveries(filters: { channelId?: string; status?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['notification-deliveries', filters],
    queryFn: () => api.get<{ items: Delivery[]; total: number }>('/api/notification-deliveries', { ...filters }),
    placeholderData: keepPreviousData,
  });
}
