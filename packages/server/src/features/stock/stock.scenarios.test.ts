/**
 * Scenario inputs and saved scenarios over HTTP: the inputs describe the commander's townships, the registry's bed
 * and ICU capacity, the catalogue and stock; a scenario is saved, listed, read and deleted (audited); a township
 * officer (no models.run) may not; a scenario of another area does not exist for its reader.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { facilities } from '../registry/index.ts';
import { stockItems } from './stock.tables.ts';

describe.each(testEngines())('scenarios (%s)', (engine) => {
  const t = withTestDb(engine);
  let commander: TestClient;
  let officer: TestClient;
  let epiB: TestClient;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const db = t.database.db;
    await db.insert(facilities).values([
      { name: '甲医院', nameEn: 'Hospital A', type: 'general_hospital', jurisdictionId: tree.townshipA.id, beds: 120, icuBeds: 8 },
      { name: '乙卫生院', nameEn: 'Centre B', type: 'township_health_centre', jurisdictionId: tree.townshipB.id, beds: 30, icuBeds: 0 },
    ]);
    await db
      .insert(stockItems)
      .values({ code: 'PPE-N95', name: 'N95', nameEn: 'N95', category: 'ppe', unit: '只', unitEn: 'piece', perBedDay: '1.5' });
    const app = createTestApp(t.database);
    const c = await buildUser(t.database, { role: 'commander', jurisdictionId: tree.district.id });
    commander = await signIn(app, c.user.username, c.password);
    const o = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    officer = await signIn(app, o.user.username, o.password);
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.townshipB.id });
    epiB = await signIn(app, e.user.username, e.password);
  });

  it('gives the inputs of the commander’s area', async () => {
    const res = await commander.get('/api/stock/scenario-inputs');
    expect(res.status).toBe(200);
    expect(res.body.townships.map((x: any) => [x.id, x.population]).sort()).toEqual(
      [
        [tree.townshipA.id, 200],
        [tree.townshipB.id, 100],
      ].sort(),
    );
    expect(res.body.capacity).toEqual({ beds: 150, icuBeds: 8 });
    expect(res.body.items.find((i: any) => i.code === 'PPE-N95').consumption).toEqual({ perCase: 0, perBedDay: 1.5, perStaffDay: 0 });
    expect(res.body.cases.district).toHaveLength(28);
    expect((await officer.get('/api/stock/scenario-inputs')).status).toBe(403);
  });

  it('saves, lists, reads and deletes a scenario, audited; others cannot see it', async () => {
    const saved = await commander.post('/api/stock/scenarios', {
      name: '学校停课',
      inputs: { model: 'metapop', interventions: [{ kind: 'school_closure', start: 7, end: 49, value: 0.9 }] },
      result: { totalInfections: 1234, items: [] },
    });
    expect(saved.status).toBe(201);
    const id = saved.body.id;
    expect((await commander.get('/api/stock/scenarios')).body.items.map((s: any) => s.name)).toEqual(['学校停课']);
    expect((await commander.get(`/api/stock/scenarios/${id}`)).body).toMatchObject({ name: '学校停课', result: { totalInfections: 1234 } });
    expect((await epiB.get(`/api/stock/scenarios/${id}`)).status).toBe(404);
    expect((await officer.post('/api/stock/scenarios', { name: 'x', inputs: {}, result: {} })).status).toBe(403);
    expect((await commander.post('/api/stock/scenarios', { name: ' ', inputs: {}, result: {} })).status).toBe(400);
    expect((await commander.delete(`/api/stock/scenarios/${id}`)).status).toBe(204);
    expect((await commander.get(`/api/stock/scenarios/${id}`)).status).toBe(404);
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'stock_scenario'), eq(auditLog.entityId, id)));
    expect(audited.map((a) => a.action)).toEqual(['create', 'delete']);
  });
});
