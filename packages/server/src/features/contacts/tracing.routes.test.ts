/**
 * The second increment of contact tracing over HTTP on both engines: risk rules per disease applied at
 * registration (and overridden by hand), tracing teams by township and by hand with the daily list per team,
 * residence in another district (flag, filter, notification), duplicates and their merge (history kept,
 * audited), contact lists imported from a GBK CSV (row errors, duplicates, all or nothing), the KPIs and the
 * chains of transmission.
 */
import { and, eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, jurisdictions } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { diseases } from '../catalogue/index.ts';
import { upload } from '../imports/imports.test-helpers.ts';
import { waitForImport } from '../imports/imports.service.ts';
import { facilities } from '../registry/index.ts';
import { makeResidentId } from '../cases/resident-id.ts';
import { contacts } from './contacts.tables.ts';
import { addDays } from './follow-up-clock.ts';
import { median, tracingKpisOfArea } from './kpis.ts';
import { matchRisk } from './risk-rules.ts';

const KEY = '6b'.repeat(32);
const ID = makeResidentId('500199', '1985-03-04', 313);

describe('risk rules and the median', () => {
  it('the first matching rule gives the category; none → medium', () => {
    const rules = [
      { setting: null, relation: null, contactType: null, degree: 2, riskCategory: 'low' as const },
      { setting: 'vessel' as const, relation: null, contactType: 'close' as const, degree: null, riskCategory: 'high' as const },
    ];
    expect(matchRisk(rules, { setting: 'vessel', relation: 'other', contactType: 'close', degree: 1 })).toBe('high');
    expect(matchRisk(rules, { setting: 'vessel', relation: 'other', contactType: 'close', degree: 3 })).toBe('low');
    expect(matchRisk(rules, { setting: 'school', relation: 'other', contactType: 'close', degree: 1 })).toBe('medium');
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe.each(testEngines())('contact tracing, second increment (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let epi: TestClient;
  let officerA: TestClient;
  let officerB: TestClient;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let covid: string;
  let caseId: string;
  let caseCode: string;
  let hospital: string;
  const today = districtToday();
  const daysAgo = (n: number) => addDays(today, -n);
  const exposure = (n: number) => `${daysAgo(n)}T10:00:00+08:00`;
  const contact = (over: Record<string, unknown> = {}) => ({
    sourceCaseId: caseId,
    personName: '赵敏',
    jurisdictionId: tree.communityA.id,
    lastExposureAt: exposure(2),
    phone: '13800000001',
    ...over,
  });

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    covid = (await t.database.db.select().from(diseases).where(eq(diseases.code, 'covid19')))[0]!.id;
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const a = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const b = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    app = createTestApp(t.database, { identityKey: KEY });
    epi = await signIn(app, e.user.username, e.password);
    officerA = await signIn(app, a.user.username, a.password);
    officerB = await signIn(app, b.user.username, b.password);
    hospital = (
      await t.database.db
        .insert(facilities)
        .values({ name: '区人民医院', nameEn: "District People's Hospital", type: 'general_hospital', jurisdictionId: tree.townshipA.id })
        .returning()
    )[0]!.id;
    const res = await epi.post('/api/cases', {
      diseaseId: covid,
      facilityId: hospital,
      jurisdictionId: tree.communityA.id,
      personName: '李强',
      classification: 'confirmed',
      diagnosisAt: `${daysAgo(3)}T09:00:00+08:00`,
      reportedAt: `${daysAgo(3)}T10:00:00+08:00`,
    });
    expect(res.status).toBe(201);
    caseId = res.body.id;
    caseCode = res.body.code;
  }, 120_000);

  it('risk rules: a disease’s own rule wins over the rules for every disease; an investigator may override', async () => {
    const seeded = (await epi.get('/api/contact-risk-rules')).body.items;
    expect(seeded.filter((r: { diseaseId: string | null }) => r.diseaseId === null)).toHaveLength(5);
    // workplace is medium by default; for COVID-19 the district makes a close workplace contact high
    expect((await epi.post('/api/contacts', contact({ setting: 'workplace', personName: '甲' }))).body.riskCategory).toBe('medium');
    expect((await officerA.put('/api/contact-risk-rules', { diseaseId: covid, rules: [] })).status).toBe(403);
    const put = await epi.put('/api/contact-risk-rules', {
      diseaseId: covid,
      rules: [{ setting: 'workplace', contactType: 'close', riskCategory: 'high', note: '同一办公室' }],
    });
    expect(put.status).toBe(200);
    expect(put.body.items).toMatchObject([{ diseaseId: covid, position: 10, setting: 'workplace', riskCategory: 'high' }]);
    expect((await epi.put('/api/contact-risk-rules', { diseaseId: covid, rules: [{ riskCategory: 'extreme' }] })).status).toBe(400);
    expect((await epi.post('/api/contacts', contact({ setting: 'workplace', personName: '乙' }))).body.riskCategory).toBe('high');
    expect(
      (await epi.post('/api/contacts', contact({ setting: 'workplace', personName: '丙', riskCategory: 'low' }))).body.riskCategory,
    ).toBe('low');
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityType, 'contact_risk_rules'));
    expect(audits).toHaveLength(1);
  });

  let teamA: string;
  it('teams: a township’s contacts go to its team; by hand to another; the daily list per team', async () => {
    const created = await officerA.post('/api/tracing-teams', {
      name: '望江一组',
      jurisdictionId: tree.townshipA.id,
      leader: '周队',
      townshipIds: [tree.townshipA.id],
    });
    expect(created.status).toBe(201);
    teamA = created.body.id;
    expect(created.body.townships).toEqual([{ id: tree.townshipA.id, name: tree.townshipA.name, nameEn: tree.townshipA.nameEn }]);
    // the contacts registered before are moved to the team of their township
    expect(created.body.openContacts).toBe(3);
    expect((await officerB.post('/api/tracing-teams', { name: 'x', jurisdictionId: tree.townshipA.id })).status).toBe(400);
    expect((await officerA.post('/api/tracing-teams', { name: '望江一组', jurisdictionId: tree.townshipA.id })).status).toBe(409);
    const teamB = (await epi.post('/api/tracing-teams', { name: '区疾控机动组', jurisdictionId: tree.district.id })).body.id;

    const c = await epi.post('/api/contacts', contact({ personName: '钱多' }));
    expect(c.body.team).toEqual({ id: teamA, name: '望江一组', byHand: false });
    const moved = await epi.post(`/api/contacts/${c.body.id}/team`, { teamId: teamB });
    expect(moved.body.team).toMatchObject({ id: teamB, byHand: true });
    // officer A cannot see the district's team
    expect((await officerA.post(`/api/contacts/${c.body.id}/team`, { teamId: teamB })).status).toBe(400);

    const listA = await officerA.get(`/api/contacts/today?teamId=${teamA}`);
    expect(listA.body.items.map((i: { personName: string }) => i.personName).sort()).toEqual(['丙', '乙', '甲'].sort());
    const listB = await epi.get(`/api/contacts/today?teamId=${teamB}`);
    expect(listB.body.items.map((i: { personName: string }) => i.personName)).toEqual(['钱多']);
    // back to the township's team
    expect((await epi.post(`/api/contacts/${c.body.id}/team`, { teamId: null })).body.team).toEqual({
      id: teamA,
      name: '望江一组',
      byHand: false,
    });
    const teams = (await officerA.get('/api/tracing-teams')).body.items;
    expect(teams).toHaveLength(1);
    expect(teams[0]).toMatchObject({ name: '望江一组', openContacts: 4 });
  });

  it('another district: flagged, listed with the filter, notified once (audited)', async () => {
    const c = await officerA.post('/api/contacts', contact({ personName: '孙外', otherDistrict: '渝中区', phone: '' }));
    expect(c.body).toMatchObject({ otherDistrict: '渝中区', otherDistrictNotifiedAt: null });
    const toNotify = await officerA.get('/api/contacts?otherDistrict=to_notify');
    expect(toNotify.body.items.map((i: { id: string }) => i.id)).toEqual([c.body.id]);
    const notified = await officerA.post(`/api/contacts/${c.body.id}/other-district-notified`, { note: '电话通知渝中区疾控' });
    expect(notified.status).toBe(200);
    expect(notified.body.otherDistrictNotifiedAt).not.toBeNull();
    expect((await officerA.post(`/api/contacts/${c.body.id}/other-district-notified`, {})).status).toBe(409);
    expect((await officerA.get('/api/contacts?otherDistrict=to_notify')).body.total).toBe(0);
    expect((await officerA.get('/api/contacts?otherDistrict=any')).body.total).toBe(1);
    const inDistrict = (await officerA.get('/api/contacts?q=甲')).body.items[0].id;
    expect((await officerA.post(`/api/contacts/${inDistrict}/other-district-notified`, {})).status).toBe(400);
  });

  it('duplicates: same ID number or same name and phone; the merge keeps the history and is audited', async () => {
    const a = (await epi.post('/api/contacts', contact({ personName: '吴双', idType: 'resident_id', idNumber: ID, phone: '' }))).body;
    const b = (
      await epi.post(
        '/api/contacts',
        contact({
          personName: '吴双双',
          idType: 'resident_id',
          idNumber: ID,
          phone: '13911112222',
          lastExposureAt: exposure(1),
          setting: 'household',
        }),
      )
    ).body;
    const c = (await epi.post('/api/contacts', contact({ personName: '郑和', phone: '13700000000' }))).body;
    const d = (await epi.post('/api/contacts', contact({ personName: '郑和', phone: '13700000000' }))).body;
    const rec = await epi.post(`/api/contacts/${a.id}/follow-ups`, { date: daysAgo(1), status: 'seen_ok' });
    expect(rec.status).toBe(201);
    const recB = await epi.post(`/api/contacts/${b.id}/follow-ups`, { date: today, status: 'seen_ok' });
    expect(recB.status).toBe(201);
    const pairs = (await epi.get('/api/contacts/duplicates')).body.items;
    expect(pairs.map((p: { match: string; a: { id: string }; b: { id: string } }) => [p.match, p.a.id, p.b.id])).toEqual(
      expect.arrayContaining([
        ['identity', a.id, b.id],
        ['name_phone', c.id, d.id],
      ]),
    );
    expect((await epi.post(`/api/contacts/${a.id}/merge`, { duplicateId: a.id })).status).toBe(400);
    const merged = await epi.post(`/api/contacts/${a.id}/merge`, { duplicateId: b.id });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      phone: '13911112222',
      riskCategory: 'high',
      lastExposureAt: new Date(exposure(1)).toISOString(),
      followUpUntil: addDays(daysAgo(1), 14),
      mergedFrom: [{ id: b.id, code: b.code }],
    });
    expect(merged.body.followUps.map((f: { date: string }) => f.date)).toEqual([today, daysAgo(1)]);
    const dup = (await epi.get(`/api/contacts/${b.id}`)).body;
    expect(dup).toMatchObject({ status: 'cancelled', statusReason: `merged into ${a.code}`, mergedInto: { id: a.id, code: a.code } });
    expect((await epi.post(`/api/contacts/${a.id}/merge`, { duplicateId: b.id })).status).toBe(409);
    const pairsAfter = (await epi.get('/api/contacts/duplicates')).body.items;
    expect(pairsAfter.some((p: { a: { id: string }; b: { id: string } }) => p.a.id === a.id || p.b.id === a.id)).toBe(false);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'contact'), eq(auditLog.entityId, a.id), eq(auditLog.action, 'merge')));
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0]!.after)).not.toContain('13911112222');
  });

  it('imports a GBK CSV: row errors refuse all; duplicates are shown and skipped, updated or imported', async () => {
    const header = '姓名,病例编号,现住址,末次接触时间,联系电话,接触场所,与病例关系,风险等级,外区县';
    const bad = [
      header,
      `韩梅,${caseCode},${tree.communityA.code},${daysAgo(1)} 18:00,13600000001,船舶,同乘,,`,
      `韩梅,${caseCode},${tree.communityA.code},${daysAgo(1)} 18:00,13600000001,,,,`,
      `李雷,,${tree.communityA.code},${daysAgo(1)},,,,,`,
      `王五,${caseCode},${tree.communityB.code},${addDays(today, 3)},,,,,`,
    ].join('\r\n');
    const up = await upload(officerA, '密接名单.csv', new Uint8Array(iconv.encode(bad, 'gbk')), 'contacts');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ encoding: 'gb18030', totalRows: 4 });
    expect(up.body.suggested).toMatchObject({
      personName: '姓名',
      sourceCase: '病例编号',
      jurisdiction: '现住址',
      lastExposureAt: '末次接触时间',
    });
    const v = await officerA.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ validRows: 1, errorRows: 3 });
    const codes = v.body.errors.map((e: { row: number; code: string }) => `${e.row}:${e.code}`);
    expect(codes).toEqual(expect.arrayContaining(['3:duplicate_person', '4:contact_source', '5:out_of_scope', '5:in_future']));
    const refused = await officerA.post(`/api/imports/${up.body.id}/run`, { mode: 'all_or_nothing' });
    expect(refused.body.status).toBe('rejected');
    expect(await t.database.db.select().from(contacts).where(eq(contacts.importId, up.body.id))).toHaveLength(0);

    const good = [
      header,
      `韩梅,${caseCode},${tree.communityA.code},${daysAgo(1)} 18:00,13600000001,船舶,同乘,,`,
      `郑和,${caseCode},${tree.communityA.code},${daysAgo(1)} 08:00,13700000000,,,,`,
      `陈外,${caseCode},${tree.communityA.code},${daysAgo(2)},,学校,同学,低,江北区`,
    ].join('\r\n');
    const up2 = await upload(officerA, '密接名单2.csv', new Uint8Array(iconv.encode(good, 'gbk')), 'contacts');
    const v2 = await officerA.post(`/api/imports/${up2.body.id}/validate`, { mapping: { columns: up2.body.suggested, values: {} } });
    expect(v2.body).toMatchObject({ validRows: 3, errorRows: 0, matchedRows: 1 });
    expect(v2.body.matches[0]).toMatchObject({ row: 3, match: 'name_phone' });
    const run = await officerA.post(`/api/imports/${up2.body.id}/run`, { mode: 'all_or_nothing', duplicates: 'update' });
    expect(run.status).toBe(202);
    await waitForImport(up2.body.id);
    expect((await officerA.get(`/api/imports/${up2.body.id}`)).body).toMatchObject({ status: 'done', importedRows: 2, updatedRows: 1 });
    const rows = await t.database.db.select().from(contacts).where(eq(contacts.importId, up2.body.id)).orderBy(contacts.personName);
    expect(rows.map((r) => [r.personName, r.riskCategory, r.setting, r.otherDistrict, r.teamId])).toEqual([
      ['陈外', 'low', 'school', '江北区', teamA],
      ['韩梅', 'high', 'vessel', '', teamA],
    ]);
    const imported = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'contact'), eq(auditLog.action, 'create')));
    expect(imported.filter((a) => rows.some((r) => r.id === a.entityId))).toHaveLength(2);
  });

  it('KPIs: followed up today, cases already known as contacts, time to listing, traced within 24 h and 48 h', async () => {
    // one contact becomes a case: it was a known contact
    const known = (await epi.get('/api/contacts?q=丙')).body.items[0].id;
    expect((await epi.post(`/api/contacts/${known}/follow-ups`, { date: today, status: 'seen_unwell' })).status).toBe(201);
    expect((await epi.post(`/api/contacts/${known}/case-report`, { facilityId: hospital })).status).toBe(201);
    const k = await officerA.get('/api/contacts/kpis');
    expect(k.status).toBe(200);
    const open = await t.database.db.select().from(contacts).where(eq(contacts.status, 'under_follow_up'));
    const dueToday = open.filter(
      (c) => c.jurisdictionId === tree.communityA.id && c.mergedIntoId === null && String(c.followUpUntil) >= today,
    );
    // seen today: 吴双 (a merged history record is kept on its duplicate, not counted for the survivor) and 丙 (converted today, still counted)
    expect(k.body.district.followedUpToday).toMatchObject({ numerator: 1, denominator: dueToday.length + 1 });
    // today's figure comes from the contacts' last day seen (0066); read tomorrow, the same day is counted from
    // the records themselves: the two agree
    const [district] = await t.database.db.select().from(jurisdictions).where(eq(jurisdictions.id, tree.district.id));
    const tomorrow = new Date(Date.now() + 86_400_000);
    const fromRecords = await tracingKpisOfArea(t.database.db, district!.path, { date: today, days: 7 }, tomorrow);
    expect(fromRecords.district.followedUpToday).toEqual(k.body.district.followedUpToday);
    // the index case was no contact; the case report of 丙 was
    expect(k.body.district.casesKnownContacts).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(k.body.townships).toHaveLength(1);
    expect(k.body.townships[0].jurisdiction.id).toBe(tree.townshipA.id);
    // every contact was listed 2–3 days after the case's report (all registered now)
    expect(k.body.district.medianHoursToListed).toBeGreaterThan(48);
    expect(k.body.district.tracedWithin24h).toMatchObject({ numerator: 0 });
    expect(k.body.district.toNotify).toBe(1);
    const b = await officerB.get('/api/contacts/kpis');
    expect(b.body.district.contactsListed).toBe(0);
    expect((await officerA.get('/api/contacts/kpis?days=0')).status).toBe(400);
  });

  it('chains: the case, its contacts and the case a contact became form one cluster; another district marks it', async () => {
    const res = await epi.get('/api/contacts/chains');
    expect(res.status).toBe(200);
    const { nodes, edges, clusters } = res.body;
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({ id: caseCode, crossesDistrict: true, cases: 2 });
    const became = edges.filter((e: { kind: string }) => e.kind === 'became_case');
    expect(became).toHaveLength(1);
    expect(nodes.every((n: { cluster: string }) => n.cluster === caseCode)).toBe(true);
    expect((await epi.get(`/api/contacts/chains?jurisdictionId=${tree.townshipB.id}`)).body.nodes).toHaveLength(0);
    expect((await epi.get(`/api/contacts/chains?cluster=${caseCode}`)).body.nodes).toHaveLength(nodes.length);
    expect((await officerB.get('/api/contacts/chains')).body.nodes).toHaveLength(0);
  });
});
