/**
 * The alerts behind the assessment's figures pass through the reader's alerts.read scope (alert-scope.ts), as
 * cases pass the cases.read scope. A township's incident may come from an alert of the district level or of
 * another township: its township epidemiologist reads the incident's 7-1-7 but may not open that alert, so the
 * assessment must not name it either (7-1-7, the table, a review's attached 7-1-7, detection performance).
 * Before the fix the 7-1-7's detection and notification records named the alert to every reader of the incident.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { alertEvents, alerts } from '../alerts/index.ts';
import { incidents } from '../incidents/index.ts';
import { atLocal } from '../reports/reports.fixtures.ts';

type Ref = { kind: string; id: string };
const alertIds = (refs: Ref[]) => refs.filter((r) => r.kind === 'alert').map((r) => r.id);

describe.each(testEngines())('assessment records within the alerts scope (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let districtEpi: TestClient;
  let townshipEpi: TestClient;
  let incidentId: string;
  let districtAlert: string; // the district-level alert the township's incident was opened from
  let alertB: string; // a confirmed alert of township B, an event of its own

  beforeAll(async () => {
    const db = t.database.db;
    const tree = await buildDistrictTree(t.database);
    const [a, b] = await db
      .insert(alerts)
      .values([
        {
          jurisdictionId: tree.district.id,
          status: 'confirmed',
          title: '全区预警',
          firstSignalAt: atLocal('2025-03-03', '10:00'),
          createdAt: atLocal('2025-03-03', '10:05'),
          verificationDueAt: atLocal('2025-03-03', '12:05'),
        },
        {
          jurisdictionId: tree.townshipB.id,
          status: 'confirmed',
          title: '乙乡预警',
          firstSignalAt: atLocal('2025-03-04', '10:00'),
          createdAt: atLocal('2025-03-04', '10:05'),
        },
      ])
      .returning();
    districtAlert = a!.id;
    alertB = b!.id;
    await db.insert(alertEvents).values([
      { alertId: districtAlert, kind: 'status', fromStatus: 'new', toStatus: 'confirmed', createdAt: atLocal('2025-03-04', '09:00') },
      { alertId: alertB, kind: 'status', fromStatus: 'new', toStatus: 'confirmed', createdAt: atLocal('2025-03-05', '09:00') },
    ]);
    const [incident] = await db
      .insert(incidents)
      .values({
        title: '甲乡疫情',
        jurisdictionId: tree.townshipA.id,
        alertId: districtAlert,
        startedAt: atLocal('2025-03-01', '00:00'),
        createdAt: atLocal('2025-03-04', '10:00'),
      })
      .returning();
    incidentId = incident!.id;
    const de = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const te = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.townshipA.id });
    app = createTestApp(t.database);
    districtEpi = await signIn(app, de.user.username, de.password);
    townshipEpi = await signIn(app, te.user.username, te.password);
  });

  it('the township epidemiologist may not open the district alert itself', async () => {
    expect((await townshipEpi.get(`/api/alerts/${districtAlert}`)).status).toBe(404);
    expect((await districtEpi.get(`/api/alerts/${districtAlert}`)).status).toBe(200);
  });

  it('7-1-7: the times come from the alert for every reader; the alert is named only to those who may read it', async () => {
    const all = await districtEpi.get(`/api/assessment/717?incidentId=${incidentId}`);
    expect(all.status).toBe(200);
    expect(all.body.detectedAt).toBe(atLocal('2025-03-03', '10:00').toISOString());
    expect(all.body.notifiedAt).toBe(atLocal('2025-03-04', '09:00').toISOString());
    expect(alertIds(all.body.records.detection)).toEqual([districtAlert]);
    expect(alertIds(all.body.records.notification)).toEqual([districtAlert]);
    expect(all.body.event.exercise).toBe(false);

    const township = await townshipEpi.get(`/api/assessment/717?incidentId=${incidentId}`);
    expect(township.status).toBe(200);
    expect(township.body.detectedAt).toBe(all.body.detectedAt);
    expect(township.body.notifiedAt).toBe(all.body.notifiedAt);
    expect(township.body.notification).toEqual(all.body.notification);
    expect(alertIds(township.body.records.detection)).toEqual([]);
    expect(alertIds(township.body.records.notification)).toEqual([]);
    expect(JSON.stringify(township.body)).not.toContain(districtAlert);
  });

  it("the table: the incident's row names no alert for the township; another township's alert event is not listed", async () => {
    const all = await districtEpi.get('/api/assessment/717/events');
    expect(all.body.items.map((i: { event: { id: string } }) => i.event.id).sort()).toEqual([incidentId, alertB].sort());
    const township = await townshipEpi.get('/api/assessment/717/events');
    expect(township.body.items.map((i: { event: { id: string } }) => i.event.id)).toEqual([incidentId]);
    expect(JSON.stringify(township.body)).not.toContain(districtAlert);
    expect((await townshipEpi.get(`/api/assessment/717?alertId=${alertB}`)).status).toBe(404);
    expect((await districtEpi.get(`/api/assessment/717?alertId=${alertB}`)).status).toBe(200);
  });

  it("a review's attached 7-1-7, submitted by the district, names the alert only to readers who may read it", async () => {
    const created = await districtEpi.post('/api/assessment/reviews', {
      kind: 'intra_action',
      incidentId,
      title: '事中评估',
      format: 'debrief',
      reviewDate: '2025-03-20',
      wentWell: '核实及时',
    });
    expect(created.status).toBe(201);
    const submitted = await districtEpi.post(`/api/assessment/reviews/${created.body.id}/submit`, {});
    expect(alertIds(submitted.body.indicators.sevenOneSeven.records.detection)).toEqual([districtAlert]);
    const read = await townshipEpi.get(`/api/assessment/reviews/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.indicators.sevenOneSeven.detection).toEqual(submitted.body.indicators.sevenOneSeven.detection);
    expect(alertIds(read.body.indicators.sevenOneSeven.records.detection)).toEqual([]);
    expect(alertIds(read.body.indicators.sevenOneSeven.records.notification)).toEqual([]);
  });
});
