import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildDistrictTree, buildUser } from '../../test-support/factories.ts';
import { createTestApp, signIn, testConfig } from '../../test-support/http.ts';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';
import { sendThroughChannel } from './delivery.ts';
import { isPrivateAddress } from './webhook-target.ts';

describe('isPrivateAddress', () => {
  it('knows loopback, private, link-local and mapped addresses from public ones', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.9',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['203.0.113.9', '8.8.8.8', '2001:db8::1', '172.32.0.1']) expect(isPrivateAddress(address), address).toBe(false);
  });
});

describe.each(testEngines())('webhooks and SSRF (%s)', (engine) => {
  const t = withTestDb(engine);

  it('refuses webhooks to loopback or private addresses unless WEBHOOK_ALLOW_PRIVATE is set', async () => {
    const tree = await buildDistrictTree(t.database);
    const admin = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    const strict = await signIn(createTestApp(t.database, { webhookAllowPrivate: false }), admin.user.username, admin.password);
    for (const url of [
      'http://127.0.0.1:8080/api/users',
      'http://localhost:5432/',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/x',
      'http://10.0.0.5/hook',
    ]) {
      const res = await strict.post('/api/notification-channels', {
        name: `hook ${url}`,
        kind: 'webhook',
        config: { url, secret: 'long-enough-secret' },
      });
      expect([res.status, res.body.error?.details?.[0]?.path], url).toEqual([400, 'config.url']);
      expect(res.body.error.details[0].message).toMatch(/WEBHOOK_ALLOW_PRIVATE/);
    }
    const allowed = await signIn(createTestApp(t.database, { webhookAllowPrivate: true }), admin.user.username, admin.password);
    const ok = await allowed.post('/api/notification-channels', {
      name: 'robot on the district LAN',
      kind: 'webhook',
      config: { url: 'http://10.0.0.5/hook', secret: 'long-enough-secret' },
    });
    expect(ok.status).toBe(201);
    // changing the URL of a saved channel is checked the same way
    const moved = await strict.request(`/api/notification-channels/${ok.body.id}`, {
      method: 'PATCH',
      json: { config: { url: 'http://127.0.0.1:9/x' } },
    });
    expect(moved.status).toBe(400);
  });

  it('checks the address again when delivering (a name that now resolves to loopback is not reached)', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      // a channel saved while its name pointed elsewhere: "localhost" stands for a rebinding DNS name
      const channel = {
        id: '00000000-0000-4000-8000-000000000001',
        name: 'rebound',
        kind: 'webhook' as const,
        config: { url: `http://localhost:${port}/hook`, secret: 'long-enough-secret', format: 'generic' as const },
        kinds: [],
        minSeverity: 'info' as const,
        enabled: true,
        createdAt: new Date(),
        updatedAt: new Date(),
      };
      const payload = { kind: 'test', severity: 'info', title: 't', titleEn: 't', body: '', link: null } as never;
      await expect(sendThroughChannel(channel as never, payload, testConfig({ webhookAllowPrivate: false }))).rejects.toThrow(
        /loopback or private/,
      );
      expect(hits).toBe(0);
      await sendThroughChannel(channel as never, payload, testConfig({ webhookAllowPrivate: true }));
      expect(hits).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
