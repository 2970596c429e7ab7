/**
 * The preparedness self-assessment on both engines: SPAR's scoring by hand (pure), then a round end to end —
 * scores with evidence links (checked), incomplete refused at submission, four eyes, gap actions becoming tasks
 * at approval, the history by year with the previous year beside it, files, and the scope.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { agencies } from '../registry/index.ts';
import { tasks } from '../tasks/index.ts';
import { SPAR_CAPACITIES, SPAR_INDICATORS, sparScores } from './spar.ts';

describe('SPAR scoring (pure)', () => {
  it('an indicator at level L counts L × 20 %; a capacity is the mean of its indicators; overall the mean of capacities', () => {
    expect(SPAR_CAPACITIES).toHaveLength(15);
    const levels = new Map(SPAR_INDICATORS.map((i) => [i.code, 3]));
    levels.set('C1.1', 5); // C1: (100 + 60) / 2 = 80
    levels.set('C2.1', 1); // C2: (20 + 60 + 60) / 3 = 46.67 → 47
    const { capacities, overall } = sparScores(levels);
    expect(capacities.find((c) => c.code === 'C1')!.score).toBe(80);
    expect(capacities.find((c) => c.code === 'C2')!.score).toBe(47);
    expect(capacities.find((c) => c.code === 'C15')!.score).toBe(60);
    // (80 + 47 + 13 × 60) / 15 = 907 / 15 = 60.47 → 60
    expect(overall).toBe(60);
  });
  it('a capacity with an unscored indicator is incomplete (null), and so is the overall score — never a number', () => {
    const levels = new Map(SPAR_INDICATORS.map((i) => [i.code, 4]));
    levels.delete('C4.2');
    const { capacities, overall } = sparScores(levels);
    expect(capacities.find((c) => c.code === 'C4')).toEqual({ code: 'C4', score: null, scored: 3, indicators: 4 });
    expect(capacities.find((c) => c.code === 'C5')!.score).toBe(80);
    expect(overall).toBeNull();
  });
});

describe.each(testEngines())('self-assessment (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let epi: TestClient;
  let commander: TestClient;
  let viewerB: TestClient;
  let agency: string;
  let district: string;

  beforeAll(async () => {
    const tree = await buildDistrictTree(t.database);
    district = tree.district.id;
    const [g] = await t.database.db
      .insert(agencies)
      .values({ code: `SP-${engine}`, name: '区卫健委', nameEn: 'Health Commission', kind: 'cdc', jurisdictionId: district })
      .returning();
    agency = g!.id;
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: district });
    const c = await buildUser(t.database, { role: 'commander', jurisdictionId: district });
    const v = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.townshipB.id });
    app = createTestApp(t.database);
    epi = await signIn(app, e.user.username, e.password);
    commander = await signIn(app, c.user.username, c.password);
    viewerB = await signIn(app, v.user.username, v.password);
  });

  const all = (level: number) => SPAR_INDICATORS.map((i) => ({ indicatorCode: i.code, score: level, evidence: '' }));

  it('runs two years: scores, evidence, submit, four eyes, gaps → tasks, history', async () => {
    const framework = await viewerB.get('/api/assessment/spar/framework');
    expect(framework.status).toBe(200);
    expect(framework.body.capacities).toHaveLength(15);
    expect(framework.body.levels.map((l: { level: number }) => l.level)).toEqual([1, 2, 3, 4, 5]);

    // 2024: all at level 3, approved by the commander
    const y1 = await epi.post('/api/assessment/spar', { year: 2024 });
    expect(y1.status).toBe(201);
    expect(y1.body).toMatchObject({ year: 2024, status: 'draft', overall: null, scored: 0, canEdit: true, canApprove: false });
    expect((await epi.post('/api/assessment/spar', { year: 2024 })).status).toBe(409);
    await epi.put(`/api/assessment/spar/${y1.body.id}`, { scores: all(3) });
    expect((await epi.post(`/api/assessment/spar/${y1.body.id}/submit`, {})).status).toBe(200);
    expect((await commander.post(`/api/assessment/spar/${y1.body.id}/approve`, { comment: '同意' })).body.status).toBe('approved');

    // 2025: a gap (C7.3 at level 2), evidence links, an action on the gap
    const y2 = await epi.post('/api/assessment/spar', { year: 2025, jurisdictionId: district });
    const id = y2.body.id;
    const bad = await epi.put(`/api/assessment/spar/${id}`, {
      scores: [
        { indicatorCode: 'C99.1', score: 3 },
        { indicatorCode: 'C7.1', score: 4, links: [{ kind: 'url', ref: 'javascript:alert(1)' }] },
        { indicatorCode: 'C7.2', score: 4, links: [{ kind: 'plan_version', ref: '00000000-0000-4000-8000-000000000000' }] },
      ],
      actions: [{ indicatorCode: 'C7.3', title: 'x', ownerAgencyId: '00000000-0000-4000-8000-000000000000', dueDate: '2025-12-31' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'actions.0.ownerAgencyId',
      'scores.0.indicatorCode',
      'scores.1.links.0.ref',
      'scores.2.links.0.ref',
    ]);
    expect((await epi.put(`/api/assessment/spar/${id}`, { scores: [{ indicatorCode: 'C1.1', score: 6 }] })).status).toBe(400);
    const partial = await epi.put(`/api/assessment/spar/${id}`, {
      scores: [
        ...all(4).filter((s) => s.indicatorCode !== 'C7.3' && s.indicatorCode !== 'C15.1'),
        {
          indicatorCode: 'C7.3',
          score: 2,
          evidence: '物资储备目录未覆盖学校场景',
          links: [
            { kind: 'indicator', ref: 'task_on_time', label: '任务按时完成率' },
            { kind: 'url', ref: 'https://example.org/stock-review.pdf', label: '储备评估' },
          ],
        },
      ],
      actions: [
        {
          indicatorCode: 'C7.3',
          title: '将学校场景消毒物资纳入区级储备目录',
          ownerAgencyId: agency,
          dueDate: '2099-03-31',
          priority: 'high',
        },
      ],
    });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ scored: 33, gaps: 1, overall: null, previous: { year: 2024, overall: 60 } });
    expect(partial.body.capacities.find((c: { code: string }) => c.code === 'C7')).toEqual({
      code: 'C7',
      score: 67,
      scored: 3,
      indicators: 3,
    });
    const c73 = partial.body.scores.find((s: { indicatorCode: string }) => s.indicatorCode === 'C7.3');
    expect(c73.links).toEqual([
      { kind: 'indicator', ref: 'task_on_time', label: '任务按时完成率', path: '/assessment/indicators' },
      { kind: 'url', ref: 'https://example.org/stock-review.pdf', label: '储备评估', path: 'https://example.org/stock-review.pdf' },
    ]);
    const incomplete = await epi.post(`/api/assessment/spar/${id}/submit`, {});
    expect(incomplete.status).toBe(409);
    expect(incomplete.body.error.reason).toBe('spar_incomplete');
    expect(incomplete.body.error.details).toEqual({ missing: ['C15.1'] });

    const form = new FormData();
    form.append('file', new File([new TextEncoder().encode('储备清单\n')], '储备清单.txt', { type: 'text/plain' }));
    const upload = await epi.app.request(`/api/assessment/spar/${id}/files`, {
      method: 'POST',
      body: form,
      headers: { cookie: [...epi.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': epi.cookies.get('oc_csrf') ?? '' },
    });
    expect(upload.status).toBe(201);
    expect((await epi.get(`/api/assessment/spar/${id}/files`)).body.items.map((f: { filename: string }) => f.filename)).toEqual([
      '储备清单.txt',
    ]);
    expect((await viewerB.get(`/api/assessment/spar/${id}/files`)).status).toBe(404);

    await epi.put(`/api/assessment/spar/${id}`, { scores: [{ indicatorCode: 'C15.1', score: 3 }] });
    const submitted = await epi.post(`/api/assessment/spar/${id}/submit`, {});
    expect(submitted.body).toMatchObject({ status: 'submitted', canApprove: false });
    expect((await epi.put(`/api/assessment/spar/${id}`, { scores: [] })).status).toBe(409);
    expect((await epi.post(`/api/assessment/spar/${id}/approve`, {})).status).toBe(403); // no assessment.approve
    const returned = await commander.post(`/api/assessment/spar/${id}/return`, { comment: '请补充C7.3的证据' });
    expect(returned.body).toMatchObject({ status: 'draft', reviewComment: '请补充C7.3的证据' });
    await epi.post(`/api/assessment/spar/${id}/submit`, {});
    const approved = await commander.post(`/api/assessment/spar/${id}/approve`, { comment: '同意' });
    expect(approved.status).toBe(200);
    // C7: (80 + 80 + 40) / 3 = 66.67 → 67; C15: 60; the other 13 capacities 80 → (67 + 60 + 13 × 80) / 15 = 77.8 → 78
    expect(approved.body).toMatchObject({ status: 'approved', overall: 78, approvedByName: expect.any(String) });
    expect(approved.body.actions[0].task).toMatchObject({ status: 'assigned', overdue: false });
    const [task] = await t.database.db.select().from(tasks).where(eq(tasks.id, approved.body.actions[0].task.id));
    expect(task).toMatchObject({ assigneeAgencyId: agency, priority: 'high', origin: 'review_action', incidentId: null });
    expect(task!.description).toContain('C7.3');

    const history = await epi.get('/api/assessment/spar');
    expect(history.body.items.map((r: { year: number; overall: number }) => [r.year, r.overall])).toEqual([
      [2025, 78],
      [2024, 60],
    ]);
    expect((await viewerB.get('/api/assessment/spar')).body.items).toEqual([]);
    expect((await viewerB.get(`/api/assessment/spar/${id}`)).status).toBe(404);
    expect((await viewerB.post('/api/assessment/spar', { year: 2026 })).status).toBe(403);
  });

  it('the author of a round cannot approve it, even holding assessment.approve', async () => {
    const made = await commander.post('/api/assessment/spar', { year: 2030 });
    await commander.put(`/api/assessment/spar/${made.body.id}`, { scores: all(2) });
    await commander.post(`/api/assessment/spar/${made.body.id}/submit`, {});
    const res = await commander.post(`/api/assessment/spar/${made.body.id}/approve`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.reason).toBe('spar_author_cannot_approve');
  });
});
