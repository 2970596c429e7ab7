import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { buildJurisdiction, TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { publishDueBulletins } from './bulletins.service.ts';
import { CASE_NAMES, buildBulletinWorld } from './bulletins.test-support.ts';
import { bulletins } from './bulletins.tables.ts';
import { SUBMISSIONS_PER_HOUR } from './public.service.ts';

describe.each(testEngines())('bulletins (%s)', (engine) => {
  const t = withTestDb(engine);

  async function draftDaily(w: Awaited<ReturnType<typeof buildBulletinWorld>>) {
    const res = await w.press.post('/api/bulletins', {
      kind: 'daily',
      jurisdictionId: w.tree.district.id,
      figuresDate: w.today,
      diseaseId: w.flu.id,
    });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function approveAndPublish(w: Awaited<ReturnType<typeof buildBulletinWorld>>, id: string) {
    const submitted = await w.press.post(`/api/bulletins/${id}/submit`, {});
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect((await w.leader.post(`/api/bulletins/${id}/approve`, { comment: '同意发布' })).status).toBe(200);
    const res = await w.press.post(`/api/bulletins/${id}/publish`, {});
    expect(res.status).toBe(200);
    return res.body;
  }

  it('a daily bulletin takes the figures of the day as a snapshot and fills the template', async () => {
    const w = await buildBulletinWorld(t.database);
    const b = await draftDaily(w);
    expect(b.status).toBe('draft');
    expect(b.figures.totals).toEqual({ newReported: 9, newOnset: 9, cumulative: 9 });
    const byTownship = Object.fromEntries(b.figures.townships.map((r: any) => [r.jurisdictionId, r.newReported]));
    expect(byTownship[w.tree.townshipA.id]).toBe(7);
    expect(byTownship[w.tree.townshipB.id]).toBe(2);
    expect(b.body).toContain('新增报告流行性感冒病例9例');
    expect(b.bodyEn).toContain('reported 9 new');
    // what the public will see: B's 2 suppressed, and A's 7 with it (the total would give 2 away)
    const pub = Object.fromEntries(b.publicFigures.byTownship.rows.map((r: any) => [r.jurisdictionId, r.newReported]));
    expect(pub[w.tree.townshipB.id]).toBeNull();
    expect(pub[w.tree.townshipA.id]).toBeNull();
    expect(b.publicFigures.totals.newReported).toBe(9);
    // by age and sex: the world's 9 cases are women without a birth date; nothing small, all published
    expect(b.publicFigures.byAgeSex.rows.map((r: any) => [r.band, r.male, r.female, r.unknown, r.total])).toEqual([
      ['0-14', 0, 0, 0, 0],
      ['15-24', 0, 0, 0, 0],
      ['25-44', 0, 0, 0, 0],
      ['45-64', 0, 0, 0, 0],
      ['65+', 0, 0, 0, 0],
      ['unknown', 0, 9, 0, 9],
    ]);
    expect(b.publicFigures.byAgeSex.totals).toEqual({ male: 0, female: 9, unknown: 0 });
    expect(b.actions).toEqual(['edit', 'refresh', 'submit']);
  });

  it('the guard refuses an identity number, a phone and a case person’s name, naming the spans', async () => {
    const w = await buildBulletinWorld(t.database);
    const b = await draftDaily(w);
    const body = `${b.body}\n患者${CASE_NAMES[0]}，身份证号500112199003074258，电话139 1234 5678。`;
    const saved = await w.press.patch(`/api/bulletins/${b.id}`, { body, updatedAt: b.updatedAt });
    expect(saved.status).toBe(200);
    const res = await w.press.post(`/api/bulletins/${b.id}/submit`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.reason).toBe('personal_data_found');
    const findings = res.body.error.details.findings as { field: string; kind: string; start: number; end: number; text: string }[];
    expect(findings.map((f) => f.kind).sort()).toEqual(['id_number', 'person_name', 'phone']);
    for (const f of findings) expect(body.slice(f.start, f.end)).toBe(f.text);
    expect(findings.find((f) => f.kind === 'id_number')!.text).toBe('500112199003074258');
    // still a draft, nothing public
    expect((await w.press.get(`/api/bulletins/${b.id}`)).body.status).toBe('draft');
    // the registry's fever clinic number is allowed
    const check = await w.press.post('/api/bulletins/check', { body: '发热门诊电话：023-68881234' });
    expect(check.body.findings).toEqual([]);
    const home = await w.press.post('/api/bulletins/check', { body: '病例居住在龙湖路88号3栋2单元501室' });
    expect(home.body.findings.map((f: any) => f.kind)).toContain('address');
    // the registry's names are public even with digits in them (test worlds' names end in random hex, once the
    // cause of a flaky refusal); the same digits standing alone are a local phone number
    const place = await buildJurisdiction(t.database, { level: 'township', name: '测试区81320123', parentId: w.tree.district.id });
    const named = await w.press.post('/api/bulletins/check', { body: `${place.name}疫情通报，编号A8132012b` });
    expect(named.body.findings).toEqual([]);
    const bare = await w.press.post('/api/bulletins/check', { body: '联系电话 81320123' });
    expect(bare.body.findings.map((f: any) => [f.kind, f.text])).toEqual([['phone', '81320123']]);
  });

  it('four eyes: whoever drafted never approves; the commander approves; the press officer publishes', async () => {
    const w = await buildBulletinWorld(t.database);
    const own = await w.both.post('/api/bulletins', { kind: 'guidance', jurisdictionId: w.tree.district.id });
    expect(own.status).toBe(201);
    expect((await w.both.post(`/api/bulletins/${own.body.id}/submit`, {})).status).toBe(200);
    const refused = await w.both.post(`/api/bulletins/${own.body.id}/approve`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.reason).toBe('four_eyes');
    // the press officer cannot approve at all
    expect((await w.press.post(`/api/bulletins/${own.body.id}/approve`, {})).status).toBe(403);
    // publishing before approval is refused
    expect((await w.press.post(`/api/bulletins/${own.body.id}/publish`, {})).status).toBe(409);
    const ok = await w.leader.post(`/api/bulletins/${own.body.id}/approve`, {});
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('approved');
    const pub = await w.press.post(`/api/bulletins/${own.body.id}/publish`, {});
    expect(pub.body.status).toBe('published');
    expect(pub.body.events.map((e: any) => e.event)).toEqual(['drafted', 'submitted', 'approved', 'published']);
    // every step audited
    const [n] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'bulletin'), eq(auditLog.entityId, own.body.id)));
    expect(Number(n!.n)).toBe(4);
    // the database refuses the drafter as approver too
    await expect(
      t.database.db
        .update(bulletins)
        .set({ approvedBy: (await t.database.db.select().from(bulletins).where(eq(bulletins.id, own.body.id)))[0]!.draftedBy })
        .where(eq(bulletins.id, own.body.id)),
    ).rejects.toThrow();
  });

  it('publishes, corrects (a new version with its note) and withdraws; the public API follows', async () => {
    const w = await buildBulletinWorld(t.database);
    const anonymous = new TestClient(w.app);
    const b = await draftDaily(w);
    const published = await approveAndPublish(w, b.id);
    expect(published.status).toBe('published');

    let list = await anonymous.get('/api/public/bulletins');
    expect(list.status).toBe(200);
    expect(list.headers.get('set-cookie')).toBeNull();
    expect(list.headers.get('cache-control')).toMatch(/public/);
    expect(list.body.items.map((i: any) => i.id)).toContain(b.id);
    const etag = list.headers.get('etag')!;
    const again = await anonymous.request('/api/public/bulletins', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // the kept answer again, now by the lean path in front of the middleware (app.ts): the same bytes and headers,
    // the security headers included, no cookie — and a malformed query is still refused by the route (never kept)
    const kept = await anonymous.get('/api/public/bulletins');
    expect(kept.status).toBe(200);
    expect(kept.body).toEqual(list.body);
    expect(kept.headers.get('etag')).toBe(etag);
    expect(kept.headers.get('content-type')).toBe(list.headers.get('content-type'));
    expect(kept.headers.get('x-content-type-options')).toBe('nosniff');
    expect(kept.headers.get('x-frame-options')).toBe(list.headers.get('x-frame-options'));
    expect(kept.headers.get('set-cookie')).toBeNull();
    // and it is answered before the session middleware: a stale session cookie is neither looked up nor cleared
    // (through the session middleware the answer would carry a Set-Cookie deleting it)
    const stale = await w.app.request('/api/public/bulletins', { headers: { cookie: 'oc_session=stale-token' } });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('etag')).toBe(etag);
    expect(stale.headers.get('set-cookie')).toBeNull();
    expect((await anonymous.get('/api/public/bulletins?pageSize=0')).status).toBe(400);
    expect((await anonymous.get('/api/public/bulletins?pageSize=0')).status).toBe(400);

    const one = await anonymous.get(`/api/public/bulletins/${b.id}`);
    expect(one.body.figures.totals.newReported).toBe(9);
    expect(one.body.figures.byTownship.rows.every((r: any) => r.newReported === null || r.newReported === 0 || r.newReported >= 5)).toBe(
      true,
    );

    // correction: a new draft version, reviewed again, then it replaces the first
    const corr = await w.press.post(`/api/bulletins/${b.id}/correct`, { correctionNote: '更正：累计病例数' });
    expect(corr.status).toBe(201);
    expect(corr.body.version).toBe(2);
    expect((await w.press.post(`/api/bulletins/${b.id}/correct`, { correctionNote: 'again' })).body.error.reason).toBe(
      'correction_in_progress',
    );
    await approveAndPublish(w, corr.body.id);
    list = await anonymous.request('/api/public/bulletins', { headers: { 'if-none-match': etag } });
    expect(list.status).toBe(200); // the publication emptied the cache: a new answer
    const ofSeries = list.body.items.filter((i: any) => i.seriesId === b.id);
    expect(ofSeries).toHaveLength(1);
    expect(ofSeries[0]).toMatchObject({ id: corr.body.id, version: 2, corrected: true, status: 'published' });
    const old = await anonymous.get(`/api/public/bulletins/${b.id}`);
    expect(old.body.status).toBe('superseded');
    expect(old.body.latestId).toBe(corr.body.id);
    expect(old.body.versions.map((v: any) => [v.version, v.status, v.correctionNote])).toEqual([
      [1, 'superseded', null],
      [2, 'published', '更正：累计病例数'],
    ]);

    // withdrawal: the press officer may not, the commander may, with a reason
    expect((await w.press.post(`/api/bulletins/${corr.body.id}/withdraw`, { reason: 'x' })).status).toBe(403);
    expect((await w.leader.post(`/api/bulletins/${corr.body.id}/withdraw`, { reason: '' })).status).toBe(400);
    const wd = await w.leader.post(`/api/bulletins/${corr.body.id}/withdraw`, { reason: '数据口径有误，待核实后重新发布' });
    expect(wd.body.status).toBe('withdrawn');
    const gone = await anonymous.get(`/api/public/bulletins/${corr.body.id}`);
    expect(gone.body).toMatchObject({ status: 'withdrawn', withdrawnReason: '数据口径有误，待核实后重新发布', figures: null });
    list = await anonymous.get('/api/public/bulletins');
    expect(list.body.items.find((i: any) => i.seriesId === b.id)).toMatchObject({ id: corr.body.id, status: 'withdrawn' });
    // a draft is never public
    const draft = await draftDaily(w);
    expect((await anonymous.get(`/api/public/bulletins/${draft.id}`)).status).toBe(404);
    expect((await anonymous.get('/api/public/bulletins')).body.items.map((i: any) => i.id)).not.toContain(draft.id);
  });

  it('publishes at a set time: scheduled, then the job publishes it when due', async () => {
    const w = await buildBulletinWorld(t.database);
    const b = await draftDaily(w);
    await w.press.post(`/api/bulletins/${b.id}/submit`, {});
    await w.leader.post(`/api/bulletins/${b.id}/approve`, {});
    const at = new Date(Date.now() + 3600_000);
    const res = await w.press.post(`/api/bulletins/${b.id}/publish`, { at: at.toISOString() });
    expect(res.body.status, JSON.stringify(res.body)).toBe('scheduled');
    expect(res.body.publishAt).toBe(at.toISOString());
    expect(await publishDueBulletins(t.database, new Date())).toEqual([]);
    expect(await publishDueBulletins(t.database, new Date(at.getTime() + 1000))).toEqual([b.id]);
    expect((await w.press.get(`/api/bulletins/${b.id}`)).body.status).toBe('published');
  });

  it('risk areas are public once their bulletin is published, and locked after submission', async () => {
    const w = await buildBulletinWorld(t.database);
    const anonymous = new TestClient(w.app);
    const b = await w.press.post('/api/bulletins', { kind: 'risk_areas', jurisdictionId: w.tree.district.id });
    const area = await w.press.post('/api/risk-areas', {
      jurisdictionId: w.tree.communityA.id,
      level: 'high',
      startsOn: w.today,
      bulletinId: b.body.id,
      note: '足不出户',
    });
    expect(area.status).toBe(201);
    expect(
      (await w.press.post('/api/risk-areas', { jurisdictionId: w.tree.district.id, level: 'low', startsOn: w.today })).body.error.reason,
    ).toBe('area_not_allowed');
    expect((await anonymous.get('/api/public/risk-areas')).body.items.map((a: any) => a.jurisdictionId)).not.toContain(
      w.tree.communityA.id,
    );
    await approveAndPublish(w, b.body.id);
    const pub = await anonymous.get('/api/public/risk-areas');
    expect(pub.body.items.map((a: any) => [a.jurisdictionId, a.level])).toContainEqual([w.tree.communityA.id, 'high']);
    expect((await w.press.patch(`/api/risk-areas/${area.body.id}`, { level: 'low' })).status).toBe(409);
  });

  it('the public form: plain text only, rate limited per address, rumours land in the register', async () => {
    const w = await buildBulletinWorld(t.database);
    const anonymous = new TestClient(w.app);
    const html = await anonymous.post('/api/public/reports', { kind: 'rumour', text: '<script>alert(1)</script>' });
    expect(html.status).toBe(400);
    const long = await anonymous.post('/api/public/reports', { kind: 'rumour', text: '谣'.repeat(1001) });
    expect(long.status).toBe(400);
    const ok = await anonymous.post('/api/public/reports', {
      kind: 'rumour',
      text: '听说喝板蓝根能预防流感',
      placeId: w.tree.townshipA.id,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.received).toBe(true);
    for (let i = 1; i < SUBMISSIONS_PER_HOUR; i++) {
      expect(
        (await anonymous.post('/api/public/reports', { kind: 'symptoms', text: `发热 ${i}`, placeId: w.tree.communityB.id })).status,
      ).toBe(201);
    }
    expect((await anonymous.post('/api/public/reports', { kind: 'symptoms', text: 'one more' })).status).toBe(429);
    const rumours = await w.press.get('/api/rumours');
    expect(rumours.body.items.map((r: any) => [r.claim, r.origin, r.channel])).toEqual([['听说喝板蓝根能预防流感', 'public', 'portal']]);
    const verdict = await w.press.patch(`/api/rumours/${rumours.body.items[0].id}`, { verdict: 'false' });
    expect(verdict.body.verdict).toBe('false');
    expect(verdict.body.reviewerName).not.toBeNull();
    const subs = await w.press.get('/api/public-submissions?kind=symptoms');
    expect(subs.body.total).toBe(SUBMISSIONS_PER_HOUR - 1);
  });
});
