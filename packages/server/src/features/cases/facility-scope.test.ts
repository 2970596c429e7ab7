/**
 * Issue 11, item 6: a hospital reporter is bound to its facility. It lists, opens, searches and corrects only
 * the reports its facility filed (another facility's report answers 404 as if it did not exist); when it files a
 * report of a person another facility reported, it learns that a possible duplicate exists and where, not that
 * report's personal data. A reporter account needs a facility.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { facilities } from '../registry/registry.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { makeResidentId } from './resident-id.ts';

const KEY = '7e'.repeat(32);
const SHARED_ID = makeResidentId('500199', '1990-05-06', 124);

describe.each(testEngines())('a hospital reporter sees its own facility’s reports only (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let epi: TestClient;
  let reporter: TestClient;
  let admin: TestClient;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let own: string;
  let other: string;
  let hiv: string;
  let ownCase: string;
  let otherCase: string;

  const report = (over: Record<string, unknown>) => ({
    diseaseId: hiv,
    jurisdictionId: tree.communityB.id,
    idType: 'none',
    idNumber: null,
    sex: 'female',
    birthDate: '1980-01-01',
    phone: '13700000000',
    address: 'Other hospital street 9',
    classification: 'confirmed',
    diagnosisAt: '2026-03-10T09:00:00+08:00',
    reportedAt: '2026-03-10T12:00:00+08:00',
    ...over,
  });

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const db = t.database.db;
    own = (
      await db
        .insert(facilities)
        .values({ name: '甲医院', nameEn: 'Hospital A', type: 'general_hospital', jurisdictionId: tree.townshipA.id })
        .returning()
    )[0]!.id;
    other = (
      await db
        .insert(facilities)
        .values({ name: '乙医院', nameEn: 'Hospital B', type: 'general_hospital', jurisdictionId: tree.townshipB.id })
        .returning()
    )[0]!.id;
    hiv = (await db.select().from(diseases).where(eq(diseases.code, 'hiv_aids')))[0]!.id;
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const r = await buildUser(t.database, { role: 'hospital_reporter', jurisdictionId: tree.district.id, facilityId: own });
    const a = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    app = createTestApp(t.database, { identityKey: KEY });
    epi = await signIn(app, e.user.username, e.password);
    reporter = await signIn(app, r.user.username, r.password);
    admin = await signIn(app, a.user.username, a.password);
    // another hospital's cards (filed by the CDC here), one of them of the person the reporter will report
    const filed = await epi.post(
      '/api/cases',
      report({ personName: '钱秘密', facilityId: other, idType: 'resident_id', idNumber: SHARED_ID, birthDate: null, sex: 'unknown' }),
    );
    expect(filed.status).toBe(201);
    otherCase = filed.body.id;
    await epi.post('/api/cases', report({ personName: '孙隐私', facilityId: other }));
    ownCase = (
      await epi.post(
        '/api/cases',
        report({ personName: '本院患者', facilityId: own, jurisdictionId: tree.communityA.id, address: 'Own street 1' }),
      )
    ).body.id;
  }, 120_000);

  it('lists and searches only its facility’s reports', async () => {
    const list = await reporter.get('/api/cases');
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([ownCase]);
    expect(list.body.total).toBe(1);
    expect((await reporter.get(`/api/cases?q=${encodeURIComponent('钱秘密')}`)).body.total).toBe(0);
    expect((await reporter.get(`/api/cases?facilityId=${other}`)).body.total).toBe(0);
    // the CDC sees all three
    expect((await epi.get('/api/cases')).body.total).toBe(3);
  });

  it('answers 404 for another facility’s report, to read and to correct', async () => {
    expect((await reporter.get(`/api/cases/${otherCase}`)).status).toBe(404);
    expect((await reporter.patch(`/api/cases/${otherCase}`, { phone: '1' })).status).toBe(404);
    expect((await reporter.get(`/api/cases/${ownCase}`)).status).toBe(200);
    expect((await reporter.patch(`/api/cases/${ownCase}`, { outcome: 'recovered' })).status).toBe(200);
  });

  it('files for its own facility only', async () => {
    const elsewhere = await reporter.post('/api/cases', report({ personName: '新患者', facilityId: other, birthDate: '1991-01-01' }));
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.details).toEqual([{ path: 'facilityId', message: expect.any(String) }]);
    const unset = await reporter.post('/api/cases', report({ personName: '新患者', birthDate: '1991-01-01' }));
    expect(unset.status).toBe(201);
    expect(unset.body.facility).toMatchObject({ id: own });
  });

  it('learns that another facility reported the person, not that report’s personal data', async () => {
    const mine = await reporter.post(
      '/api/cases',
      report({
        personName: '钱某',
        facilityId: own,
        idType: 'resident_id',
        idNumber: SHARED_ID,
        birthDate: null,
        sex: 'unknown',
        phone: '13600000000',
        address: 'Own street 2',
        diagnosisAt: '2026-03-11T09:00:00+08:00',
        reportedAt: '2026-03-11T10:00:00+08:00',
      }),
    );
    expect(mine.status).toBe(201);
    expect(mine.body.possibleDuplicates).toEqual([
      expect.objectContaining({
        id: otherCase,
        match: 'identity',
        otherFacility: true,
        facility: expect.objectContaining({ id: other, nameEn: 'Hospital B' }),
      }),
    ]);
    const pairs = await reporter.get('/api/cases/duplicates?since=all');
    expect(pairs.status).toBe(200);
    expect(pairs.body.total).toBe(1);
    expect(pairs.body.items[0].a.id).toBe(mine.body.id);
    expect(pairs.body.items[0].b).toMatchObject({ id: otherCase, restricted: true, facility: { id: other } });
    for (const body of [mine.body, pairs.body]) {
      const text = JSON.stringify(body);
      for (const secret of ['钱秘密', '孙隐私', '13700000000', 'Other hospital street 9']) expect(text).not.toContain(secret);
    }
    // and the other card stays closed
    expect((await reporter.get(`/api/cases/${otherCase}`)).status).toBe(404);
  });

  it('counts timeliness of its own facility only', async () => {
    const res = await reporter.get('/api/cases/timeliness?from=2026-03-01&to=2026-03-31');
    expect(res.status).toBe(200);
    expect(res.body.facilities.map((f: { facilityId: string }) => f.facilityId)).toEqual([own]);
  });

  it('needs a facility for a reporter account', async () => {
    const base = {
      displayName: 'R',
      password: 'Harder-Pass-2026!',
      roles: [{ role: 'hospital_reporter', jurisdictionId: tree.district.id }],
    };
    const refused = await admin.post('/api/users', { ...base, username: 'reporter.nofacility' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: 'facilityId', message: expect.stringContaining('hospital_reporter') }]);
    const created = await admin.post('/api/users', { ...base, username: 'reporter.bound', facilityId: own });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ facilityId: own, facilityNameEn: 'Hospital A' });
    expect((await admin.patch(`/api/users/${created.body.id}`, { facilityId: null })).status).toBe(400);
  });
});
