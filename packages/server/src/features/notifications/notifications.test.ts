import { createHmac } from 'node:crypto';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { auditLog, users } from '../../platform/db/platform.tables.ts';
import { publishLive } from '../../platform/live/live.ts';
import { agencies } from '../registry/registry.tables.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, testConfig, testEngines, withTestDb } from '../../test-support/index.ts';
import { MAX_ATTEMPTS, backoffSeconds, deliverDue, signWebhook } from './delivery.ts';
import { notificationChannels, notificationDeliveries, notifications } from './notifications.tables.ts';
import { notify, resolveRecipients } from './notify.ts';

/** A local HTTP receiver recording requests; answers `status()` (200 unless changed). */
async function receiver() {
  const received: Array<{ headers: IncomingMessage['headers']; body: string; url: string }> = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body, url: req.url ?? '' });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{"errcode":0}' : 'gateway down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    setStatus: (s: number) => (status = s),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reads SSE `data:` events from a streaming response until `count` arrived or `ms` passed. */
async function readEvents(response: Response, count: number, ms: number): Promise<Array<Record<string, unknown>>> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: Array<Record<string, unknown>> = [];
  let buffer = '';
  const deadline = Date.now() + ms;
  while (events.length < count && Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now())),
    ]);
    if (!chunk || chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.includes('event: ready')) continue;
      const data = block.split('\n').find((line) => line.startsWith('data:'));
      if (data) events.push(JSON.parse(data.slice(5).trim()));
    }
  }
  await reader.cancel();
  return events;
}

describe.each(testEngines())('notifications (%s)', (engine) => {
  const t = withTestDb(engine);

  it('resolves recipients by right and place, by agency, and never tells the actor', async () => {
    const tree = await buildDistrictTree(t.database);
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const officerA = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const commanderB = await buildUser(t.database, { role: 'commander', jurisdictionId: tree.townshipB.id });
    const liaison = await buildUser(t.database, { role: 'agency_liaison', jurisdictionId: tree.district.id });
    const [agency] = await t.database.db
      .insert(agencies)
      .values({
        code: `GA-${engine}`,
        name: '公安分局',
        nameEn: 'Public security',
        kind: 'public_security',
        jurisdictionId: tree.district.id,
      })
      .returning();
    await t.database.db.update(users).set({ agencyId: agency!.id }).where(eq(users.id, liaison.user.id));

    // alerts.verify at township A: the district epidemiologist; not the officer (no such right), not B's commander
    const verifiers = await resolveRecipients(t.database.db, { right: 'alerts.verify', jurisdictionId: tree.townshipA.id });
    expect(verifiers.sort()).toEqual([epi.user.id].sort());
    // alerts.read at township A: the epidemiologist and A's officer; B's commander holds it only in B
    const readers = await resolveRecipients(t.database.db, { right: 'alerts.read', jurisdictionId: tree.townshipA.id });
    expect(readers.sort()).toEqual([epi.user.id, officerA.user.id].sort());
    expect(await resolveRecipients(t.database.db, { agencyId: agency!.id })).toEqual([liaison.user.id]);

    const result = await t.database.db.transaction((tx) =>
      notify(tx, {
        recipients: { right: 'alerts.read', jurisdictionId: tree.townshipA.id },
        kind: 'alert.new',
        severity: 'warning',
        title: '新预警',
        titleEn: 'New alert',
        link: '/alerts/x',
        actorId: epi.user.id,
      }),
    );
    expect(result.userIds).toEqual([officerA.user.id]);
    const rows = await t.database.db.select().from(notifications);
    expect(rows.map((r) => [r.userId, r.kind, r.severity, r.title, r.link])).toEqual([
      [officerA.user.id, 'alert.new', 'warning', '新预警', '/alerts/x'],
    ]);
    void commanderB;
  });

  it('serves the inbox: own notifications only, unread count, read one and all', async () => {
    const tree = await buildDistrictTree(t.database);
    const a = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const b = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    await t.database.db.transaction(async (tx) => {
      for (const n of [1, 2, 3])
        await notify(tx, { recipients: { userIds: [a.user.id] }, kind: 'test', title: `第${n}条`, titleEn: `No. ${n}` });
      await notify(tx, { recipients: { userIds: [b.user.id] }, kind: 'test', title: '给别人', titleEn: 'For B' });
    });
    const app = createTestApp(t.database);
    const client = await signIn(app, a.user.username, a.password);
    const inbox = await client.request('/api/notifications');
    expect(inbox.status).toBe(200);
    expect(inbox.body.unread).toBe(3);
    expect(inbox.body.items.map((n: { titleEn: string }) => n.titleEn).sort()).toEqual(['No. 1', 'No. 2', 'No. 3']);
    const other = (await t.database.db.select().from(notifications).where(eq(notifications.userId, b.user.id)))[0]!;
    expect((await client.request(`/api/notifications/${other.id}/read`, { method: 'POST' })).status).toBe(404);
    expect((await client.request(`/api/notifications/${inbox.body.items[0].id}/read`, { method: 'POST' })).status).toBe(204);
    expect((await client.request('/api/notifications/unread-count')).body).toEqual({ unread: 2 });
    expect((await client.request('/api/notifications/read-all', { method: 'POST' })).body).toEqual({ updated: 2 });
    expect((await client.request('/api/notifications?unreadOnly=true')).body.items).toEqual([]);
    // B's notification is untouched
    expect((await t.database.db.select().from(notifications).where(eq(notifications.userId, b.user.id)))[0]!.readAt).toBeNull();
  });

  it('streams live events only to users who may see them, after the commit', async () => {
    const tree = await buildDistrictTree(t.database);
    const officerA = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const officerB = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    const app = createTestApp(t.database);
    const clientA = await signIn(app, officerA.user.username, officerA.password);
    const clientB = await signIn(app, officerB.user.username, officerB.password);
    const open = (client: typeof clientA) =>
      app.request('/api/live', { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    const [streamA, streamB] = await Promise.all([open(clientA), open(clientB)]);
    expect(streamA.status).toBe(200);
    expect(streamA.headers.get('content-type')).toContain('text/event-stream');
    const readingA = readEvents(streamA, 2, 4000);
    const readingB = readEvents(streamB, 1, 2500);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // rolled back: never delivered
    await t.database.db
      .transaction(async (tx) => {
        await publishLive(tx, { topic: 'alerts', id: 'rolled-back', right: 'alerts.read', jurisdictionPath: tree.townshipA.path });
        throw new Error('rollback');
      })
      .catch(() => {});
    await t.database.db.transaction((tx) =>
      publishLive(tx, { topic: 'alerts', id: 'a1', action: 'created', right: 'alerts.read', jurisdictionPath: tree.townshipA.path }),
    );
    await t.database.db.transaction((tx) => publishLive(tx, { topic: 'tasks', id: 't1', userIds: [officerA.user.id] }));
    const [eventsA, eventsB] = await Promise.all([readingA, readingB]);
    expect(eventsA).toEqual([
      { topic: 'alerts', id: 'a1', action: 'created' },
      { topic: 'tasks', id: 't1' },
    ]);
    expect(eventsB).toEqual([]);
    expect((await app.request('/api/live')).status).toBe(401);
  });

  it('manages channels without ever showing the secret', async () => {
    const tree = await buildDistrictTree(t.database);
    const admin = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const app = createTestApp(t.database);
    const client = await signIn(app, admin.user.username, admin.password);
    const unsigned = await client.request('/api/notification-channels', {
      method: 'POST',
      json: { name: 'SMS gateway', kind: 'webhook', config: { url: 'https://sms.example/hook' } },
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.details[0].path).toBe('config.secret');
    const badUrl = await client.request('/api/notification-channels', {
      method: 'POST',
      json: { name: 'x', kind: 'webhook', config: { url: 'ftp://x', secret: 'long-enough-secret' } },
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.details[0].path).toBe('config.url');
    const created = await client.request('/api/notification-channels', {
      method: 'POST',
      json: {
        name: 'SMS gateway',
        kind: 'webhook',
        config: { url: 'https://sms.example/hook', secret: 'top-secret-value' },
        minSeverity: 'critical',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.config).toEqual({ url: 'https://sms.example/hook', format: 'generic', hasSecret: true });
    expect(JSON.stringify((await client.request('/api/notification-channels')).body)).not.toContain('top-secret-value');
    const renamed = await client.request(`/api/notification-channels/${created.body.id}`, {
      method: 'PATCH',
      json: { config: { url: 'https://sms.example/v2' } },
    });
    expect(renamed.body.config.hasSecret).toBe(true);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityType, 'notification_channel'));
    expect(audits.map((a) => a.action)).toEqual(['create', 'update']);
    expect(JSON.stringify(audits)).not.toContain('top-secret-value');
    const duplicate = await client.request('/api/notification-channels', {
      method: 'POST',
      json: { name: 'SMS gateway', kind: 'email', config: { to: ['duty@districtj.example'] } },
    });
    expect(duplicate.status).toBe(409);
    const epiClient = await signIn(app, epi.user.username, epi.password);
    expect((await epiClient.request('/api/notification-channels')).status).toBe(403);
  });

  it('delivers signed webhooks, retries with back-off, and gives up after the last attempt', async () => {
    const tree = await buildDistrictTree(t.database);
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    await t.database.db.delete(notificationChannels); // channels of earlier tests in this database
    const hook = await receiver();
    try {
      const admin = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
      const client = await signIn(createTestApp(t.database), admin.user.username, admin.password);
      const channel = (
        await client.request('/api/notification-channels', {
          method: 'POST',
          json: {
            name: 'duty webhook',
            kind: 'webhook',
            config: { url: hook.url, secret: 'shared-secret-1' },
            kinds: ['alert.new'],
            minSeverity: 'warning',
          },
        })
      ).body;
      const send = (kind: string, severity: 'info' | 'warning' | 'critical') =>
        t.database.db.transaction((tx) =>
          notify(tx, {
            recipients: { userIds: [epi.user.id] },
            kind,
            severity,
            title: '霍乱预警',
            titleEn: 'Cholera alert',
            link: '/alerts/1',
          }),
        );
      expect((await send('alert.new', 'info')).deliveries).toBe(0); // below the channel's severity
      expect((await send('task.assigned', 'critical')).deliveries).toBe(0); // another kind
      expect((await send('alert.new', 'critical')).deliveries).toBe(1);

      const config = testConfig({ publicUrl: 'https://oc.districtj.example' });
      expect(await deliverDue(t.database.db, config)).toEqual({ delivered: 1, retried: 0, failed: 0 });
      expect(hook.received).toHaveLength(1);
      const { headers, body } = hook.received[0]!;
      const expected = signWebhook('shared-secret-1', body, Number(headers['x-oc-timestamp']));
      expect(headers['x-oc-signature']).toBe(expected['X-OC-Signature']);
      expect(createHmac('sha256', 'shared-secret-1').update(`${headers['x-oc-timestamp']}.${body}`).digest('hex')).toBe(
        String(headers['x-oc-signature']).slice('sha256='.length),
      );
      expect(JSON.parse(body)).toMatchObject({
        kind: 'alert.new',
        severity: 'critical',
        title: '霍乱预警',
        url: 'https://oc.districtj.example/alerts/1',
      });
      expect(await deliverDue(t.database.db, config)).toEqual({ delivered: 0, retried: 0, failed: 0 });

      hook.setStatus(502);
      await send('alert.new', 'warning');
      let now = new Date();
      expect(await deliverDue(t.database.db, config, { now })).toEqual({ delivered: 0, retried: 1, failed: 0 });
      let [row] = await t.database.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.status, 'pending'));
      expect(row!.attempts).toBe(1);
      expect(row!.lastError).toContain('HTTP 502');
      expect(row!.nextAttemptAt!.getTime() - now.getTime()).toBe(backoffSeconds(1) * 1000);
      // not due yet: nothing sent
      expect(await deliverDue(t.database.db, config, { now: new Date(now.getTime() + 1000) })).toEqual({
        delivered: 0,
        retried: 0,
        failed: 0,
      });
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        now = new Date(row!.nextAttemptAt!.getTime() + 1);
        await deliverDue(t.database.db, config, { now });
        [row] = await t.database.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, row!.id));
      }
      expect(row!.status).toBe('failed');
      expect(row!.attempts).toBe(MAX_ATTEMPTS);
      expect([backoffSeconds(1), backoffSeconds(2), backoffSeconds(3), backoffSeconds(20)]).toEqual([30, 60, 120, 3600]);

      // the log, and a manual retry that succeeds
      const log = await client.request(`/api/notification-deliveries?channelId=${channel.id}&status=failed`);
      expect(log.body.items.map((d: { attempts: number; lastError: string }) => [d.attempts, d.lastError])).toEqual([
        [MAX_ATTEMPTS, 'webhook answered HTTP 502: gateway down'],
      ]);
      hook.setStatus(200);
      expect((await client.request(`/api/notification-deliveries/${row!.id}/retry`, { method: 'POST' })).status).toBe(204);
      expect((await client.request(`/api/notification-deliveries/${row!.id}/retry`, { method: 'POST' })).status).toBe(409);
      expect(await deliverDue(t.database.db, config)).toEqual({ delivered: 1, retried: 0, failed: 0 });
      // the test button reports at once
      hook.setStatus(500);
      expect((await client.request(`/api/notification-channels/${channel.id}/test`, { method: 'POST' })).body).toEqual({
        ok: false,
        error: 'webhook answered HTTP 500: gateway down',
      });
    } finally {
      await hook.close();
    }
  });

  it('sends e-mail through the configured SMTP server', async () => {
    const tree = await buildDistrictTree(t.database);
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    await t.database.db.delete(notificationChannels);
    const mails: Array<{ to: string[]; data: string }> = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk) => (data += chunk));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    try {
      const port = (smtp.server.address() as AddressInfo).port;
      const admin = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
      const app = createTestApp(t.database, { smtpUrl: `smtp://127.0.0.1:${port}`, smtpFrom: 'OC <oc@districtj.example>' });
      const client = await signIn(app, admin.user.username, admin.password);
      const created = await client.request('/api/notification-channels', {
        method: 'POST',
        json: { name: 'duty mail', kind: 'email', config: { to: ['duty@districtj.example'] }, minSeverity: 'info' },
      });
      expect(created.status).toBe(201);
      await t.database.db.transaction((tx) =>
        notify(tx, {
          recipients: { userIds: [epi.user.id] },
          kind: 'task.overdue',
          severity: 'warning',
          title: '任务逾期',
          titleEn: 'Task overdue',
          link: '/tasks/1',
        }),
      );
      const result = await deliverDue(
        t.database.db,
        testConfig({ smtpUrl: `smtp://127.0.0.1:${port}`, smtpFrom: 'OC <oc@districtj.example>' }),
      );
      expect(result).toEqual({ delivered: 1, retried: 0, failed: 0 });
      expect(mails).toHaveLength(1);
      expect(mails[0]!.to).toEqual(['duty@districtj.example']);
      expect(mails[0]!.data).toContain('Task overdue');
      // without SMTP the channel fails with a readable reason
      const noSmtp = await signIn(createTestApp(t.database), admin.user.username, admin.password);
      expect((await noSmtp.request(`/api/notification-channels/${created.body.id}/test`, { method: 'POST' })).body).toEqual({
        ok: false,
        error: 'e-mail is not configured: set SMTP_URL',
      });
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});
