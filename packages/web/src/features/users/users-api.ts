import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Role, User } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import type { Schemas } from '../../api/contract.ts';

export function useUsers(query: { q?: string; page?: number; pageSize?: number }) {
  return useQuery({
    queryKey: ['users', query],
    queryFn: () => api.get<Schemas['UserList']>('/api/users', query),
    placeholderData: keepPreviousData,
  });
}

export function useRoles() {
  return useQuery({
    queryKey: ['roles'],
    queryFn: async () => (await api.get<{ items: Role[] }>('/api/roles')).items,
    staleTime: 10 * 60_000,
  });
}

/** Whether an account is locked out right now (lockedUntil in the future). */
export function isLocked(user: Pick<User, 'lockedUntil'>, now: Date = new Date()): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now.getTime();
}
