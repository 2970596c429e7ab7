/**
 * The plan-version link control on both engines: a review action linked after approval to the plan version it
 * changed (audited), an unknown or out-of-scope version refused (400 naming the field), a lesson linked to the
 * district's plan from a township, and the list of linkable versions.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { planVersions, plans } from '../plans/index.ts';
import { agencies } from '../registry/index.ts';

describe.each(testEngines())('plan-version links (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let epi: TestClient;
  let townshipEpi: TestClient;
  let commander: TestClient;
  let agency: string;
  let districtV1: string;
  let districtV2: string;
  let townshipBV1: string;
  let district: string;

  beforeAll(async () => {
    const db = t.database.db;
    const tree = await buildDistrictTree(t.database);
    district = tree.district.id;
    const [g] = await db
      .insert(agencies)
      .values({ code: `PL-${engine}`, name: '区疾控中心', nameEn: 'CDC', kind: 'cdc', jurisdictionId: district })
      .returning();
    agency = g!.id;
    const [p1, p2] = await db
      .insert(plans)
      .values([
        { code: `P-D-${engine}`, name: '区传染病应急预案', nameEn: 'District plan', jurisdictionId: district },
        { code: `P-B-${engine}`, name: '乙乡预案', nameEn: 'Township B plan', jurisdictionId: tree.townshipB.id },
      ])
      .returning();
    const content = {} as never;
    const vs = await db
      .insert(planVersions)
      .values([
        { planId: p1!.id, version: 1, status: 'superseded', content },
        { planId: p1!.id, version: 2, status: 'approved', content },
        { planId: p2!.id, version: 1, status: 'approved', content },
      ])
      .returning();
    [districtV1, districtV2, townshipBV1] = vs.map((v) => v.id) as [string, string, string];
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: district });
    const te = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.townshipA.id });
    const c = await buildUser(t.database, { role: 'commander', jurisdictionId: district });
    app = createTestApp(t.database);
    epi = await signIn(app, e.user.username, e.password);
    townshipEpi = await signIn(app, te.user.username, te.password);
    commander = await signIn(app, c.user.username, c.password);
  });

  it('links an approved review action to the plan version it changed; refuses unknown versions', async () => {
    const review = {
      kind: 'after_action',
      exerciseName: '桌面推演',
      jurisdictionId: district,
      title: '推演复盘',
      format: 'debrief',
      reviewDate: '2099-01-10',
      wentWell: '响应迅速',
      actions: [
        { title: '修订预案第4章', ownerAgencyId: agency, dueDate: '2099-02-01', planVersionId: '00000000-0000-4000-8000-000000000000' },
      ],
    };
    const refused = await epi.post('/api/assessment/reviews', review);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: 'actions.0.planVersionId', message: 'Unknown plan version' }]);
    const made = await epi.post('/api/assessment/reviews', { ...review, actions: [{ ...review.actions[0], planVersionId: null }] });
    expect(made.status).toBe(201);
    await epi.post(`/api/assessment/reviews/${made.body.id}/submit`, {});
    const approved = await commander.post(`/api/assessment/reviews/${made.body.id}/approve`, {});
    const actionId = approved.body.actions[0].id;
    expect(approved.body.actions[0].planVersion).toBeNull();

    const list = await epi.get('/api/assessment/plan-versions');
    expect(list.body.items.map((v: { id: string }) => v.id)).toEqual(expect.arrayContaining([districtV2, districtV1, townshipBV1]));
    const linked = await epi.put(`/api/assessment/actions/${actionId}/plan-version`, { planVersionId: districtV2 });
    expect(linked.status).toBe(200);
    expect(linked.body.planVersion).toMatchObject({ id: districtV2, version: 2, planTitle: '区传染病应急预案' });
    const again = await epi.get(`/api/assessment/reviews/${made.body.id}`);
    expect(again.body.actions[0]).toMatchObject({ planVersionId: districtV2, planVersion: { version: 2 } });
    const logged = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'assessment_action'), eq(auditLog.entityId, actionId)));
    expect(logged).toHaveLength(1);
    expect((await epi.put(`/api/assessment/actions/${actionId}/plan-version`, { planVersionId: 'nope' })).status).toBe(400);
    expect((await townshipEpi.put(`/api/assessment/actions/${actionId}/plan-version`, { planVersionId: null })).status).toBe(404);
    const unlinked = await epi.put(`/api/assessment/actions/${actionId}/plan-version`, { planVersionId: null });
    expect(unlinked.body.planVersion).toBeNull();
  });

  it("a township links a lesson to the district's plan, not to another township's", async () => {
    const list = await townshipEpi.get('/api/assessment/plan-versions');
    expect(list.body.items.map((v: { id: string }) => v.id).sort()).toEqual([districtV1, districtV2].sort());
    const other = await townshipEpi.post('/api/assessment/lessons', {
      title: '晨检',
      lesson: '落实晨午检',
      source: 'own_event',
      planVersionId: townshipBV1,
    });
    expect(other.status).toBe(400);
    expect(other.body.error.details).toEqual([{ path: 'planVersionId', message: 'Unknown plan version' }]);
    const ok = await townshipEpi.post('/api/assessment/lessons', {
      title: '晨检',
      lesson: '落实晨午检',
      source: 'own_event',
      planVersionId: districtV2,
      planSection: '4.2 学校',
    });
    expect(ok.status).toBe(201);
    expect(ok.body.planVersion).toMatchObject({ id: districtV2, version: 2 });
    const patched = await townshipEpi.patch(`/api/assessment/lessons/${ok.body.id}`, { planVersionId: districtV1 });
    expect(patched.body.planVersion).toMatchObject({ version: 1 });
  });
});
