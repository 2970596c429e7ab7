import { describe, expect, it } from 'vitest';
import { buildDistrictTree, buildUser, TEST_PASSWORD } from '../../test-support/factories.ts';
import { createTestApp, signIn } from '../../test-support/http.ts';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';
import { agencies } from '../registry/registry.tables.ts';

describe.each(testEngines())('user administration (%s)', (engine) => {
  const t = withTestDb(engine);

  const setup = async () => {
    const tree = await buildDistrictTree(t.database);
    const app = createTestApp(t.database);
    const admin = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    const townAdmin = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.townshipA.id });
    return {
      tree,
      app,
      admin,
      adminClient: await signIn(app, admin.user.username, admin.password),
      townAdminClient: await signIn(app, townAdmin.user.username, townAdmin.password),
    };
  };

  it('creates a user with roles, who can then sign in; the write is audited without the password', async () => {
    const { tree, app, adminClient } = await setup();
    const res = await adminClient.post('/api/users', {
      username: 'New.Officer',
      displayName: '新同事',
      password: 'Strong-Pass-2024',
      roles: [{ role: 'township_officer', jurisdictionId: tree.townshipB.id }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'new.officer', disabled: false, lockedUntil: null, lastLoginAt: null });
    expect(res.body.roles).toEqual([
      { role: 'township_officer', jurisdictionId: tree.townshipB.id, jurisdictionName: tree.townshipB.name },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash/);
    await signIn(app, 'new.officer', 'Strong-Pass-2024');
    const audit = await adminClient.get(`/api/audit?entityType=user&entityId=${res.body.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'create', entityType: 'user', after: { username: 'new.officer' } });
    expect(JSON.stringify(audit.body)).not.toMatch(/argon2|Strong-Pass/);
  });

  it("sets, shows, changes and clears a user's agency; an unknown agency is refused naming agencyId", async () => {
    const { tree, app, adminClient } = await setup();
    const [agency] = await t.database.db
      .insert(agencies)
      .values({ code: 'AG-USR', name: '区公安分局', nameEn: 'Public security', kind: 'public_security', jurisdictionId: tree.district.id })
      .returning();
    const unknown = await adminClient.post('/api/users', {
      username: 'liaison.x',
      displayName: '联络员',
      password: 'Strong-Pass-2024',
      roles: [],
      agencyId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'agencyId', message: 'Unknown agency' }]);
    const res = await adminClient.post('/api/users', {
      username: 'liaison.x',
      displayName: '联络员',
      password: 'Strong-Pass-2024',
      roles: [{ role: 'agency_liaison', jurisdictionId: tree.district.id }],
      agencyId: agency!.id,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ agencyId: agency!.id, agencyName: '区公安分局', agencyNameEn: 'Public security' });
    const listed = await adminClient.get('/api/users?q=liaison.x');
    expect(listed.body.items[0]).toMatchObject({ agencyId: agency!.id, agencyName: '区公安分局' });
    // The signed-in user carries the agency (the task inbox reads it).
    const me = await signIn(app, 'liaison.x', 'Strong-Pass-2024');
    expect((await me.get('/api/tasks/inbox')).status).toBe(200);
    expect((await adminClient.patch(`/api/users/${res.body.id}`, { agencyId: 'not-a-uuid' })).status).toBe(400);
    const cleared = await adminClient.patch(`/api/users/${res.body.id}`, { agencyId: null });
    expect(cleared.body).toMatchObject({ agencyId: null, agencyName: null });
    const audit = await adminClient.get(`/api/audit?entityType=user&entityId=${res.body.id}`);
    expect(audit.body.items.map((i: { action: string }) => i.action).sort()).toEqual(['create', 'update']);
  });

  it('refuses a weak password, an unknown role and a taken username, naming the field', async () => {
    const { tree, adminClient, admin } = await setup();
    const weak = await adminClient.post('/api/users', { username: 'weakling', displayName: 'W', password: 'password', roles: [] });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.every((d: { path: string }) => d.path === 'password')).toBe(true);
    const role = await adminClient.post('/api/users', {
      username: 'roleless',
      displayName: 'R',
      password: TEST_PASSWORD,
      roles: [{ role: 'emperor', jurisdictionId: tree.district.id }],
    });
    expect(role.status).toBe(400);
    expect(role.body.error.details[0].path).toBe('roles.0.role');
    const taken = await adminClient.post('/api/users', {
      username: admin.user.username,
      displayName: 'T',
      password: TEST_PASSWORD,
      roles: [],
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.id).toBe('conflict');
  });

  it('keeps a township administrator within the township: no foreign users, no foreign grants', async () => {
    const { tree, townAdminClient } = await setup();
    const other = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.townshipB.id });
    const mine = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.communityA.id });
    const list = await townAdminClient.get('/api/users?pageSize=500');
    const ids = list.body.items.map((u: { id: string }) => u.id);
    expect(ids).toContain(mine.user.id);
    expect(ids).not.toContain(other.user.id);
    const patch = await townAdminClient.patch(`/api/users/${other.user.id}`, { disabled: true });
    expect(patch.status).toBe(404);
    const grant = await townAdminClient.post('/api/users', {
      username: `grab-${Date.now()}`,
      displayName: 'G',
      password: TEST_PASSWORD,
      roles: [{ role: 'viewer', jurisdictionId: tree.townshipB.id }],
    });
    expect(grant.status).toBe(400);
    expect(grant.body.error.details[0].path).toBe('roles.0.jurisdictionId');
    expect((await townAdminClient.patch('/api/users/not-a-uuid', { disabled: true })).status).toBe(404);
  });

  it('replaces only the roles inside the administrator’s subtree', async () => {
    const { tree, townAdminClient } = await setup();
    const both = await buildUser(t.database, {
      roles: [
        { role: 'viewer', jurisdictionId: tree.townshipA.id },
        { role: 'viewer', jurisdictionId: tree.townshipB.id },
      ],
    });
    const res = await townAdminClient.patch(`/api/users/${both.user.id}`, {
      roles: [{ role: 'township_officer', jurisdictionId: tree.communityA.id }],
    });
    expect(res.status).toBe(200);
    const held = res.body.roles.map((r: { role: string; jurisdictionId: string }) => `${r.role}@${r.jurisdictionId}`).sort();
    expect(held).toEqual([`township_officer@${tree.communityA.id}`, `viewer@${tree.townshipB.id}`].sort());
  });

  it('disables a user (their sessions end) and resets a password (lockout cleared)', async () => {
    const { tree, app, adminClient, admin } = await setup();
    const target = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.townshipA.id });
    const theirs = await signIn(app, target.user.username, target.password);
    const disabled = await adminClient.patch(`/api/users/${target.user.id}`, { disabled: true, displayName: '已停用' });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ disabled: true, displayName: '已停用' });
    expect((await theirs.get('/api/auth/me')).status).toBe(401);
    await expect(signIn(app, target.user.username, target.password)).rejects.toThrow(/401/);
    await adminClient.patch(`/api/users/${target.user.id}`, { disabled: false });
    expect((await adminClient.post(`/api/users/${target.user.id}/reset-password`, { password: 'weak' })).status).toBe(400);
    expect((await adminClient.post(`/api/users/${target.user.id}/reset-password`, { password: 'Reset-Pass-2024' })).status).toBe(204);
    await signIn(app, target.user.username, 'Reset-Pass-2024');
    // an administrator cannot lock themselves out
    const self = await adminClient.patch(`/api/users/${admin.user.id}`, { disabled: true });
    expect(self.status).toBe(400);
    expect(self.body.error.details[0].path).toBe('disabled');
  });

  it('lists roles with labels in both languages, for administrators only', async () => {
    const { tree, app, adminClient } = await setup();
    const roles = await adminClient.get('/api/roles');
    expect(roles.body.items.find((r: { id: string }) => r.id === 'epidemiologist')).toMatchObject({
      name: '流行病学/监测人员',
      nameEn: 'Epidemiologist (surveillance officer)',
    });
    const viewer = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.district.id });
    const client = await signIn(app, viewer.user.username, viewer.password);
    expect((await client.get('/api/roles')).status).toBe(403);
    expect((await client.get('/api/users')).body.error.id).toBe('forbidden');
  });
});
