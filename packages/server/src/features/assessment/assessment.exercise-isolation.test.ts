/**
 * Exercise data is no record of the district (issue 19: "no exercise record changes any real figure"): a
 * property test injects random exercises — alerts in any state with their signals and events, incidents opened
 * from them with a level and tasks, exercise case reports linked to them, contacts of those cases with follow-ups
 * — and checks that no assessment figure or record moves: the 7-1-7 table and trend, the indicators (reporting,
 * verification, activation, tasks, burden, stock-out, tracing), detection performance, and the SPAR framework's
 * evidence indicators (which link to these pages). An exercise's incident still opens on its own, marked.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { alertEvents, alerts } from '../alerts/index.ts';
import { caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { contactFollowUps, contacts } from '../contacts/index.ts';
import { signals } from '../detection/index.ts';
import { exercises } from '../exercises/index.ts';
import { incidentCases, incidentLevelActivations, incidents } from '../incidents/index.ts';
import { agencies } from '../registry/index.ts';
import { atLocal } from '../reports/reports.fixtures.ts';
import { tasks } from '../tasks/index.ts';

const day = (n: number) => `2025-03-${String(n).padStart(2, '0')}`;

describe.each(testEngines())('assessment leaves exercises out (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let epi: TestClient;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let diseaseId: string;
  let agencyId: string;
  let realIncident: string;
  const period = 'from=2025-03-01&to=2025-03-31';
  let injected = 0;

  beforeAll(async () => {
    const db = t.database.db;
    tree = await buildDistrictTree(t.database);
    const [d] = await db
      .insert(diseases)
      .values({
        code: `ex_${engine}`,
        name: '演练隔离测试病',
        nameEn: 'Isolation test',
        class: 'B',
        reportDeadlineHours: 24,
        defaultMethod: 'ears_c1',
      })
      .returning();
    diseaseId = d!.id;
    const [g] = await db
      .insert(agencies)
      .values({ code: `EXG-${engine}`, name: '区疾控中心', nameEn: 'District CDC', kind: 'cdc', jurisdictionId: tree.district.id })
      .returning();
    agencyId = g!.id;
    // the real history: a confirmed alert with a signal and an incident opened from it, a discarded one, a case
    const [a1, a2] = await db
      .insert(alerts)
      .values([
        {
          diseaseId,
          jurisdictionId: tree.townshipA.id,
          status: 'confirmed',
          title: '真实预警',
          firstSignalAt: atLocal('2025-03-05', '10:00'),
          createdAt: atLocal('2025-03-05', '10:05'),
          verificationDueAt: atLocal('2025-03-05', '12:05'),
        },
        { diseaseId, jurisdictionId: tree.townshipB.id, status: 'discarded', title: '误报', createdAt: atLocal('2025-03-12', '08:00') },
      ])
      .returning();
    await db.insert(alertEvents).values([
      { alertId: a1!.id, kind: 'status', fromStatus: 'new', toStatus: 'confirmed', createdAt: atLocal('2025-03-06', '09:00') },
      { alertId: a2!.id, kind: 'status', fromStatus: 'new', toStatus: 'discarded', createdAt: atLocal('2025-03-12', '10:00') },
    ]);
    await db.insert(signals).values({
      diseaseId,
      jurisdictionId: tree.townshipA.id,
      kind: 'aberration',
      method: 'ears_c1',
      periodStart: day(5),
      periodEnd: day(5),
      observed: 4,
      alertId: a1!.id,
      dedupeKey: `ex-real-${engine}`,
    });
    const [x] = await db
      .insert(incidents)
      .values({
        title: '真实事件',
        diseaseId,
        jurisdictionId: tree.townshipA.id,
        alertId: a1!.id,
        startedAt: atLocal('2025-03-03', '00:00'),
        createdAt: atLocal('2025-03-06', '10:00'),
      })
      .returning();
    realIncident = x!.id;
    await db
      .insert(incidentLevelActivations)
      .values({ incidentId: realIncident, level: 'IV', activatedAt: atLocal('2025-03-06', '18:00') });
    await db.insert(tasks).values({
      title: '流调',
      jurisdictionId: tree.townshipA.id,
      incidentId: realIncident,
      assigneeAgencyId: agencyId,
      dueAt: atLocal('2025-03-08', '18:00'),
      status: 'done',
      completedAt: atLocal('2025-03-08', '12:00'),
    });
    const [c] = await db
      .insert(caseReports)
      .values({
        diseaseId,
        personName: '真实病例',
        sex: 'unknown',
        idType: 'none',
        source: 'demo',
        jurisdictionId: tree.communityA.id,
        classification: 'confirmed',
        onsetDate: day(2),
        diagnosisAt: atLocal('2025-03-04', '09:00'),
        reportedAt: atLocal('2025-03-04', '10:00'),
      })
      .returning();
    await db.insert(incidentCases).values({ incidentId: realIncident, caseId: c!.id, origin: 'hand' });
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    app = createTestApp(t.database);
    epi = await signIn(app, e.user.username, e.password);
  });

  async function figures() {
    const [table, indicators, detection, one, framework] = await Promise.all([
      epi.get('/api/assessment/717/events'),
      epi.get(`/api/assessment/indicators?${period}`),
      epi.get(`/api/assessment/detection-performance?${period}`),
      epi.get(`/api/assessment/717?incidentId=${realIncident}`),
      epi.get('/api/assessment/spar/framework'),
    ]);
    for (const r of [table, indicators, detection, one, framework]) expect(r.status).toBe(200);
    return { table: table.body, indicators: indicators.body, detection: detection.body, one: one.body, framework: framework.body };
  }

  /** One exercise with what its injects and players would leave in the real tables, all marked. */
  async function injectExercise(x: {
    township: 'A' | 'B';
    first: number;
    cases: number;
    alertStatus: 'new' | 'verifying' | 'confirmed' | 'discarded';
    incident: boolean;
    tasks: number;
    contacts: number;
  }) {
    const db = t.database.db;
    injected += 1;
    const place = x.township === 'A' ? tree.townshipA.id : tree.townshipB.id;
    const community = x.township === 'A' ? tree.communityA.id : tree.communityB.id;
    const at = (d: number, hhmm: string) => atLocal(day(Math.min(28, x.first + d)), hhmm);
    const [exercise] = await db
      .insert(exercises)
      .values({
        title: `演练${injected}`,
        type: 'functional',
        jurisdictionId: tree.district.id,
        scheduledDate: day(x.first),
        status: 'running',
        startedAt: at(0, '08:00'),
      })
      .returning();
    const exerciseId = exercise!.id;
    const caseRows = x.cases
      ? await db
          .insert(caseReports)
          .values(
            Array.from({ length: x.cases }, (_, i) => ({
              diseaseId,
              personName: `演练病例${i} EXERCISE`,
              sex: 'unknown' as const,
              idType: 'none' as const,
              source: 'api' as const,
              jurisdictionId: community,
              classification: 'confirmed' as const,
              onsetDate: day(Math.max(1, x.first - 1)),
              diagnosisAt: at(0, '09:00'),
              reportedAt: at(0, '09:30'),
              status: 'exercise' as const,
              exerciseId,
            })),
          )
          .returning()
      : [];
    const [alert] = await db
      .insert(alerts)
      .values({
        diseaseId,
        jurisdictionId: place,
        status: x.alertStatus,
        title: '演练预警 EXERCISE',
        firstSignalAt: at(0, '10:00'),
        createdAt: at(0, '10:05'),
        verificationDueAt: at(0, '12:05'),
        exerciseId,
      })
      .returning();
    if (x.alertStatus !== 'new')
      await db
        .insert(alertEvents)
        .values({ alertId: alert!.id, kind: 'status', fromStatus: 'new', toStatus: x.alertStatus, createdAt: at(0, '11:00') });
    await db.insert(signals).values({
      diseaseId,
      jurisdictionId: place,
      kind: 'aberration',
      method: 'ears_c1',
      periodStart: day(x.first),
      periodEnd: day(x.first),
      observed: 9,
      alertId: alert!.id,
      dedupeKey: `ex-${engine}-${injected}`,
      exerciseId,
    });
    if (x.incident) {
      const [incident] = await db
        .insert(incidents)
        .values({
          title: '演练事件 EXERCISE',
          diseaseId,
          jurisdictionId: place,
          alertId: alert!.id,
          startedAt: at(0, '00:00'),
          createdAt: at(0, '12:00'),
          exerciseId,
        })
        .returning();
      await db.insert(incidentLevelActivations).values({ incidentId: incident!.id, level: 'III', activatedAt: at(0, '13:00') });
      if (caseRows.length)
        await db.insert(incidentCases).values(caseRows.map((cr) => ({ incidentId: incident!.id, caseId: cr.id, origin: 'hand' as const })));
      if (x.tasks)
        await db.insert(tasks).values(
          Array.from({ length: x.tasks }, (_, i) => ({
            title: `演练任务${i}`,
            jurisdictionId: place,
            incidentId: incident!.id,
            assigneeAgencyId: agencyId,
            dueAt: at(1, '18:00'),
            status: i === 0 ? ('done' as const) : ('accepted' as const),
            completedAt: i === 0 ? at(2, '09:00') : null,
          })),
        );
      // the exercise's own incident still answers, marked
      const own = await epi.get(`/api/assessment/717?incidentId=${incident!.id}`);
      expect(own.status).toBe(200);
      expect(own.body.event.exercise).toBe(true);
    }
    if (caseRows.length && x.contacts) {
      const rows = await db
        .insert(contacts)
        .values(
          Array.from({ length: x.contacts }, (_, i) => ({
            diseaseId,
            sourceCaseId: caseRows[0]!.id,
            indexCaseId: caseRows[0]!.id,
            degree: 1,
            jurisdictionId: community,
            personName: `演练接触者${i}`,
            riskCategory: 'high' as const,
            lastExposureAt: at(0, '08:00'),
            followUpUntil: day(Math.min(28, x.first + 10)),
            createdAt: at(0, '10:00'),
          })),
        )
        .returning();
      await db.insert(contactFollowUps).values(
        rows.map((r) => ({
          contactId: r.id,
          jurisdictionId: community,
          date: day(Math.min(28, x.first + 1)),
          round: 1,
          status: 'seen_ok' as const,
          createdAt: at(1, '09:00'),
        })),
      );
    }
  }

  it('injecting exercises changes no figure and no record of the assessment', async () => {
    const before = await figures();
    // the real history is there (the property would hold vacuously otherwise)
    expect(before.table.items.map((i: { event: { id: string } }) => i.event.id)).toEqual([realIncident]);
    expect(before.indicators.alertVerification.alerts).toBe(2);
    expect(before.indicators.taskOnTime.agencies[0].onTime).toBe(1);
    expect(before.one.event.exercise).toBe(false);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          township: fc.constantFrom('A' as const, 'B' as const),
          first: fc.integer({ min: 1, max: 25 }),
          cases: fc.integer({ min: 0, max: 3 }),
          alertStatus: fc.constantFrom('new' as const, 'verifying' as const, 'confirmed' as const, 'discarded' as const),
          incident: fc.boolean(),
          tasks: fc.integer({ min: 0, max: 2 }),
          contacts: fc.integer({ min: 0, max: 2 }),
        }),
        async (x) => {
          await injectExercise(x);
          expect(await figures()).toEqual(before);
        },
      ),
      { numRuns: 6, seed: 18_19 },
    );
    // and one of each kind for certain, whatever the random draw
    await injectExercise({ township: 'A', first: 4, cases: 2, alertStatus: 'confirmed', incident: true, tasks: 2, contacts: 2 });
    await injectExercise({ township: 'B', first: 10, cases: 1, alertStatus: 'confirmed', incident: false, tasks: 0, contacts: 1 });
    expect(await figures()).toEqual(before);
  });
});
