import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { diseases } from '../catalogue/index.ts';
import { facilities } from '../registry/registry.tables.ts';
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
    const future = await client.get('/api/audit?from=2199-01-01');
    expect(future.body).toEqual({ items: [], total: 0, names: {} });
    const backwards = await client.get('/api/audit?from=2024-02-01&to=2024-01-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details[0].path).toBe('from');
    const viewer = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.district.id });
    const viewerClient = await signIn(app, viewer.user.username, viewer.password);
    expect((await viewerClient.get('/api/audit')).status).toBe(403);
  });

  it('shows a case report entry’s details only to readers of that case, and never its person data', async () => {
    const tree = await buildDistrictTree(t.database);
    const app = createTestApp(t.database, { identityKey: 'ab'.repeat(32) });
    const [hfmd] = await t.database.db.select().from(diseases).where(eq(diseases.code, 'hfmd'));
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const epiClient = await signIn(app, epi.user.username, epi.password);
    const [hospital] = await t.database.db
      .insert(facilities)
      .values({ name: 'H', nameEn: 'Hospital H', type: 'general_hospital', jurisdictionId: tree.townshipA.id })
      .returning();
    const filed = await epiClient.post('/api/cases', {
      facilityId: hospital!.id,
      diseaseId: hfmd!.id,
      jurisdictionId: tree.communityA.id,
      personName: '王秀英',
      sex: 'female',
      birthDate: '1990-03-04',
      idType: 'passport',
      idNumber: 'E12345678',
      phone: '13912345678',
      address: '望江镇滨江路 8 号',
      classification: 'clinical',
      onsetDate: '2026-03-08',
      diagnosisAt: '2026-03-10T09:00:00+08:00',
      reportedAt: '2026-03-10T12:00:00+08:00',
    });
    expect(filed.status).toBe(201);
    const caseId = filed.body.id as string;
    const corrected = await epiClient.patch(`/api/cases/${caseId}`, { phone: '13800000000', classification: 'confirmed' });
    expect(corrected.status).toBe(200);

    // the system administrator reads the audit log but not cases: action, actor, time, changed fields only
    const admin = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    const adminClient = await signIn(app, admin.user.username, admin.password);
    expect((await adminClient.get('/api/cases')).status).toBe(403);
    const seen = await adminClient.get(`/api/audit?entityType=case_report&entityId=${caseId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.items.map((r: { action: string }) => r.action)).toEqual(['update', 'create']);
    const update = seen.body.items[0];
    expect(update).toMatchObject({ detailsHidden: true, before: null, after: null, actor: { username: epi.user.username } });
    expect(update.changedFields).toEqual(expect.arrayContaining(['phone', 'classification']));
    for (const value of ['王秀英', '13912345678', '13800000000', '1990-03-04', '滨江路', 'E123', '5678']) {
      expect(JSON.stringify(seen.body)).not.toContain(value);
    }
    // hidden details are not searched for names: the case's place is not named to a reader who may not see it
    expect(seen.body.names[tree.communityA.id]).toBeUndefined();
    expect(update.actor.displayName).toBe(epi.user.displayName);

    // an auditor who also reads cases in that township sees the details — without the person data
    const auditor = await buildUser(t.database, {
      roles: [
        { role: 'system_admin', jurisdictionId: tree.district.id },
        { role: 'epidemiologist', jurisdictionId: tree.townshipA.id },
      ],
    });
    const auditorClient = await signIn(app, auditor.user.username, auditor.password);
    const detailed = await auditorClient.get(`/api/audit?entityType=case_report&entityId=${caseId}`);
    expect(detailed.body.items[0]).toMatchObject({
      detailsHidden: false,
      after: { classification: 'confirmed', phone: '[protected]', personName: '[protected]' },
    });
    expect(JSON.stringify(detailed.body)).not.toContain('13800000000');
    expect(detailed.body.names[tree.communityA.id]).toEqual({
      kind: 'jurisdiction',
      name: tree.communityA.name,
      nameEn: tree.communityA.nameEn,
    });
    // … and the same auditor reading cases only in the other township does not
    const elsewhere = await buildUser(t.database, {
      roles: [
        { role: 'system_admin', jurisdictionId: tree.district.id },
        { role: 'epidemiologist', jurisdictionId: tree.townshipB.id },
      ],
    });
    const elsewhereClient = await signIn(app, elsewhere.user.username, elsewhere.password);
    const hidden = await elsewhereClient.get(`/api/audit?entityType=case_report&entityId=${caseId}`);
    expect(hidden.body.items[0]).toMatchObject({ detailsHidden: true, before: null, after: null });
  });

  it('names the actors and the ids inside a role change, and offers a user picker within the auditor scope', async () => {
    const tree = await buildDistrictTree(t.database);
    const app = createTestApp(t.database);
    const admin = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    const adminClient = await signIn(app, admin.user.username, admin.password);
    const created = await adminClient.post('/api/users', {
      username: `officer.${Date.now().toString(36)}`,
      displayName: '审计测试干部',
      password: 'Strong-Pass-2024',
      roles: [{ role: 'township_officer', jurisdictionId: tree.townshipA.id }],
    });
    expect(created.status).toBe(201);
    const changed = await adminClient.patch(`/api/users/${created.body.id}`, {
      roles: [
        { role: 'township_officer', jurisdictionId: tree.townshipA.id },
        { role: 'commander', jurisdictionId: tree.townshipB.id },
      ],
    });
    expect(changed.status).toBe(200);

    const log = await adminClient.get(`/api/audit?entityType=user&entityId=${created.body.id}&action=update`);
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0].actor).toEqual({ id: admin.user.id, username: admin.user.username, displayName: admin.user.displayName });
    expect(log.body.names).toMatchObject({
      [created.body.id]: { kind: 'user', name: '审计测试干部', nameEn: null },
      [tree.townshipA.id]: { kind: 'jurisdiction', name: tree.townshipA.name, nameEn: tree.townshipA.nameEn },
      [tree.townshipB.id]: { kind: 'jurisdiction', name: tree.townshipB.name },
      township_officer: { kind: 'role', name: '乡镇/社区工作人员', nameEn: 'Township / community officer' },
      commander: { kind: 'role', name: '应急指挥' },
    });

    // The user picker: people by name or username; a township commander (auditor) only finds people of his township.
    const found = await adminClient.get(`/api/audit/actors?q=${encodeURIComponent('审计测试')}`);
    expect(found.body.items).toEqual([
      { id: created.body.id, username: created.body.username, displayName: '审计测试干部', disabled: false },
    ]);
    const townCommander = await buildUser(t.database, { role: 'commander', jurisdictionId: tree.townshipA.id });
    const townClient = await signIn(app, townCommander.user.username, townCommander.password);
    const theirs = (await townClient.get('/api/audit/actors')).body.items.map((u: { id: string }) => u.id);
    expect(theirs).toContain(created.body.id);
    expect(theirs).toContain(townCommander.user.id);
    expect(theirs).not.toContain(admin.user.id);
    // … and filtering by the picked person gives that person's actions only.
    const own = await adminClient.get(`/api/audit?actorId=${admin.user.id}&entityId=${created.body.id}`);
    expect(own.body.items.map((r: { action: string }) => r.action)).toEqual(['update', 'create']);
    const viewer = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.district.id });
    expect((await (await signIn(app, viewer.user.username, viewer.password)).get('/api/audit/actors')).status).toBe(403);
  });
});
