/**
 * HTTP adapter of notifications: the live event stream (GET /api/live, Server-Sent Events), the signed-in
 * user's inbox, and the outbound channels with their delivery log (right notifications.manage).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { IdParam, UUID_PATTERN, errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { scopeFor } from '../../platform/auth/scope.ts';
import { isSessionActive } from '../../platform/auth/sessions.ts';
import { notFound } from '../../platform/errors.ts';
import { LiveHub, type LiveEvent } from '../../platform/live/live.ts';
import {
  ChannelCreateInput,
  ChannelList,
  ChannelSchema,
  ChannelTestResult,
  ChannelUpdateInput,
  DeliveryList,
  DeliveryListQuery,
  NotificationList,
  NotificationListQuery,
} from './notifications.schema.ts';
import {
  createChannel,
  deleteChannel,
  listChannels,
  listDeliveries,
  listInbox,
  markAllRead,
  markRead,
  newSecret,
  retryDelivery,
  testChannel,
  unreadCount,
  updateChannel,
} from './notifications.service.ts';

/** A stream is closed after this long; the browser reconnects at once, re-checking the session. */
const STREAM_MAX_MS = 5 * 60_000;
const HEARTBEAT_MS = 25_000;

const tags = ['notifications'];
const liveRoute = createRoute({
  method: 'get',
  path: '/api/live',
  tags,
  summary: 'Live events (Server-Sent Events): which records changed, filtered by your rights and scope',
  responses: { 200: { description: 'text/event-stream of JSON events { topic, id?, action?, data? }' }, ...errorResponses(401) },
});
const inboxRoute = createRoute({
  method: 'get',
  path: '/api/notifications',
  tags,
  summary: 'Your notifications, newest first',
  request: { query: NotificationListQuery },
  responses: { 200: jsonResponse(NotificationList, 'Notifications and the unread count'), ...errorResponses(400, 401) },
});
const unreadRoute = createRoute({
  method: 'get',
  path: '/api/notifications/unread-count',
  tags,
  summary: 'How many of your notifications are unread',
  responses: { 200: jsonResponse(z.object({ unread: z.number().int() }), 'Unread count'), ...errorResponses(401) },
});
const readRoute = createRoute({
  method: 'post',
  path: '/api/notifications/{id}/read',
  tags,
  summary: 'Mark one notification read',
  request: { params: IdParam },
  responses: { 204: { description: 'Marked' }, ...errorResponses(401, 404) },
});
const readAllRoute = createRoute({
  method: 'post',
  path: '/api/notifications/read-all',
  tags,
  summary: 'Mark all your notifications read',
  responses: { 200: jsonResponse(z.object({ updated: z.number().int() }), 'How many were marked'), ...errorResponses(401) },
});
const channelsRoute = createRoute({
  method: 'get',
  path: '/api/notification-channels',
  tags,
  summary: 'Outbound channels (webhooks, e-mail)',
  responses: { 200: jsonResponse(ChannelList, 'Channels'), ...errorResponses(401, 403) },
});
const createChannelRoute = createRoute({
  method: 'post',
  path: '/api/notification-channels',
  tags,
  summary: 'Add an outbound channel',
  request: { body: jsonBody(ChannelCreateInput) },
  responses: { 201: jsonResponse(ChannelSchema, 'Created'), ...errorResponses(400, 401, 403, 409, 415) },
});
const updateChannelRoute = createRoute({
  method: 'patch',
  path: '/api/notification-channels/{id}',
  tags,
  summary: 'Change a channel (omit config.secret to keep the stored one)',
  request: { params: IdParam, body: jsonBody(ChannelUpdateInput) },
  responses: { 200: jsonResponse(ChannelSchema, 'Changed'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});
const deleteChannelRoute = createRoute({
  method: 'delete',
  path: '/api/notification-channels/{id}',
  tags,
  summary: 'Remove a channel (and its delivery log)',
  request: { params: IdParam },
  responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404) },
});
const testChannelRoute = createRoute({
  method: 'post',
  path: '/api/notification-channels/{id}/test',
  tags,
  summary: 'Send a test message through a channel now',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ChannelTestResult, 'Outcome (also in the delivery log)'), ...errorResponses(401, 403, 404) },
});
const secretRoute = createRoute({
  method: 'get',
  path: '/api/notification-channels/new-secret',
  tags,
  summary: 'A random signing secret for a new webhook',
  responses: { 200: jsonResponse(z.object({ secret: z.string() }), 'A secret'), ...errorResponses(401, 403) },
});
const deliveriesRoute = createRoute({
  method: 'get',
  path: '/api/notification-deliveries',
  tags,
  summary: 'Delivery log of outbound messages',
  request: { query: DeliveryListQuery },
  responses: { 200: jsonResponse(DeliveryList, 'A page of deliveries'), ...errorResponses(400, 401, 403) },
});
const retryRoute = createRoute({
  method: 'post',
  path: '/api/notification-deliveries/{id}/retry',
  tags,
  summary: 'Queue a failed delivery again',
  request: { params: IdParam },
  responses: { 204: { description: 'Queued' }, ...errorResponses(401, 403, 404, 409) },
});

function checkId(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id;
}

export function registerNotificationsRoutes(app: AppOpenAPI): void {
  app.openapi(liveRoute, async (c) => {
    const principal = requirePrincipal(c);
    const deps = c.get('deps');
    // The server starts a hub at boot; an app built without one (tests) gets one on first use.
    if (!deps.live) deps.live = new LiveHub(deps.log);
    const hub = deps.live;
    await hub.start(deps.database);
    c.header('X-Accel-Buffering', 'no'); // a reverse proxy must not buffer the stream
    const sessionId = c.get('sessionId');
    return streamSSE(c, async (stream) => {
      const queue: LiveEvent[] = [];
      let wake: (() => void) | null = null;
      let open = true;
      const end = () => {
        open = false;
        wake?.();
      };
      const unsubscribe = hub.subscribe({
        principal,
        ...(sessionId ? { sessionId } : {}),
        send(event) {
          queue.push(event);
          wake?.();
        },
        // the session ended or the user's rights changed (hub, migration 0028): the browser reconnects and is checked anew
        close: end,
      });
      stream.onAbort(end);
      // Before each delivery and each keep-alive: the session must still be live (an expired session's stream
      // ends within a heartbeat; a signed-out one at once through the hub).
      const sessionLive = async () => !sessionId || (await isSessionActive(deps.database.db, sessionId, deps.config));
      const closeAt = Date.now() + STREAM_MAX_MS;
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ userId: principal.id }), retry: 2000 });
        while (open && Date.now() < closeAt) {
          if (queue.length === 0) {
            await new Promise<void>((resolve) => {
              // an event or a closed connection wakes the loop at once, and then no timer is left behind to
              // hold a stopping server open
              const timer = setTimeout(resolve, Math.min(HEARTBEAT_MS, Math.max(0, closeAt - Date.now())));
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = null;
          }
          if (!open || !(await sessionLive()) || !open) break;
          if (queue.length === 0) {
            await stream.write(': keep-alive\n\n');
            continue;
          }
          for (const event of queue.splice(0)) {
            const {
              userIds: _users,
              right: _right,
              jurisdictionPath: _path,
              agencyId: _agency,
              everywhere: _everywhere,
              ...visible
            } = event;
            await stream.writeSSE({ data: JSON.stringify(visible) });
          }
        }
      } finally {
        unsubscribe();
      }
    });
  });

  app.openapi(inboxRoute, async (c) => c.json(await listInbox(c.get('deps').database, requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(unreadRoute, async (c) => c.json({ unread: await unreadCount(c.get('deps').database, requirePrincipal(c)) }, 200));
  app.openapi(readRoute, async (c) => {
    await markRead(c.get('deps').database, requirePrincipal(c), checkId(c.req.valid('param').id, 'notification'));
    return c.body(null, 204);
  });
  app.openapi(readAllRoute, async (c) => c.json({ updated: await markAllRead(c.get('deps').database, requirePrincipal(c)) }, 200));

  app.openapi(channelsRoute, async (c) =>
    c.json(await listChannels(c.get('deps').database, requirePrincipal(c), c.get('deps').config), 200),
  );
  app.openapi(secretRoute, async (c) => {
    scopeFor(requirePrincipal(c), 'notifications.manage');
    return c.json({ secret: newSecret() }, 200);
  });
  app.openapi(createChannelRoute, async (c) =>
    c.json(
      await createChannel(c.get('deps').database, requirePrincipal(c), c.req.valid('json'), clientIp(c), {
        allowPrivate: c.get('deps').config.webhookAllowPrivate,
      }),
      201,
    ),
  );
  app.openapi(updateChannelRoute, async (c) =>
    c.json(
      await updateChannel(
        c.get('deps').database,
        requirePrincipal(c),
        checkId(c.req.valid('param').id, 'notification channel'),
        c.req.valid('json'),
        clientIp(c),
        { allowPrivate: c.get('deps').config.webhookAllowPrivate },
      ),
      200,
    ),
  );
  app.openapi(deleteChannelRoute, async (c) => {
    await deleteChannel(c.get('deps').database, requirePrincipal(c), checkId(c.req.valid('param').id, 'notification channel'), clientIp(c));
    return c.body(null, 204);
  });
  app.openapi(testChannelRoute, async (c) =>
    c.json(
      await testChannel(
        c.get('deps').database,
        requirePrincipal(c),
        checkId(c.req.valid('param').id, 'notification channel'),
        c.get('deps').config,
      ),
      200,
    ),
  );
  app.openapi(deliveriesRoute, async (c) =>
    c.json(await listDeliveries(c.get('deps').database, requirePrincipal(c), c.req.valid('query')), 200),
  );
  app.openapi(retryRoute, async (c) => {
    await retryDelivery(
      c.get('deps').database,
      requirePrincipal(c),
      checkId(c.req.valid('param').id, 'notification delivery'),
      clientIp(c),
    );
    return c.body(null, 204);
  });
}
