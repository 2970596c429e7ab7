/**
 * Emergency plans over HTTP: validation naming fields, the version workflow, rights, scope and audit.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { type TestClient, buildDistrictTree, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import type { PlanContent } from './plans.content.ts';
import { buildAgency, buildPerson, testPlanContent } from './plans.test-helpers.ts';
import { planVersions } from './plans.tables.ts';

describe.each(testEngines())('plans HTTP API (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let commander: TestClient;
  let epidemiologist: TestClient;
  let commanderB: TestClient;
  let liaison: TestClient;
  /** a second district commander: approves what `commander` edited and submitted (four-eyes rule) */
  let approver: TestClient;
  let commanderId: string;
  let approverId: string;
  let content: PlanContent;
  let districtId: string;
  let townshipAId: string;

  beforeAll(async () => {
    const tree = await buildDistrictTree(t.database);
    districtId = tree.district.id;
    townshipAId = tree.townshipA.id;
    const cdc = await buildAgency(t.database, districtId, 'cdc');
    const police = await buildAgency(t.database, districtId, 'public_security');
    const health = await buildAgency(t.database, districtId, 'health_commission');
    content = testPlanContent({ cdc: cdc.id, police: police.id, health: health.id });
    app = createTestApp(t.database);
    const c = await buildPerson(t.database, { role: 'commander', jurisdictionId: districtId });
    commanderId = c.principal.id;
    const a = await buildPerson(t.database, { role: 'commander', jurisdictionId: districtId });
    approver = await signIn(app, a.username, a.password);
    approverId = a.principal.id;
    const e = await buildPerson(t.database, { role: 'epidemiologist', jurisdictionId: districtId });
    const cb = await buildPerson(t.database, { role: 'commander', jurisdictionId: tree.townshipB.id });
    commander = await signIn(app, c.username, c.password);
    epidemiologist = await signIn(app, e.username, e.password);
    commanderB = await signIn(app, cb.username, cb.password);
    const l = await buildPerson(t.database, { role: 'agency_liaison', jurisdictionId: districtId });
    liaison = await signIn(app, l.username, l.password);
  }, 120_000);

  const create = (client: TestClient, overrides: Record<string, unknown> = {}) =>
    client.post('/api/plans', {
      ...content,
      code: `P-${Math.random().toString(36).slice(2, 8)}`,
      jurisdictionId: districtId,
      ...overrides,
    });

  it('refuses an unknown agency in a measure, naming the field', async () => {
    const bad = structuredClone(content);
    bad.levels.III.measures.push({ ...bad.levels.III.measures[0]!, id: 'III-x', agencyId: '00000000-0000-4000-8000-000000000000' });
    const res = await create(commander, { levels: bad.levels });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('validation_failed');
    expect(res.body.error.details).toEqual([{ path: 'levels.III.measures.2.agencyId', message: 'no such agency' }]);
  });

  it('refuses malformed fields with their paths (zod) and a duplicate measure id', async () => {
    const bad = structuredClone(content) as unknown as { levels: { III: { measures: Record<string, unknown>[] } } };
    bad.levels.III.measures[1]!.deadlineHours = -3;
    bad.levels.III.measures[0]!.colour = 'red';
    const res = await create(commander, { levels: bad.levels });
    expect(res.status).toBe(400);
    const paths = (res.body.error.details as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual(['levels.III.measures.0.colour', 'levels.III.measures.1.deadlineHours']);

    const dup = structuredClone(content);
    dup.levels.IV.measures[0]!.id = 'III-cdc';
    const res2 = await create(commander, { levels: dup.levels });
    expect(res2.status).toBe(400);
    expect(res2.body.error.details).toEqual([{ path: 'levels.IV.measures.0.id', message: "id 'III-cdc' is used twice" }]);
  });

  it('runs the workflow: draft → in review → returned → in review → approved; editing makes version 2; one in force', async () => {
    const created = await create(commander, { changeNote: '初稿' });
    expect(created.status).toBe(201);
    const plan = created.body;
    expect(plan).toMatchObject({ name: '测试区传染病应急预案', inForce: null, openVersion: { version: 1, status: 'draft' } });
    const v1 = plan.versions[0].id;
    const base = `/api/plans/${plan.id}/versions/${v1}`;

    // Without the approve right, an epidemiologist cannot even submit (no plans.manage) or approve.
    expect((await epidemiologist.post(`${base}/submit`, {})).status).toBe(403);
    // Approving a draft is out of order.
    const outOfOrder = await commander.post(`${base}/approve`, {});
    expect(outOfOrder.status).toBe(409);
    expect(outOfOrder.body.error).toMatchObject({ id: 'conflict', reason: 'status_not_allowed' });

    const submitted = await commander.post(`${base}/submit`, {});
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('in_review');
    // Reading is not approving: a liaison (plans.read only) may neither approve nor return.
    expect((await liaison.get(`/api/plans/${plan.id}`)).status).toBe(200);
    expect((await liaison.post(`${base}/approve`, {})).status).toBe(403);
    expect((await liaison.post(`${base}/return`, { comment: '不同意' })).status).toBe(403);
    // A version in review cannot be edited.
    const editInReview = await commander.put(base, content);
    expect(editInReview.status).toBe(409);
    expect(editInReview.body.error.reason).toBe('status_not_allowed');

    expect((await commander.post(`${base}/return`, { comment: '' })).status).toBe(400);
    const returned = await commander.post(`${base}/return`, { comment: '请补充口岸措施' });
    expect(returned.body).toMatchObject({ status: 'returned', reviewComment: '请补充口岸措施' });
    const edited = await commander.put(base, { ...content, training: { zh: '每年演练', en: 'Yearly exercise' } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: v1, status: 'returned', content: { training: { zh: '每年演练' } } });
    await commander.post(`${base}/submit`, {});
    // Four-eyes: the commander edited and submitted it, so cannot approve it.
    const own = await commander.post(`${base}/approve`, { comment: '同意' });
    expect(own.status).toBe(409);
    expect(own.body.error.reason).toBe('four_eyes');
    expect(own.body.error.details).toEqual({ rule: 'four_eyes', roles: ['last_editor', 'submitter'] });
    expect(own.body.error.message).toMatch(/Four-eyes rule/);
    const approved = await approver.post(`${base}/approve`, { comment: '同意' });
    expect(approved.body).toMatchObject({ status: 'approved', reviewComment: '同意' });
    expect(approved.body.approvedAt).not.toBeNull();

    // Editing the approved version leaves it in force and makes a new draft version.
    const v2 = await commander.put(base, { ...content, changeNote: '第二版', monitoring: { zh: '加强监测', en: 'More monitoring' } });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ version: 2, status: 'draft', changeNote: '第二版' });
    expect(v2.body.id).not.toBe(v1);
    // Measure ids carry over, so tasks made from version 1 still name the same measure.
    expect(v2.body.content.levels.III.measures.map((m: { id: string }) => m.id)).toEqual(['III-cdc', 'III-police']);
    // A second edit of the approved version while version 2 is open is refused.
    const again = await commander.put(base, content);
    expect(again.status).toBe(409);
    expect(again.body.error.reason).toBe('version_in_progress');
    expect(again.body.error.details).toMatchObject({ openVersionId: v2.body.id });

    const detail = await commander.get(`/api/plans/${plan.id}`);
    expect(detail.body).toMatchObject({ inForce: { id: v1, version: 1 }, openVersion: { id: v2.body.id, status: 'draft' } });

    const v2base = `/api/plans/${plan.id}/versions/${v2.body.id}`;
    await commander.post(`${v2base}/submit`, {});
    expect((await approver.post(`${v2base}/approve`, {})).status).toBe(200);
    const rows = await t.database.db.select().from(planVersions).where(eq(planVersions.planId, plan.id));
    expect(rows.map((r) => [r.version, r.status]).sort()).toEqual([
      [1, 'superseded'],
      [2, 'approved'],
    ]);
    // A superseded version cannot be edited.
    expect((await commander.put(base, content)).status).toBe(409);

    // Audited: creation, each step, the supersession.
    const actions = (
      await t.database.db
        .select({ action: auditLog.action, entityType: auditLog.entityType })
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'plan_version')))
    ).map((r) => r.action);
    for (const action of ['submit', 'return', 'update', 'approve', 'create', 'supersede']) expect(actions).toContain(action);
  });

  it('four-eyes: neither the last editor nor the submitter may approve; a third person may, and it is recorded', async () => {
    // The approver drafts and last edits; the commander submits; neither may approve; a third commander does.
    const created = await create(approver, { changeNote: '四眼测试' });
    const v1 = created.body.versions[0].id;
    const base = `/api/plans/${created.body.id}/versions/${v1}`;
    expect(created.body.versions[0].lastEditedBy).toMatchObject({ displayName: expect.any(String) });
    const submitted = await commander.post(`${base}/submit`, {});
    expect(submitted.body).toMatchObject({ status: 'in_review', submittedBy: { id: commanderId } });
    const bySubmitter = await commander.post(`${base}/approve`, {});
    expect(bySubmitter.status).toBe(409);
    expect(bySubmitter.body.error.reason).toBe('four_eyes');
    expect(bySubmitter.body.error.details).toEqual({ rule: 'four_eyes', roles: ['submitter'] });
    const byEditor = await approver.post(`${base}/approve`, {});
    expect(byEditor.status).toBe(409);
    expect(byEditor.body.error.details).toEqual({ rule: 'four_eyes', roles: ['last_editor'] });
    // Returning stays open to them; a return and an edit by the commander makes the commander the last editor.
    expect((await commander.post(`${base}/return`, { comment: '补充' })).status).toBe(200);
    const edited = await commander.put(base, { ...content, general: { zh: '总则（修改）', en: 'General provisions (changed)' } });
    expect(edited.body.lastEditedBy).toMatchObject({ id: commanderId });
    const told = async () =>
      (
        await t.database.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.entityId, v1), eq(notifications.kind, 'plan.submitted')))
      ).map((n) => n.userId);
    // The first submission was made by one and last edited by the other: nobody else may approve, nobody was told.
    expect(await told()).toEqual([]);
    await commander.post(`${base}/submit`, {});
    // Now the approver, who may approve it, is told that it awaits them.
    expect(await told()).toEqual([approverId]);
    // Now the first author (no longer last editor, not the submitter) may approve.
    const ok = await approver.post(`${base}/approve`, {});
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', lastEditedBy: { id: commanderId }, submittedBy: { id: commanderId } });
    expect(ok.body.reviewedBy.id).not.toBe(commanderId);
  });

  it('refuses submission of an incomplete plan, listing what is missing', async () => {
    const thin = structuredClone(content);
    thin.levels.II.measures = [];
    thin.training = { zh: '培训', en: '' };
    const created = await create(commander, { levels: thin.levels, training: thin.training });
    expect(created.status).toBe(201);
    const res = await commander.post(`/api/plans/${created.body.id}/versions/${created.body.versions[0].id}/submit`, {});
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: 'levels.II.measures', message: 'at least one measure is required' },
      { path: 'training.en', message: 'English text is required' },
    ]);
  });

  it('scopes plans: a township commander neither sees a district plan (404) nor creates one outside their township', async () => {
    const created = await create(commander);
    const res = await commanderB.get(`/api/plans/${created.body.id}`);
    expect(res.status).toBe(404);
    expect((await commanderB.get('/api/plans')).body.items.map((p: { id: string }) => p.id)).not.toContain(created.body.id);
    const outside = await create(commanderB, { jurisdictionId: townshipAId });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details).toEqual([{ path: 'jurisdictionId', message: 'no such jurisdiction in your area' }]);
    // The epidemiologist reads but does not write.
    expect((await epidemiologist.get(`/api/plans/${created.body.id}`)).status).toBe(200);
    expect((await create(epidemiologist)).status).toBe(403);
  });
});
