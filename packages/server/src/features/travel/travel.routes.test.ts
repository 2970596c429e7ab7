/**
 * Voyages, manifests, cohorts and the investigation (流调) over HTTP on both engines: recording a vessel and a
 * voyage, a case's journey on the investigation's timeline linking the case to the voyage, a GBK manifest with
 * row problems refused whole, then imported (identity numbers encrypted and masked), the cohort ranked by
 * proximity, bulk confirmation creating contacts through the contacts feature, decisions kept, scope and audit.
 */
import iconv from 'iconv-lite';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { makeResidentId } from '../cases/resident-id.ts';
import { diseases } from '../catalogue/index.ts';
import { contacts } from '../contacts/index.ts';
import { facilities } from '../registry/index.ts';
import { travelManifestEntries } from './travel.tables.ts';

const KEY = '5a'.repeat(32);
const CASE_ID = makeResidentId('500199', '1980-03-04', 11);

function addDays(date: string, n: number) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

async function uploadManifest(
  client: TestClient,
  tripId: string,
  filename: string,
  content: Uint8Array | string,
  fields: Record<string, string> = {},
) {
  if (!client.cookies.has('oc_csrf')) await client.get('/api/health');
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set(
    'file',
    new File([typeof content === 'string' ? new TextEncoder().encode(content) : (content as Uint8Array<ArrayBuffer>)], filename),
  );
  const res = await client.app.request(`/api/travel/trips/${tripId}/manifest/files`, {
    method: 'POST',
    body: form,
    headers: {
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': client.cookies.get('oc_csrf') ?? '',
    },
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe.each(testEngines())('travel and investigations HTTP API (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let epi: TestClient;
  let officerA: TestClient;
  let officerB: TestClient;
  let commander: TestClient;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let caseId: string;
  let tripId: string;
  let investigationId: string;
  let exposureId: string;
  const today = districtToday();
  const d = (n: number, time = '08:00') => `${addDays(today, -n)}T${time}:00+08:00`;

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const covid = (await t.database.db.select().from(diseases).where(eq(diseases.code, 'covid19')))[0]!.id;
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const a = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const b = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    const c = await buildUser(t.database, { role: 'commander', jurisdictionId: tree.district.id });
    app = createTestApp(t.database, { identityKey: KEY });
    epi = await signIn(app, e.user.username, e.password);
    officerA = await signIn(app, a.user.username, a.password);
    officerB = await signIn(app, b.user.username, b.password);
    commander = await signIn(app, c.user.username, c.password);
    const hospital = (
      await t.database.db
        .insert(facilities)
        .values({ name: '区人民医院', nameEn: "District People's Hospital", type: 'general_hospital', jurisdictionId: tree.townshipA.id })
        .returning()
    )[0]!.id;
    const res = await epi.post('/api/cases', {
      diseaseId: covid,
      facilityId: hospital,
      jurisdictionId: tree.communityA.id,
      personName: '陈明',
      idType: 'resident_id',
      idNumber: CASE_ID,
      classification: 'confirmed',
      onsetDate: addDays(today, -2),
      diagnosisAt: d(1, '09:00'),
      reportedAt: d(1, '10:00'),
    });
    expect(res.status).toBe(201);
    caseId = res.body.id;
  }, 120_000);

  it('records a vessel and a voyage with calls; refuses mistakes by field', async () => {
    const vessel = await epi.post('/api/travel/vessels', {
      name: '长江明珠号',
      registration: 'CJ-2026-001',
      decks: 4,
      passengerCapacity: 300,
    });
    expect(vessel.status).toBe(201);
    expect((await epi.post('/api/travel/vessels', { name: '重复', registration: 'CJ-2026-001' })).status).toBe(409);
    const base = {
      mode: 'voyage',
      jurisdictionId: tree.townshipA.id,
      vesselId: vessel.body.id,
      serviceNumber: 'CJ0826',
      origin: '重庆朝天门',
      destination: '宜昌',
      departsAt: d(6, '08:00'),
      arrivesAt: d(4, '20:00'),
      calls: [{ place: '涪陵', arrivesAt: d(6, '14:00'), departsAt: d(6, '15:00') }],
      terminal: '朝天门码头',
      berth: '3号泊位',
    };
    const noVessel = await epi.post('/api/travel/trips', { ...base, vesselId: null });
    expect(noVessel.status).toBe(400);
    expect(noVessel.body.error.details.map((i: { path: string }) => i.path)).toContain('vesselId');
    const backwards = await epi.post('/api/travel/trips', { ...base, arrivesAt: d(7) });
    expect(backwards.body.error.details.map((i: { path: string }) => i.path)).toContain('arrivesAt');
    expect((await epi.post('/api/travel/trips', { ...base, departsAt: '2026-02-30T08:00:00+08:00' })).status).toBe(400);
    const trip = await epi.post('/api/travel/trips', base);
    expect(trip.status).toBe(201);
    expect(trip.body).toMatchObject({
      mode: 'voyage',
      serviceNumber: 'CJ0826',
      manifestCount: 0,
      vessel: { name: '长江明珠号' },
      berth: '3号泊位',
    });
    expect(trip.body.code).toMatch(/^V\d{4}-\d{6}$/);
    tripId = trip.body.id;
    const list = await epi.get('/api/travel/trips?mode=voyage&q=CJ08');
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([tripId]);
    // township officers hold no travel right; a commander reads
    expect((await officerA.get('/api/travel/trips')).status).toBe(403);
    expect((await commander.get(`/api/travel/trips/${tripId}`)).status).toBe(200);
    expect((await commander.post('/api/travel/vessels', { name: 'x', registration: 'y' })).status).toBe(403);
  });

  it('starts the investigation from the case with the incubation window; scoped like the case', async () => {
    const none = await epi.get(`/api/cases/${caseId}/investigation`);
    expect(none.status).toBe(200);
    expect(none.body.investigation).toBeNull();
    expect(none.body.suggestedWindow).toEqual({ from: addDays(today, -16), to: addDays(today, -1) });
    expect((await officerB.get(`/api/cases/${caseId}/investigation`)).status).toBe(404);
    const started = await officerA.post(`/api/cases/${caseId}/investigation`, {});
    expect(started.status).toBe(201);
    expect(started.body.investigation).toMatchObject({
      status: 'open',
      windowFrom: addDays(today, -16),
      windowTo: addDays(today, -1),
      events: [],
    });
    investigationId = started.body.investigation.id;
    expect((await epi.post(`/api/cases/${caseId}/investigation`, {})).status).toBe(409);
    expect((await officerB.patch(`/api/investigations/${investigationId}`, { notes: 'x' })).status).toBe(404);
    const bad = await epi.patch(`/api/investigations/${investigationId}`, { windowFrom: addDays(today, -1), windowTo: addDays(today, -3) });
    expect(bad.status).toBe(400);
    const home = await officerA.post(`/api/investigations/${investigationId}/events`, {
      kind: 'market',
      startsAt: d(8, '07:30'),
      endsAt: d(8, '08:30'),
      place: '望江农贸市场',
      activity: '买菜',
    });
    expect(home.status).toBe(201);
    expect(home.body.investigation.events[0]).toMatchObject({ kind: 'market', place: '望江农贸市场', inWindow: true, trip: null });
    // a township officer cannot link a case to a voyage (travel.manage)
    const linkByOfficer = await officerA.post(`/api/investigations/${investigationId}/events`, {
      kind: 'voyage',
      startsAt: d(6, '08:00'),
      tripId,
    });
    expect(linkByOfficer.status).toBe(403);
    const wrongMode = await epi.post(`/api/investigations/${investigationId}/events`, { kind: 'train', startsAt: d(6, '08:00'), tripId });
    expect(wrongMode.status).toBe(400);
  });

  it('the journey on the voyage links the case and builds the cohort as manifests arrive', async () => {
    const res = await epi.post(`/api/investigations/${investigationId}/events`, {
      kind: 'voyage',
      startsAt: d(6, '08:00'),
      endsAt: d(4, '20:00'),
      tripId,
      place: '重庆朝天门 → 宜昌',
      serviceNumber: 'CJ0826',
      deck: '3',
      cabin: '305',
      boardedAt: '重庆朝天门',
      alightedAt: '涪陵',
    });
    expect(res.status).toBe(201);
    const journey = res.body.investigation.events.find((e: { kind: string }) => e.kind === 'voyage');
    expect(journey.trip).toMatchObject({ id: tripId, serviceNumber: 'CJ0826' });
    exposureId = journey.trip.exposureId;
    const mine = await epi.get(`/api/cases/${caseId}/travel-exposures`);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ id: exposureId, deck: '3', cabin: '305', cohort: { total: 0 } });
  });

  const HEADER = '姓名,类别,性别,证件类型,证件号码,联系电话,现住址,甲板,舱室,铺位,上船港,下船港';
  const person = (i: number, deck: string, cabin: string, extra: Partial<Record<'name' | 'id' | 'from' | 'to' | 'role', string>> = {}) =>
    [
      extra.name ?? `旅客${i}`,
      extra.role ?? '旅客',
      i % 2 ? '男' : '女',
      '身份证',
      extra.id ?? makeResidentId('500199', '1990-01-01', 100 + i),
      `1390000${String(i).padStart(4, '0')}`,
      '',
      deck,
      cabin,
      `${i}`,
      extra.from ?? '',
      extra.to ?? '',
    ].join(',');

  it('refuses a manifest with row problems whole, listing them; writes nothing', async () => {
    const csv = [
      HEADER,
      person(1, '3', '305'),
      person(2, '3', '306', { id: '123' }),
      person(3, '3', '307', { name: '' }),
      person(4, '2', '201', { id: makeResidentId('500199', '1990-01-01', 101) }),
    ].join('\n');
    const res = await uploadManifest(epi, tripId, '舱单.csv', new Uint8Array(iconv.encode(csv, 'gbk')));
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['rows.3.idNumber', 'rows.4.personName', 'rows.5.idNumber']));
    expect(res.body.error.details.find((i: { path: string }) => i.path === 'rows.5.idNumber').code).toBe('duplicate_in_file');
    expect((await t.database.db.select().from(travelManifestEntries).where(eq(travelManifestEntries.tripId, tripId))).length).toBe(0);
  });

  it('previews and imports a GBK manifest; identity numbers encrypted, masked, stars without cases.identity', async () => {
    const rows = [
      HEADER,
      person(0, '3', '305', { name: '陈明', id: CASE_ID }), // the case itself
      person(1, '3', '305', { from: '', to: '' }),
      person(2, '3', '305'),
      person(3, '3', '310'),
      person(4, '3', '311'),
      person(5, '2', '201'),
      person(6, '1', '101', { from: '涪陵', to: '宜昌', role: '船员' }),
      person(7, '1', '102', { from: '涪陵' }),
    ];
    rows[2] = rows[2]!.replace(',,3,305', `,${tree.communityA.name}某小区,3,305`);
    const gbk = new Uint8Array(iconv.encode(rows.join('\r\n'), 'gbk'));
    const preview = await uploadManifest(epi, tripId, '舱单.csv', gbk, { preview: 'true' });
    expect(preview.status).toBe(200);
    expect(preview.body.totalRows).toBe(8);
    expect(preview.body.suggested).toMatchObject({
      personName: '姓名',
      idNumber: '证件号码',
      deck: '甲板',
      cabin: '舱室',
      seat: '铺位',
      boardedAt: '上船港',
    });
    const res = await uploadManifest(epi, tripId, '舱单.csv', gbk);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ imported: 8, manifestCount: 8, cohortsRebuilt: 1 });
    const stored = await t.database.db.select().from(travelManifestEntries).where(eq(travelManifestEntries.tripId, tripId));
    const one = stored.find((s) => s.personName === '旅客1')!;
    expect(one.idNumberEncrypted).not.toContain(makeResidentId('500199', '1990-01-01', 101));
    expect(one.idNumberMasked).toMatch(/^500199\*+\d{3}[\dX]$/);
    expect(one.residenceJurisdictionId).toBe(tree.communityA.id);
    const manifest = await epi.get(`/api/travel/trips/${tripId}/manifest?pageSize=50`);
    expect(manifest.body.total).toBe(8);
    expect(manifest.body.items[1].idNumberMasked).toMatch(/^500199\*+/);
    const forCommander = await commander.get(`/api/travel/trips/${tripId}/manifest`);
    expect(forCommander.body.items[1].idNumberMasked).toMatch(/^\*+$/);
    expect((await commander.get(`/api/travel/manifest-entries/${one.id}/identity`)).status).toBe(403);
    const reveal = await epi.get(`/api/travel/manifest-entries/${one.id}/identity`);
    expect(reveal.body).toEqual({ idType: 'resident_id', idNumber: makeResidentId('500199', '1990-01-01', 101) });
    const reads = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'travel_manifest_identity'), eq(auditLog.entityId, one.id)));
    expect(reads).toHaveLength(1);
    // the same people again: refused, already on the manifest
    const again = await uploadManifest(epi, tripId, '舱单.csv', gbk);
    expect(again.status).toBe(400);
    expect(again.body.error.details[0].code).toBe('already_on_manifest');
  });

  it('ranks the cohort: same cabin, same deck, same vessel; the case itself and non-overlapping legs left out', async () => {
    const cohort = await epi.get(`/api/travel/exposures/${exposureId}/cohort?pageSize=50`);
    expect(cohort.status).toBe(200);
    expect(cohort.body.exposure.manifestEntryId).not.toBeNull();
    const byName = Object.fromEntries(cohort.body.items.map((m: any) => [m.entry.personName, m]));
    expect(Object.keys(byName).sort()).toEqual(['旅客1', '旅客2', '旅客3', '旅客4', '旅客5'].sort());
    expect(byName.旅客1).toMatchObject({ proximity: 'same_cabin', rank: 1, suggestedRisk: 'high', status: 'suggested' });
    expect(byName.旅客3).toMatchObject({ proximity: 'same_deck', rank: 2, suggestedRisk: 'medium' });
    expect(byName.旅客5).toMatchObject({ proximity: 'same_vessel', rank: 3, suggestedRisk: 'low' });
    expect(cohort.body.exposure.cohort).toMatchObject({ total: 5, byRank: { '1': 2, '2': 2, '3': 1 }, suggested: 5 });
    const high = await epi.get(`/api/travel/exposures/${exposureId}/cohort?rank=1`);
    expect(high.body.total).toBe(2);
  });

  it('confirms the high-risk members as contacts in one transaction; decisions are kept', async () => {
    const high = (await epi.get(`/api/travel/exposures/${exposureId}/cohort?rank=1`)).body.items;
    const ids = high.map((m: { id: string }) => m.id);
    const missing = await epi.post(`/api/travel/exposures/${exposureId}/cohort/confirm`, { memberIds: ids });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toBe('defaultJurisdictionId');
    const outside = await officerA.post(`/api/travel/exposures/${exposureId}/cohort/confirm`, {
      memberIds: ids,
      defaultJurisdictionId: tree.townshipB.id,
    });
    expect(outside.status).toBe(403);
    const res = await epi.post(`/api/travel/exposures/${exposureId}/cohort/confirm`, {
      memberIds: ids,
      defaultJurisdictionId: tree.townshipB.id,
    });
    expect(res.body).toMatchObject({ changed: 2 });
    expect(res.body.exposure.cohort).toMatchObject({ confirmed: 2, suggested: 3 });
    const rows = await t.database.db.select().from(contacts).where(eq(contacts.sourceCaseId, caseId));
    expect(rows).toHaveLength(2);
    const p1 = rows.find((r) => r.personName === '旅客1')!;
    expect(p1).toMatchObject({
      jurisdictionId: tree.communityA.id,
      setting: 'vessel',
      relation: 'fellow_traveller',
      contactType: 'close',
      riskCategory: 'high',
      degree: 1,
      idType: 'resident_id',
    });
    // the case left at the first call: the last exposure is the arrival there
    expect(p1.lastExposureAt.toISOString()).toBe(new Date(d(6, '14:00')).toISOString());
    expect(String(p1.followUpUntil).slice(0, 10)).toBe(addDays(addDays(today, -6), 14));
    expect(rows.find((r) => r.personName === '旅客2')!.jurisdictionId).toBe(tree.townshipB.id);
    // through the contacts API, as any contact
    const viaApi = await epi.get(`/api/contacts?sourceCaseId=${caseId}`);
    expect(viaApi.body.total).toBe(2);
    expect(viaApi.body.items[0].idNumberMasked).toMatch(/^500199\*+/);
    expect(
      (await epi.post(`/api/travel/exposures/${exposureId}/cohort/confirm`, { memberIds: ids, defaultJurisdictionId: tree.townshipB.id }))
        .status,
    ).toBe(409);
    const low = (await epi.get(`/api/travel/exposures/${exposureId}/cohort?rank=3`)).body.items.map((m: { id: string }) => m.id);
    const dismissed = await epi.post(`/api/travel/exposures/${exposureId}/cohort/dismiss`, { memberIds: low });
    expect(dismissed.body.exposure.cohort).toMatchObject({ confirmed: 2, dismissed: 1, suggested: 2 });
    // a trip change rebuilds suggestions but keeps decisions
    const patched = await epi.patch(`/api/travel/trips/${tripId}`, { berth: '5号泊位' });
    expect(patched.body.error ?? null).toBeNull();
    const after = (await epi.get(`/api/travel/exposures/${exposureId}`)).body.cohort;
    expect(after).toMatchObject({ confirmed: 2, dismissed: 1, suggested: 2 });
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityType, 'travel_cohort'));
    expect(audits.map((a) => a.action).sort()).toEqual(['confirm', 'dismiss']);
  });

  it('a second file adds its people to the cohort (decisions kept); odd characters are stored as written', async () => {
    const before = (await epi.get(`/api/travel/exposures/${exposureId}`)).body.cohort;
    expect(before).toMatchObject({ total: 5, confirmed: 2, dismissed: 1, suggested: 2 });
    const odd = '王"小\\二,{补登}';
    const rows = [
      HEADER,
      person(8, '3', '305', { name: `"${odd.replace(/"/g, '""')}"` }), // same cabin as the case
      person(9, '2', '202'), // another deck
      person(10, '1', '101', { from: '涪陵' }), // boarded after the case left: not in the cohort
    ];
    const res = await uploadManifest(epi, tripId, '补登.csv', new Uint8Array(iconv.encode(rows.join('\r\n'), 'gbk')));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ imported: 3, manifestCount: 11, cohortsRebuilt: 1 });
    const stored = await t.database.db.select().from(travelManifestEntries).where(eq(travelManifestEntries.tripId, tripId));
    expect(stored.map((e) => e.rowNumber).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(stored.find((e) => e.rowNumber === 9)).toMatchObject({ personName: odd, deck: '3', cabin: '305', seat: '8' });
    const after = (await epi.get(`/api/travel/exposures/${exposureId}`)).body.cohort;
    expect(after).toMatchObject({ total: 7, confirmed: 2, dismissed: 1, suggested: 4, byRank: { '1': 3, '2': 2, '3': 2 } });
    const cohort = await epi.get(`/api/travel/exposures/${exposureId}/cohort?pageSize=50`);
    const byName = Object.fromEntries(cohort.body.items.map((m: any) => [m.entry.personName, m]));
    expect(byName[odd]).toMatchObject({ proximity: 'same_cabin', rank: 1, suggestedRisk: 'high', status: 'suggested' });
    expect(byName.旅客9).toMatchObject({ proximity: 'same_vessel', rank: 3, suggestedRisk: 'low' });
    expect(byName.旅客10).toBeUndefined();
    expect(byName.旅客1).toMatchObject({ status: 'confirmed' });
    // one of them again, beside a new person: the whole file refused, the row named
    const again = await uploadManifest(
      epi,
      tripId,
      '补登.csv',
      new Uint8Array(iconv.encode([HEADER, person(11, '2', '203'), person(9, '2', '202')].join('\r\n'), 'gbk')),
    );
    expect(again.status).toBe(400);
    expect(again.body.error.details).toEqual([
      expect.objectContaining({ path: 'rows.3.idNumber', code: 'already_on_manifest', params: { row: 3, field: 'idNumber' } }),
    ]);
    expect((await t.database.db.select().from(travelManifestEntries).where(eq(travelManifestEntries.tripId, tripId))).length).toBe(11);
  });

  it('the investigation records the likely source and closes', async () => {
    const res = await epi.patch(`/api/investigations/${investigationId}`, {
      likelySourceKind: 'travel',
      likelySource: 'CJ0826 航次同舱旅客',
      notes: '电话流调 40 分钟',
      status: 'closed',
    });
    expect(res.status).toBe(200);
    expect(res.body.investigation).toMatchObject({ likelySourceKind: 'travel', status: 'closed' });
    expect(res.body.investigation.closedAt).not.toBeNull();
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, investigationId));
    expect(audit.map((a) => a.action)).toEqual(['create', 'close']);
    // the notes are not kept in the audit log
    expect(JSON.stringify(audit[1]!.after)).not.toContain('电话流调');
  });
});
