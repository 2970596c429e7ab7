/**
 * Live updates from the server (Server-Sent Events on GET /api/live). One EventSource per signed-in tab, opened
 * by the app shell (`useLiveConnection`); features subscribe by topic and usually just refetch:
 *
 * @example
 * useLiveInvalidate('alerts', [['alerts'], ['dashboard']]); // refetch those queries when an alert changes
 * useLiveEvents('notifications', (event) => toast(event.data?.title));
 *
 * Events carry ids, not records (the server filters them by the user's rights and scope; the refetch goes
 * through the API like any other read). EventSource reconnects by itself after a network drop.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';

/** One live event as the server sends it (see the server's platform/live/live.ts). */
export interface LiveEvent {
  topic: string;
  id?: string;
  action?: string;
  data?: Record<string, string | number | boolean | null>;
}

type Listener = (event: LiveEvent) => void;

const listeners = new Map<string, Set<Listener>>();
let source: EventSource | null = null;
let users = 0;

function dispatch(event: LiveEvent): void {
  for (const listener of listeners.get(event.topic) ?? []) listener(event);
  for (const listener of listeners.get('*') ?? []) listener(event);
}

/** Opens the connection while mounted (the signed-in shell mounts it once). */
export function useLiveConnection(enabled: boolean): void {
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    users += 1;
    if (!source) {
      source = new EventSource('/api/live');
      let connectedBefore = false;
      // After a reconnect (the server ends each stream every few minutes; networks drop) events may have been
      // missed: every subscribed topic gets a 'resync' event, so the pages refetch.
      source.addEventListener('ready', () => {
        if (connectedBefore) for (const topic of listeners.keys()) if (topic !== '*') dispatch({ topic, action: 'resync' });
        connectedBefore = true;
      });
      source.onmessage = (message) => {
        try {
          dispatch(JSON.parse(message.data as string) as LiveEvent);
        } catch {
          // a malformed event is ignored; the next refetch brings the truth anyway
        }
      };
    }
    return () => {
      users -= 1;
      if (users === 0 && source) {
        source.close();
        source = null;
      }
    };
  }, [enabled]);
}

/** Calls `handler` for each live event of `topic` ('*' for all) while mounted. */
export function useLiveEvents(topic: string, handler: Listener): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const listener: Listener = (event) => ref.current(event);
    let set = listeners.get(topic);
    if (!set) {
      set = new Set();
      listeners.set(topic, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }, [topic]);
}

/** Invalidates (refetches) the given query keys whenever a live event of `topic` arrives. */
export function useLiveInvalidate(topic: string, queryKeys: readonly (readonly unknown[])[]): void {
  const client = useQueryClient();
  const keys = useRef(queryKeys);
  keys.current = queryKeys;
  useLiveEvents(topic, () => {
    for (const queryKey of keys.current) void client.invalidateQueries({ queryKey });
  });
}

/** For tests: feed an event as if the server had sent it. */
export function dispatchLiveEventForTest(event: LiveEvent): void {
  dispatch(event);
}
