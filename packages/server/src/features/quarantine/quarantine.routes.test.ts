/**
 * Quarantine over HTTP on both engines: rooms of a site, placing a contact in a room (end from the follow-up
 * clock), no double occupancy (also two clerks at once), transfer, release, scope (a township officer sees their
 * residents only, every site's counts), occupancy figures, the notices as PDF (text checked with pdftotext,
 * identity number masked without cases.identity), and audit.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { makeResidentId } from '../cases/resident-id.ts';
import { diseases } from '../catalogue/index.ts';
import { facilities } from '../registry/index.ts';

const KEY = '5a'.repeat(32);
const ID = makeResidentId('500199', '1990-05-02', 222);

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'oc-notice-'));
  try {
    writeFileSync(join(dir, 'n.pdf'), bytes);
    return execFileSync('pdftotext', [join(dir, 'n.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function getBytes(client: TestClient, path: string) {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await client.app.request(path, { headers: { cookie } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe.each(testEngines())('quarantine HTTP API (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let epi: TestClient;
  let officerA: TestClient;
  let officerB: TestClient;
  let logistics: TestClient;
  let reporter: TestClient;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let caseId: string;
  let hotel: string;
  let rooms: Record<string, string>;
  let hospitalId: string;
  const today = districtToday();
  const exposure = `${addDays(today, -3)}T10:00:00+08:00`;

  async function contact(name: string, jurisdictionId: string, over: Record<string, unknown> = {}) {
    const res = await epi.post('/api/contacts', {
      sourceCaseId: caseId,
      personName: name,
      jurisdictionId,
      lastExposureAt: exposure,
      ...over,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; followUpUntil: string };
  }

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const covid = (await t.database.db.select().from(diseases).where(eq(diseases.code, 'covid19')))[0]!.id;
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const a = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const b = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    const l = await buildUser(t.database, { role: 'logistics_officer', jurisdictionId: tree.district.id });
    const r = await buildUser(t.database, { role: 'hospital_reporter', jurisdictionId: tree.district.id });
    app = createTestApp(t.database, { identityKey: KEY });
    epi = await signIn(app, e.user.username, e.password);
    officerA = await signIn(app, a.user.username, a.password);
    officerB = await signIn(app, b.user.username, b.password);
    logistics = await signIn(app, l.user.username, l.password);
    reporter = await signIn(app, r.user.username, r.password);
    const [hospital] = await t.database.db
      .insert(facilities)
      .values({ name: '区人民医院', nameEn: "District People's Hospital", type: 'general_hospital', jurisdictionId: tree.townshipA.id })
      .returning();
    hospitalId = hospital!.id;
    [{ id: hotel }] = await t.database.db
      .insert(facilities)
      .values({
        name: '江畔酒店',
        nameEn: 'Riverside Hotel',
        type: 'quarantine_hotel',
        jurisdictionId: tree.townshipA.id,
        rooms: 80,
        phone: '023-6000 1234',
      })
      .returning({ id: facilities.id });
    const res = await epi.post('/api/cases', {
      diseaseId: covid,
      facilityId: hospital!.id,
      jurisdictionId: tree.communityB.id,
      personName: '李强',
      classification: 'confirmed',
      diagnosisAt: `${addDays(today, -2)}T09:00:00+08:00`,
      reportedAt: `${addDays(today, -2)}T10:00:00+08:00`,
    });
    expect(res.status).toBe(201);
    caseId = res.body.id;
  }, 120_000);

  it('adds rooms (quarantine.sites; numbers unique per site) and shows the site empty', async () => {
    expect((await officerA.post(`/api/quarantine/sites/${hotel}/rooms`, { rooms: [{ roomNo: '201' }] })).status).toBe(403);
    const res = await logistics.post(`/api/quarantine/sites/${hotel}/rooms`, {
      rooms: [
        { roomNo: '201', floor: 2 },
        { roomNo: '202', floor: 2 },
        { roomNo: '301', floor: 3, capacity: 2 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.site).toMatchObject({ rooms: 3, roomsInService: 3, capacity: 4, occupied: 0, free: 4, registryRooms: 80 });
    rooms = Object.fromEntries(res.body.rooms.map((r: { roomNo: string; id: string }) => [r.roomNo, r.id]));
    const twice = await logistics.post(`/api/quarantine/sites/${hotel}/rooms`, {
      rooms: [{ roomNo: '201' }, { roomNo: '9' }, { roomNo: '9' }],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details.map((i: { path: string }) => i.path).sort()).toEqual(['rooms.0.roomNo', 'rooms.2.roomNo']);
    // a facility that is no quarantine site is not found
    const [clinic] = await t.database.db
      .insert(facilities)
      .values({ name: '发热门诊', nameEn: 'Fever clinic', type: 'fever_clinic', jurisdictionId: tree.townshipA.id })
      .returning();
    expect((await logistics.post(`/api/quarantine/sites/${clinic!.id}/rooms`, { rooms: [{ roomNo: '1' }] })).status).toBe(404);
  });

  it('places a contact in a room until followUpUntil, refuses a full room, and scopes the stay to the residence', async () => {
    const wang = await contact('王芳', tree.communityA.id, { idType: 'resident_id', idNumber: ID });
    const li = await contact('李明', tree.communityA.id);
    const placed = await officerA.post('/api/quarantine/assignments', {
      contactId: wang.id,
      kind: 'site',
      siteId: hotel,
      roomId: rooms['201'],
    });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      kind: 'site',
      status: 'active',
      startDate: today,
      endDate: wang.followUpUntil,
      site: { id: hotel, name: '江畔酒店' },
      room: { roomNo: '201' },
      contact: { id: wang.id, personName: '王芳' },
      jurisdictionId: tree.communityA.id,
    });
    expect(placed.body.code).toMatch(/^Q\d{4}-\d{6}$/);
    // the room is full; the person is in quarantine already
    const full = await officerA.post('/api/quarantine/assignments', {
      contactId: li.id,
      kind: 'site',
      siteId: hotel,
      roomId: rooms['201'],
    });
    expect(full.status).toBe(409);
    expect(full.body.error.reason).toBe('room_full');
    const again = await officerA.post('/api/quarantine/assignments', { contactId: wang.id, kind: 'home' });
    expect(again.status).toBe(409);
    expect(again.body.error.reason).toBe('already_exists');
    // mistakes: no room, a room of no site, a future start, an end before the start
    const noRoom = await officerA.post('/api/quarantine/assignments', { contactId: li.id, kind: 'site', siteId: hotel });
    expect(noRoom.status).toBe(400);
    const future = await officerA.post('/api/quarantine/assignments', { contactId: li.id, kind: 'home', startDate: addDays(today, 2) });
    expect(future.status).toBe(400);
    const backwards = await officerA.post('/api/quarantine/assignments', { contactId: li.id, kind: 'home', endDate: addDays(today, -1) });
    expect(backwards.status).toBe(400);
    // township B's officer: not their resident, not their stay; the site's counts are visible, its people not
    expect((await officerB.post('/api/quarantine/assignments', { contactId: li.id, kind: 'home' })).status).toBe(400);
    expect((await officerB.get(`/api/quarantine/assignments/${placed.body.id}`)).status).toBe(404);
    expect((await officerB.get('/api/quarantine/assignments')).body.total).toBe(0);
    const siteForB = await officerB.get(`/api/quarantine/sites/${hotel}`);
    expect(siteForB.status).toBe(200);
    expect(siteForB.body.site).toMatchObject({ occupied: 1, capacity: 4, arrivalsToday: 1 });
    expect(siteForB.body.rooms.find((r: { roomNo: string }) => r.roomNo === '201')).toMatchObject({ occupied: 1, occupants: [] });
    const siteForA = await officerA.get(`/api/quarantine/sites/${hotel}`);
    expect(siteForA.body.rooms.find((r: { roomNo: string }) => r.roomNo === '201').occupants[0]).toMatchObject({ personName: '王芳' });
    // no right: 403
    expect((await reporter.get('/api/quarantine/occupancy')).status).toBe(403);
    expect((await reporter.get('/api/quarantine/assignments')).status).toBe(403);
    // audited as a create of the stay
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'quarantine_assignment'), eq(auditLog.entityId, placed.body.id)));
    expect(entry).toMatchObject({ action: 'create' });
  });

  it('two clerks placing two people in the last place at once: exactly one succeeds', async () => {
    const a = await contact('赵一', tree.communityA.id);
    const b = await contact('钱二', tree.communityA.id);
    const results = await Promise.all([
      epi.post('/api/quarantine/assignments', { contactId: a.id, kind: 'site', siteId: hotel, roomId: rooms['202'] }),
      officerA.post('/api/quarantine/assignments', { contactId: b.id, kind: 'site', siteId: hotel, roomId: rooms['202'] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const site = await epi.get(`/api/quarantine/sites/${hotel}`);
    expect(site.body.rooms.find((r: { roomNo: string }) => r.roomNo === '202').occupied).toBe(1);
  });

  it('transfers to home and releases with a reason; occupancy follows', async () => {
    const zhou = await contact('周三', tree.communityA.id);
    const placed = await epi.post('/api/quarantine/assignments', { contactId: zhou.id, kind: 'site', siteId: hotel, roomId: rooms['301'] });
    expect(placed.status).toBe(201);
    const before = (await epi.get('/api/quarantine/occupancy')).body;
    // a move to another room of the same site is neither an arrival nor a release of the site
    const added = await logistics.post(`/api/quarantine/sites/${hotel}/rooms`, { rooms: [{ roomNo: '303', floor: 3 }] });
    const room303 = added.body.rooms.find((r: { roomNo: string }) => r.roomNo === '303').id;
    const roomMove = await epi.post(`/api/quarantine/assignments/${placed.body.id}/transfer`, {
      kind: 'site',
      siteId: hotel,
      roomId: room303,
    });
    expect(roomMove.status).toBe(201);
    expect(roomMove.body.room.roomNo).toBe('303');
    const siteBefore = before.sites.find((s: { id: string }) => s.id === hotel);
    const sameSite = (await epi.get('/api/quarantine/occupancy')).body.sites.find((s: { id: string }) => s.id === hotel);
    expect(sameSite).toMatchObject({
      occupied: siteBefore.occupied,
      arrivalsToday: siteBefore.arrivalsToday,
      releasesToday: siteBefore.releasesToday,
    });
    const moved = await epi.post(`/api/quarantine/assignments/${roomMove.body.id}/transfer`, { kind: 'home', homeAddress: '望江路1号' });
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({
      kind: 'home',
      status: 'active',
      previousId: roomMove.body.id,
      homeAddress: '望江路1号',
      startDate: today,
    });
    const old = await epi.get(`/api/quarantine/assignments/${roomMove.body.id}`);
    expect(old.body).toMatchObject({ status: 'transferred', endedOn: today });
    const after = (await epi.get('/api/quarantine/occupancy')).body;
    const site = (o: { sites: { id: string; occupied: number; releasesToday: number }[] }) => o.sites.find((s) => s.id === hotel)!;
    expect(site(after).occupied).toBe(site(before).occupied - 1);
    expect(site(after).releasesToday).toBe(site(before).releasesToday + 1);
    expect(after.home.active).toBe(before.home.active + 1);
    expect(after.home.arrivalsToday).toBe(before.home.arrivalsToday + 1);
    // release: 'other' needs a word; not in the future
    const id = moved.body.id;
    expect((await epi.post(`/api/quarantine/assignments/${id}/release`, { reason: 'other' })).status).toBe(400);
    expect(
      (await epi.post(`/api/quarantine/assignments/${id}/release`, { reason: 'period_completed', releasedOn: addDays(today, 1) })).status,
    ).toBe(400);
    const released = await epi.post(`/api/quarantine/assignments/${id}/release`, { reason: 'not_a_contact', notes: '核实后排除' });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: 'released', endedOn: today, releaseReason: 'not_a_contact' });
    expect((await epi.post(`/api/quarantine/assignments/${id}/release`, { reason: 'period_completed' })).status).toBe(409);
    expect((await epi.get('/api/quarantine/occupancy')).body.home.active).toBe(before.home.active);
    // the person may be placed again
    expect((await epi.post('/api/quarantine/assignments', { contactId: zhou.id, kind: 'home' })).status).toBe(201);
  });

  it('edits the dates of a stay; a room out of service takes nobody; a room capacity not below its people', async () => {
    const sun = await contact('孙四', tree.communityA.id);
    const placed = await epi.post('/api/quarantine/assignments', { contactId: sun.id, kind: 'home' });
    const changed = await epi.patch(`/api/quarantine/assignments/${placed.body.id}`, { endDate: addDays(sun.followUpUntil, 2) });
    expect(changed.status).toBe(200);
    expect(changed.body.endDate).toBe(addDays(sun.followUpUntil, 2));
    expect((await epi.patch(`/api/quarantine/assignments/${placed.body.id}`, { endDate: addDays(today, -5) })).status).toBe(400);
    const site = (await epi.get(`/api/quarantine/sites/${hotel}`)).body;
    const room201 = site.rooms.find((r: { roomNo: string }) => r.roomNo === '201');
    expect((await logistics.patch(`/api/quarantine/rooms/${room201.id}`, { inService: false })).status).toBe(200);
    const other = await contact('吴五', tree.communityA.id);
    const closed = await epi.post('/api/quarantine/assignments', { contactId: other.id, kind: 'site', siteId: hotel, roomId: room201.id });
    expect(closed.status).toBe(409);
    expect(closed.body.error.reason).toBe('room_out_of_service');
    expect((await logistics.patch(`/api/quarantine/rooms/${room201.id}`, { inService: true })).status).toBe(200);
    // a room for two with two people cannot become a single
    const a = await contact('郑六', tree.communityA.id);
    const b = await contact('冯七', tree.communityA.id);
    for (const c of [a, b])
      expect(
        (await epi.post('/api/quarantine/assignments', { contactId: c.id, kind: 'site', siteId: hotel, roomId: rooms['301'] })).status,
      ).toBe(201);
    const shrink = await logistics.patch(`/api/quarantine/rooms/${rooms['301']}`, { capacity: 1 });
    expect(shrink.status).toBe(400);
    expect(shrink.body.error.details[0].path).toBe('capacity');
  });

  it('prints the quarantine and release notices in Chinese, the number masked without cases.identity; downloads audited', async () => {
    const list = await epi.get('/api/quarantine/assignments?q=王芳');
    const stay = list.body.items[0];
    const forOfficer = await getBytes(officerA, `/api/quarantine/assignments/${stay.id}/notice`);
    expect(forOfficer.status).toBe(200);
    expect(forOfficer.type).toBe('application/pdf');
    const text = pdfText(forOfficer.bytes);
    expect(text).toContain('隔离通知书');
    expect(text).toContain('王芳');
    expect(text).toContain(stay.code);
    expect(text).toContain('集中隔离医学观察');
    expect(text).toContain('江畔酒店201房间');
    expect(text).toContain('密切接触者');
    expect(text).not.toContain(ID);
    expect(text).not.toContain(ID.slice(-4));
    expect(text).toContain('*'.repeat(8));
    const forEpi = pdfText((await getBytes(epi, `/api/quarantine/assignments/${stay.id}/notice`)).bytes);
    expect(forEpi).toContain(ID);
    // release notice: only for a released stay
    expect((await getBytes(epi, `/api/quarantine/assignments/${stay.id}/notice?kind=release`)).status).toBe(409);
    expect((await epi.post(`/api/quarantine/assignments/${stay.id}/release`, { reason: 'period_completed' })).status).toBe(200);
    const release = pdfText((await getBytes(epi, `/api/quarantine/assignments/${stay.id}/notice?kind=release`)).bytes);
    expect(release).toContain('解除隔离通知书');
    expect(release).toContain('隔离医学观察期满');
    // township B: not found
    expect((await getBytes(officerB, `/api/quarantine/assignments/${stay.id}/notice`)).status).toBe(404);
    const exports = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'quarantine_notice'), eq(auditLog.entityId, stay.id)));
    expect(exports.map((e) => [e.action, (e.after as { notice: string; identityShown: boolean }).identityShown]).sort()).toEqual([
      ['export', false],
      ['export', true],
      ['export', true],
    ]);
  });

  it('isolates a case person (scoped like the case, own release reasons, the notice names the case)', async () => {
    // the case was reported in township B: B's officer isolates the person at home; A's officer cannot
    expect((await officerA.post('/api/quarantine/assignments', { caseReportId: caseId, kind: 'home' })).status).toBe(400);
    const both = await officerB.post('/api/quarantine/assignments', { caseReportId: caseId, contactId: caseId, kind: 'home' });
    expect(both.status).toBe(400);
    expect(both.body.error.details[0].path).toBe('caseReportId');
    const nobody = await officerB.post('/api/quarantine/assignments', { kind: 'home' });
    expect(nobody.status).toBe(400);
    const placed = await officerB.post('/api/quarantine/assignments', { caseReportId: caseId, kind: 'home', homeAddress: '望江路 8 号' });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      person: { kind: 'case', id: caseId, personName: '李强' },
      contact: null,
      caseReport: { id: caseId, classification: 'confirmed', personName: '李强' },
      kind: 'home',
      homeAddress: '望江路 8 号',
      startDate: today,
      // the disease's maximum incubation period (COVID-19: 14 days) by default
      endDate: addDays(today, 14),
      jurisdictionId: tree.communityB.id,
    });
    expect((await officerB.post('/api/quarantine/assignments', { caseReportId: caseId, kind: 'home' })).body.error.reason).toBe(
      'already_exists',
    );
    expect((await officerA.get(`/api/quarantine/assignments/${placed.body.id}`)).status).toBe(404);
    const listed = await officerB.get(`/api/quarantine/assignments?person=case&q=李强`);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([placed.body.id]);
    expect((await epi.get(`/api/quarantine/assignments?caseReportId=${caseId}`)).body.total).toBe(1);
    const notice = pdfText((await getBytes(officerB, `/api/quarantine/assignments/${placed.body.id}/notice`)).bytes);
    expect(notice).toContain('确诊病例');
    expect(notice).toContain(placed.body.caseReport.code);
    expect(notice).toContain('居家隔离医学观察');
    // a contact's reason is not a case person's
    const wrong = await officerB.post(`/api/quarantine/assignments/${placed.body.id}/release`, { reason: 'not_a_contact' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('reason');
    const released = await officerB.post(`/api/quarantine/assignments/${placed.body.id}/release`, { reason: 'admitted_to_hospital' });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: 'released', releaseReason: 'admitted_to_hospital', endedOn: today });
    const release = pdfText((await getBytes(officerB, `/api/quarantine/assignments/${placed.body.id}/notice?kind=release`)).bytes);
    expect(release).toContain('转送定点医疗机构治疗');
  });

  it('a contact who becomes a case leaves quarantine by itself: released that day, the room freed, audited', async () => {
    const added = await logistics.post(`/api/quarantine/sites/${hotel}/rooms`, { rooms: [{ roomNo: '401', floor: 4 }] });
    const room = added.body.rooms.find((r: { roomNo: string }) => r.roomNo === '401').id as string;
    const sun = await contact('孙五', tree.communityA.id);
    const placed = await officerA.post('/api/quarantine/assignments', { contactId: sun.id, kind: 'site', siteId: hotel, roomId: room });
    expect(placed.status).toBe(201);
    const filed = await officerA.post(`/api/contacts/${sun.id}/case-report`, { facilityId: hospitalId });
    expect(filed.status).toBe(201);
    const stay = await officerA.get(`/api/quarantine/assignments/${placed.body.id}`);
    expect(stay.body).toMatchObject({
      status: 'released',
      releaseReason: 'converted_to_case',
      endedOn: today,
      contact: { id: sun.id, status: 'converted_suspected' },
    });
    const site = await officerA.get(`/api/quarantine/sites/${hotel}`);
    expect(site.body.rooms.find((r: { roomNo: string }) => r.roomNo === '401')).toMatchObject({ occupied: 0, occupants: [] });
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'quarantine_assignment'), eq(auditLog.entityId, placed.body.id), eq(auditLog.action, 'release')));
    expect(entry).toBeDefined();
    expect((entry!.after as { releaseReason: string }).releaseReason).toBe('converted_to_case');
    // confirmed later: nothing more to end; a contact never placed converts as before
    const other = await contact('周六', tree.communityA.id);
    expect(
      (await officerA.post(`/api/contacts/${other.id}/case-report`, { facilityId: hospitalId, classification: 'confirmed' })).status,
    ).toBe(201);
  });
});
