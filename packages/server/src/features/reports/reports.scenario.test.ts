/**
 * A stock scenario attached to a situation report (issue 14): the logistics officer saves a scenario, the
 * report's drafter attaches it (a snapshot: items soonest stock-out first), the PDF prints it, four eyes as for
 * every report (the commander approves; the approved version keeps the scenario even after it is deleted);
 * a scenario the drafter cannot read, or one without a projection, is refused on `scenarioId`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { buildMember, buildReportWorld, getBytes, pdfText } from './reports.fixtures.ts';
import { localDate } from './reports.figures.ts';
import { SCENARIO_HEADING } from './reports.pdf.ts';

const item = (over: Record<string, unknown>) => ({
  name: '',
  nameEn: '',
  unit: '只',
  unitEn: 'piece',
  stock: 0,
  incoming: 0,
  totalUse: 0,
  peakUse: 0,
  runOutDay: null,
  stockOutOn: null,
  sites: [],
  ...over,
});
const RESULT = {
  startDate: '2026-12-07',
  days: 90,
  beta: 0.4,
  r0: 1.6,
  rt: 1.3,
  runs: 1,
  infections: [1, 2, 3],
  cases: [1, 1, 2],
  hospital: [0, 1, 1],
  icu: [0, 0, 0],
  capacity: { beds: 2500, icuBeds: 128 },
  hospitalPeak: 312.4,
  hospitalPeakDay: 41,
  icuPeak: 18.2,
  firstDayOverBeds: null,
  firstDayOverIcu: null,
  totalInfections: 18_250.6,
  items: [
    item({ itemId: 'gown', name: '医用防护服', nameEn: 'Gowns', unit: '件', stock: 4000, incoming: 0, totalUse: 3000 }),
    item({
      itemId: 'n95',
      name: '医用N95口罩',
      nameEn: 'N95 masks',
      stock: 12_000,
      incoming: 2000,
      totalUse: 40_500.4,
      runOutDay: 13,
      stockOutOn: '2026-12-20',
    }),
    item({
      itemId: 'kits',
      name: '抗原检测试剂',
      nameEn: 'Antigen kits',
      unit: '人份',
      stock: 3000,
      totalUse: 9000,
      runOutDay: 5,
      stockOutOn: '2026-12-12',
    }),
  ],
};

describe.each(testEngines())('a stock scenario in the situation report (%s)', (engine) => {
  const t = withTestDb(engine);
  let w: Awaited<ReturnType<typeof buildReportWorld>>;
  let epi: TestClient;
  let commander: TestClient;
  let logistics: TestClient;
  let scenarioId: string;
  let reportId: string;

  beforeAll(async () => {
    w = await buildReportWorld(t.database);
    const app = createTestApp(t.database);
    epi = await signIn(app, w.epidemiologist.username, w.epidemiologist.password);
    commander = await signIn(app, w.commander.username, w.commander.password);
    const l = await buildMember(t.database, { role: 'logistics_officer', jurisdictionId: w.tree.district.id });
    logistics = await signIn(app, l.username, l.password);
    const saved = await logistics.post('/api/stock/scenarios', { name: '学校停课 + 减少接触', inputs: { model: 'seir' }, result: RESULT });
    expect(saved.status).toBe(201);
    scenarioId = saved.body.id;
    const created = await epi.post('/api/reports', { incidentId: w.incident.id, reportDate: localDate(new Date()) });
    expect(created.status).toBe(201);
    reportId = created.body.id;
  });

  it('attaches a snapshot, soonest stock-out first; prints it in the PDF; refuses what the drafter cannot read', async () => {
    expect((await epi.get(`/api/reports/${reportId}`)).body.scenario).toBeNull();
    const res = await epi.patch(`/api/reports/${reportId}`, { version: 1, scenarioId });
    expect(res.status).toBe(200);
    expect(res.body.scenario).toMatchObject({
      scenarioId,
      name: '学校停课 + 减少接触',
      startDate: '2026-12-07',
      days: 90,
      hospitalPeak: 312.4,
      hospitalPeakDay: 41,
      capacity: { beds: 2500, icuBeds: 128 },
      firstDayOverBeds: null,
    });
    expect(res.body.scenario.items.map((i: any) => [i.name, i.stockOutOn])).toEqual([
      ['抗原检测试剂', '2026-12-12'],
      ['医用N95口罩', '2026-12-20'],
      ['医用防护服', null],
    ]);
    expect(res.body.authorIds).toContain(w.epidemiologist.principal.id);

    const text = pdfText((await getBytes(epi, `/api/reports/${reportId}/pdf`)).bytes);
    expect(text).toContain(SCENARIO_HEADING);
    expect(text).toContain('情景“学校停课+减少接触”');
    expect(text).toContain('住院床位需求高峰312张（第41天，登记床位2,500张），期内床位不超载');
    expect(text).toContain('医用N95口罩（只）12,0002,00040,5002026-12-20');
    expect(text).toContain('医用防护服（件）4,00003,00090天内不断货');

    const missing = await epi.patch(`/api/reports/${reportId}`, { version: 1, scenarioId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0]).toMatchObject({ path: 'scenarioId' });
    const empty = await logistics.post('/api/stock/scenarios', { name: '空白', inputs: {}, result: { days: 'many' } });
    const noProjection = await epi.patch(`/api/reports/${reportId}`, { version: 1, scenarioId: empty.body.id });
    expect(noProjection.status).toBe(400);
    expect(noProjection.body.error.details[0]).toMatchObject({ path: 'scenarioId' });
    expect((await epi.get(`/api/reports/${reportId}`)).body.scenario.scenarioId).toBe(scenarioId);
  });

  it('four eyes as for every report: the commander approves; the approved version keeps the scenario after it is deleted', async () => {
    const filled = await epi.patch(`/api/reports/${reportId}`, {
      version: (await epi.get(`/api/reports/${reportId}`)).body.version,
      summary: '疫情平稳。',
      measures: '学校停课。',
      nextSteps: '按情景调拨口罩。',
    });
    expect(filled.status).toBe(200);
    expect(filled.body.scenario.name).toBe('学校停课 + 减少接触');
    const submitted = await epi.post(`/api/reports/${reportId}/submit`, {});
    expect(submitted.status).toBe(200);
    // the drafter who attached the scenario cannot approve
    expect((await epi.post(`/api/reports/${reportId}/approve`, {})).status).toBe(403);
    const approved = await commander.post(`/api/reports/${reportId}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect((await logistics.delete(`/api/stock/scenarios/${scenarioId}`)).status).toBe(204);
    const after = await commander.get(`/api/reports/${reportId}`);
    expect(after.body.scenario).toMatchObject({ scenarioId, name: '学校停课 + 减少接触' });
    const version = await commander.get(`/api/reports/${reportId}/versions/${after.body.version}`);
    expect(version.body.content.scenario).toMatchObject({ scenarioId, hospitalPeak: 312.4 });
    // an approved report is not edited: no attaching or detaching
    expect((await epi.patch(`/api/reports/${reportId}`, { version: after.body.version, scenarioId: null })).status).toBe(409);
  });
});
