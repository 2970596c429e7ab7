/**
 * Issue 12, items 1 and 5: an incident opened from an alert starts at the outbreak (the earliest onset among the
 * cases behind the alert's signals), counts the outbreak's cases (area, disease and period, plus the cases linked
 * from the alert or by hand), and its report lists the source alert and not an unrelated one; the alert, the
 * signal and the incident give the line list of their cases within the reader's rights.
 *
 * The world: HFMD cluster of 14 cases with onsets D−12 … D−3 (D = today, district time), 12 resident in township
 * A and 2 in township B; a space-time cluster signal centred on A covering A and B, absorbed by a confirmed
 * alert in A; background HFMD in A before the cluster (onset D−40: not the signal's, not the outbreak's); an
 * unrelated open diarrhoea alert in A; one case of the cluster has a resident identity number.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { type TestClient, buildDistrictTree, buildUser, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { alerts } from '../alerts/alerts.tables.ts';
import { caseReports } from '../cases/cases.tables.ts';
import { signals } from '../detection/signals.tables.ts';
import { buildPerson } from '../plans/plans.test-helpers.ts';
import { addDays, localDate } from '../reports/reports.figures.ts';
import { atLocal, buildDisease, insertCases } from '../reports/reports.fixtures.ts';

describe.each(testEngines())('the outbreak’s cases of an incident, alert and signal (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let commander: TestClient;
  let epidemiologist: TestClient;
  let officerA: TestClient;
  let viewer: TestClient;
  let commanderB: TestClient;
  const D = localDate(new Date());
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let alertId: string;
  let signalId: string;
  let diarrhoeaAlertCode: string;
  let otherDiseaseCaseCode: string;
  let identityCaseId: string;

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const hfmd = await buildDisease(t.database, 'hfmd');
    const diarrhoea = await buildDisease(t.database, 'other_diarrhoea');
    const cluster = [];
    for (let i = 0; i < 14; i++) {
      const onset = addDays(D, -12 + Math.floor((i * 10) / 14));
      cluster.push({
        jurisdictionId: i < 12 ? tree.communityA.id : tree.communityB.id,
        diseaseId: hfmd.id,
        onsetDate: onset,
        diagnosisAt: atLocal(addDays(onset, 1), '09:00'),
        reportedAt: atLocal(addDays(onset, 1), '11:00'),
        classification: 'clinical' as const,
      });
    }
    await insertCases(t.database, [
      ...cluster,
      // background before the cluster: neither the signal's nor (reported before the start) the outbreak's
      {
        jurisdictionId: tree.communityA.id,
        diseaseId: hfmd.id,
        onsetDate: addDays(D, -40),
        diagnosisAt: atLocal(addDays(D, -40), '09:00'),
        reportedAt: atLocal(addDays(D, -40), '12:00'),
      },
      // another disease in A, linked by hand later (the investigation tied it to the kindergarten)
      {
        jurisdictionId: tree.communityA.id,
        diseaseId: diarrhoea.id,
        onsetDate: addDays(D, -5),
        diagnosisAt: atLocal(addDays(D, -5), '09:00'),
        reportedAt: atLocal(addDays(D, -5), '12:00'),
      },
    ]);
    const [other] = await t.database.db.select().from(caseReports).where(eq(caseReports.diseaseId, diarrhoea.id));
    otherDiseaseCaseCode = other!.code;
    // one cluster case carries a resident identity number (its stored mask keeps the first 6 and last 4)
    const [first] = await t.database.db
      .select()
      .from(caseReports)
      .where(and(eq(caseReports.diseaseId, hfmd.id), eq(caseReports.onsetDate, addDays(D, -12))));
    identityCaseId = first!.id;
    await t.database.db
      .update(caseReports)
      .set({ idType: 'resident_id', idNumberMasked: '500199********1234', birthDate: '2021-03-04' })
      .where(eq(caseReports.id, identityCaseId));

    const [alert] = await t.database.db
      .insert(alerts)
      .values({
        jurisdictionId: tree.townshipA.id,
        diseaseId: hfmd.id,
        status: 'confirmed',
        title: '手足口病 · A',
        firstSignalAt: atLocal(addDays(D, -2), '06:00'),
      })
      .returning();
    alertId = alert!.id;
    const [signal] = await t.database.db
      .insert(signals)
      .values({
        diseaseId: hfmd.id,
        jurisdictionId: tree.townshipA.id,
        kind: 'cluster',
        method: 'scan',
        periodStart: addDays(D, -12),
        periodEnd: addDays(D, -3),
        dateBasis: 'onset',
        observed: 14,
        expected: 2.1,
        explanation: { cluster: { locations: [{ id: tree.townshipA.id }, { id: tree.townshipB.id }] } },
        alertId,
        dedupeKey: `test-cluster-${alertId}`,
      })
      .returning();
    signalId = signal!.id;
    const [diarrhoeaAlert] = await t.database.db
      .insert(alerts)
      .values({ jurisdictionId: tree.townshipA.id, diseaseId: diarrhoea.id, status: 'new', title: '其它感染性腹泻病 · A' })
      .returning();
    diarrhoeaAlertCode = diarrhoeaAlert!.code;

    app = createTestApp(t.database);
    const person = async (role: 'commander' | 'epidemiologist' | 'township_officer' | 'viewer', jurisdictionId: string) => {
      const p = await buildPerson(t.database, { role, jurisdictionId });
      return signIn(app, p.username, p.password);
    };
    commander = await person('commander', tree.district.id);
    epidemiologist = await person('epidemiologist', tree.district.id);
    officerA = await person('township_officer', tree.townshipA.id);
    viewer = await person('viewer', tree.district.id);
    commanderB = await person('commander', tree.townshipB.id);
  }, 120_000);

  it('lists the cases behind the alert and the cluster signal, within each reader’s rights', async () => {
    const all = await commander.get(`/api/alerts/${alertId}/cases`);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 14, canRead: true, hidden: 0, truncated: false });
    expect(all.body.items).toHaveLength(14);
    // by onset, with the township and classification of each
    expect(all.body.items[0]).toMatchObject({
      onsetDate: addDays(D, -12),
      classification: 'clinical',
      township: { id: tree.townshipA.id },
      matched: true,
    });
    expect(all.body.items.filter((c: { township: { id: string } }) => c.township.id === tree.townshipB.id)).toHaveLength(2);
    // identity masked as in the case list: the commander holds no cases.identity
    const masked = all.body.items.find((c: { id: string }) => c.id === identityCaseId);
    expect(masked).toMatchObject({ birthDate: null, birthYear: 2021, idNumberMasked: '******************' });
    const full = (await epidemiologist.get(`/api/alerts/${alertId}/cases`)).body.items.find((c: { id: string }) => c.id === identityCaseId);
    expect(full).toMatchObject({ birthDate: '2021-03-04', idNumberMasked: '500199********1234' });

    // the township officer of A sees A's 12; B's 2 are counted but not shown
    expect((await officerA.get(`/api/alerts/${alertId}/cases`)).body).toMatchObject({ total: 14, canRead: true, hidden: 2 });
    expect((await officerA.get(`/api/alerts/${alertId}/cases`)).body.items).toHaveLength(12);
    // a viewer (no cases.read) is told the figure only
    expect((await viewer.get(`/api/alerts/${alertId}/cases`)).body).toEqual({
      total: 14,
      canRead: false,
      items: [],
      hidden: 14,
      truncated: false,
    });
    // the alert of another township is not found
    expect((await commanderB.get(`/api/alerts/${alertId}/cases`)).status).toBe(404);

    // the space-time cluster's signal links to the same cases (both townships of the cluster)
    const fromSignal = await commander.get(`/api/signals/${signalId}/cases`);
    expect(fromSignal.status).toBe(200);
    expect(fromSignal.body.total).toBe(14);
    expect(new Set(fromSignal.body.items.map((c: { id: string }) => c.id))).toEqual(
      new Set(all.body.items.map((c: { id: string }) => c.id)),
    );
  });

  it('opens the incident at the earliest onset, counts the 14 cases, and the report lists the source alert only', async () => {
    const options = await commander.get(`/api/incidents/form-options?alertId=${alertId}`);
    expect(options.body.alert).toMatchObject({
      earliestOnset: addDays(D, -12),
      cases: 14,
      suggestedStartAt: atLocal(addDays(D, -12), '00:00').toISOString(),
    });

    const opened = await commander.post('/api/incidents', { alertId });
    expect(opened.status).toBe(201);
    // the outbreak began at the first onset, not when detection noticed it (D−2)
    expect(opened.body.startedAt).toBe(atLocal(addDays(D, -12), '00:00').toISOString());
    const id = opened.body.id as string;

    const summary = await commander.get(`/api/incidents/${id}/command-summary`);
    expect(summary.status).toBe(200);
    // 12 in A by area, disease and period, and B's 2 linked from the alert: 14, not the 2 of the last days
    expect(summary.body.cases.totals.cumulative).toBe(14);
    expect(summary.body.cases.cumulativeFrom).toBe(addDays(D, -12));
    const townshipB = summary.body.cases.townships.find((r: { jurisdictionId: string }) => r.jurisdictionId === tree.townshipB.id);
    expect(townshipB).toMatchObject({ cumulative: 2, name: tree.townshipB.name });
    // the source alert first (confirmed, no longer open), the diarrhoea alert of the same township not at all
    expect(summary.body.alerts.map((a: { id: string }) => a.id)).toEqual([alertId]);
    expect(summary.body.alerts[0]).toMatchObject({ source: true, status: 'confirmed' });
    expect(summary.body.alerts.some((a: { code: string }) => a.code === diarrhoeaAlertCode)).toBe(false);

    const report = await commander.post('/api/reports', { incidentId: id, reportDate: D });
    expect(report.status).toBe(201);
    expect(report.body.figures.cases.totals.cumulative).toBe(14);
    expect(report.body.figures.alerts.map((a: { id: string }) => a.id)).toEqual([alertId]);

    // the incident's line list: each case with its link (B's from the alert)
    const cases = await commander.get(`/api/incidents/${id}/cases`);
    expect(cases.body).toMatchObject({ total: 14, linked: 14, criteria: { from: addDays(D, -12), to: D } });
    expect(cases.body.items.every((c: { link: { origin: string } | null }) => c.link?.origin === 'alert')).toBe(true);
  });

  it('links a case by hand and unlinks it, audited, with rights and errors a user can act on', async () => {
    const opened = await commander.post('/api/incidents', {
      title: '手工立项',
      jurisdictionId: tree.townshipA.id,
      diseaseId: (await buildDisease(t.database, 'hfmd')).id,
      startedAt: atLocal(addDays(D, -12), '00:00').toISOString(),
    });
    const id = opened.body.id as string;
    const before = (await commander.get(`/api/incidents/${id}/command-summary`)).body.cases.totals.cumulative;
    expect(before).toBe(12); // A only: B's cases are not linked to an incident opened by hand

    const linked = await commander.post(`/api/incidents/${id}/cases`, {
      caseCode: otherDiseaseCaseCode,
      reason: '流调证实与幼儿园聚集相关',
    });
    expect(linked.status).toBe(200);
    expect(linked.body.total).toBe(13);
    const item = linked.body.items.find((c: { code: string }) => c.code === otherDiseaseCaseCode);
    expect(item).toMatchObject({ matched: false, link: { origin: 'hand', reason: '流调证实与幼儿园聚集相关' } });
    expect((await commander.get(`/api/incidents/${id}/command-summary`)).body.cases.totals.cumulative).toBe(13);

    // twice: 409; an unknown code: 400 naming the field; a viewer or another township's commander: refused
    expect((await commander.post(`/api/incidents/${id}/cases`, { caseCode: otherDiseaseCaseCode })).status).toBe(409);
    const unknown = await commander.post(`/api/incidents/${id}/cases`, { caseCode: 'C1999-999999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('caseCode');
    expect((await commander.post(`/api/incidents/${id}/cases`, {})).status).toBe(400);
    expect((await viewer.post(`/api/incidents/${id}/cases`, { caseCode: otherDiseaseCaseCode })).status).toBe(403);
    expect((await commanderB.post(`/api/incidents/${id}/cases`, { caseCode: otherDiseaseCaseCode })).status).toBe(404);

    const [audited] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'link_case'), eq(auditLog.entityType, 'incident_case')));
    expect(audited).toBeDefined();
    // the link is about the case's person: filed under the case's residence, its details shown only to readers of
    // the case — an auditor without cases.read sees that it happened, not which case or why
    const [linkedCase] = await t.database.db.select().from(caseReports).where(eq(caseReports.code, otherDiseaseCaseCode));
    expect(audited!.jurisdictionId).toBe(linkedCase!.jurisdictionId);
    const admin = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    const auditor = await signIn(app, admin.user.username, admin.password);
    const seen = (await auditor.get('/api/audit?entityType=incident_case&action=link_case')).body.items;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ action: 'link_case', before: null, after: null });

    const caseId = item.id as string;
    expect((await commander.post(`/api/incidents/${id}/cases/${caseId}/unlink`, {})).status).toBe(400); // a reason is required
    const unlinked = await commander.post(`/api/incidents/${id}/cases/${caseId}/unlink`, { reason: '复核排除' });
    expect(unlinked.status).toBe(200);
    expect(unlinked.body.total).toBe(12);
    expect((await commander.get(`/api/incidents/${id}/command-summary`)).body.cases.totals.cumulative).toBe(12);
    expect((await commander.post(`/api/incidents/${id}/cases/${caseId}/unlink`, { reason: '再次' })).status).toBe(404);
    const [unlinkAudit] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'unlink_case'));
    expect(unlinkAudit!.jurisdictionId).toBe(linkedCase!.jurisdictionId);
    expect((unlinkAudit!.before as { caseJurisdictionId?: string }).caseJurisdictionId).toBeUndefined();
  });
});
