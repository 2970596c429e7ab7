import { describe, expect, it } from 'vitest';
import { buildDistrictTree, buildUser } from '../../test-support/factories.ts';
import { createTestApp, signIn } from '../../test-support/http.ts';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';

describe.each(testEngines())('audit log browsing (%s)', (engine) => {
  const t = withTestDb(engine);

  it('lists records newest first, filters them, and refuses users without audit.read', async () => {
    const tree = await buildDistrictTree(t.database);
    const app = createTestApp(t.database);
    const admin = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    const client = await signIn(app, admin.user.username, admin.password);
    const all = await client.get('/api/audit?pageSize=5');
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(2);
    const seqs = all.body.items.map((r: { seq: number }) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const logins = await client.get(`/api/audit?action=login&actorId=${admin.user.id}`);
    expect(logins.body.items).toHaveLength(1);
    expect(logins.body.items[0]).toMatchObject({ action: 'login', actor: { id: admin.user.id, username: admin.user.username } });
    const future = await client.get('/api/audit?from=2999-01-01');
    expect(future.body).toEqual({ items: [], total: 0 });
    const backwards = await client.get('/api/audit?from=2024-02-01&to=2024-01-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details[0].path).toBe('from');
    const viewer = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.district.id });
    const viewerClient = await signIn(app, viewer.user.username, viewer.password);
    expect((await viewerClient.get('/api/audit')).status).toBe(403);
  });
});
