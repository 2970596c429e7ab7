/**
 * The records behind the assessment's figures name cases: each passes through the reader's cases.read scope
 * (residence and role; a hospital reporter sees only the reports its facility filed), on both engines. Before
 * the fix every holder of cases.read saw every linked case's code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { incidentCases, incidents } from '../incidents/index.ts';
import { facilities } from '../registry/index.ts';
import { atLocal } from '../reports/reports.fixtures.ts';

type Ref = { kind: string; id: string };

describe.each(testEngines())('assessment records within the case scope (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let districtEpi: TestClient;
  let townshipEpi: TestClient;
  let reporter: TestClient;
  let incidentId: string;
  let own: string; // filed by the reporter's hospital, resident in township A
  let otherFacility: string; // filed by another hospital, resident in township A
  let townshipB: string; // resident in township B (linked to the township A incident by hand)
  const period = 'from=2025-03-01&to=2025-03-31';

  beforeAll(async () => {
    const db = t.database.db;
    const tree = await buildDistrictTree(t.database);
    const [disease] = await db
      .insert(diseases)
      .values({ code: `cs_${engine}`, name: '测试病', nameEn: 'Test', class: 'C', reportDeadlineHours: 24, defaultMethod: 'cidars_fixed' })
      .returning();
    const [h1, h2] = await db
      .insert(facilities)
      .values([
        { name: '甲乡卫生院', nameEn: 'Hospital 1', type: 'general_hospital', jurisdictionId: tree.townshipA.id },
        { name: '乙医院', nameEn: 'Hospital 2', type: 'general_hospital', jurisdictionId: tree.townshipA.id },
      ])
      .returning();
    const person = {
      personName: '测试',
      sex: 'unknown' as const,
      idType: 'none' as const,
      source: 'demo' as const,
      diseaseId: disease!.id,
    };
    const rows = await db
      .insert(caseReports)
      .values([
        {
          ...person,
          jurisdictionId: tree.communityA.id,
          facilityId: h1!.id,
          classification: 'confirmed',
          onsetDate: '2025-03-02',
          diagnosisAt: atLocal('2025-03-04', '09:00'),
          reportedAt: atLocal('2025-03-04', '10:00'),
        },
        {
          ...person,
          jurisdictionId: tree.communityA.id,
          facilityId: h2!.id,
          classification: 'confirmed',
          onsetDate: '2025-03-01',
          diagnosisAt: atLocal('2025-03-03', '09:00'),
          reportedAt: atLocal('2025-03-03', '10:00'),
        },
        {
          ...person,
          jurisdictionId: tree.communityB.id,
          classification: 'confirmed',
          onsetDate: '2025-03-01',
          diagnosisAt: atLocal('2025-03-02', '09:00'),
          reportedAt: atLocal('2025-03-02', '10:00'),
        },
      ])
      .returning();
    [own, otherFacility, townshipB] = rows.map((r) => r.id) as [string, string, string];
    const [incident] = await db
      .insert(incidents)
      .values({
        title: '甲乡聚集',
        jurisdictionId: tree.townshipA.id,
        diseaseId: disease!.id,
        startedAt: atLocal('2025-03-01', '00:00'),
        createdAt: atLocal('2025-03-05', '10:00'),
      })
      .returning();
    incidentId = incident!.id;
    await db.insert(incidentCases).values(rows.map((r) => ({ incidentId, caseId: r.id, origin: 'hand' as const })));
    const de = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const te = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.townshipA.id });
    // reads assessments district-wide (viewer) and reports for one hospital (facility-bound cases.read)
    const rp = await buildUser(t.database, {
      roles: [
        { role: 'viewer', jurisdictionId: tree.district.id },
        { role: 'hospital_reporter', jurisdictionId: tree.townshipA.id },
      ],
      facilityId: h1!.id,
    });
    app = createTestApp(t.database);
    districtEpi = await signIn(app, de.user.username, de.password);
    townshipEpi = await signIn(app, te.user.username, te.password);
    reporter = await signIn(app, rp.user.username, rp.password);
  });

  const caseIds = (refs: Ref[]) => refs.filter((r) => r.kind === 'case').map((r) => r.id);

  it("7-1-7: the times count every case, the records name only the reader's", async () => {
    const all = await districtEpi.get(`/api/assessment/717?incidentId=${incidentId}`);
    expect(all.status).toBe(200);
    // the earliest onset (03-01) and the first report (03-02, township B's) are the same for every reader
    expect(all.body.emergenceAt).toBe(atLocal('2025-03-01', '00:00').toISOString());
    expect(caseIds(all.body.records.emergence).sort()).toEqual([otherFacility, townshipB].sort());
    expect(caseIds(all.body.records.detection)).toEqual([townshipB]);

    const township = await townshipEpi.get(`/api/assessment/717?incidentId=${incidentId}`);
    expect(township.body.emergenceAt).toBe(all.body.emergenceAt);
    expect(township.body.detectedAt).toBe(all.body.detectedAt);
    expect(caseIds(township.body.records.emergence)).toEqual([otherFacility]);
    expect(caseIds(township.body.records.detection)).toEqual([]);

    const hospital = await reporter.get(`/api/assessment/717?incidentId=${incidentId}`);
    expect(hospital.status).toBe(200);
    expect(hospital.body.detection).toEqual(all.body.detection);
    expect(caseIds(hospital.body.records.emergence)).toEqual([]);
    expect(caseIds(hospital.body.records.detection)).toEqual([]);

    const table = await reporter.get('/api/assessment/717/events');
    const row = table.body.items.find((i: { event: { id: string } }) => i.event.id === incidentId);
    expect([...caseIds(row.records.emergence), ...caseIds(row.records.detection)]).toEqual([]);
  });

  it('indicators: the counts are whole, the listed reports are those the reader may read', async () => {
    const all = await districtEpi.get(`/api/assessment/indicators?${period}`);
    const hospital = await reporter.get(`/api/assessment/indicators?${period}`);
    const township = await townshipEpi.get(`/api/assessment/indicators?${period}`);
    expect(hospital.body.reportingTimeliness.groups).toEqual(all.body.reportingTimeliness.groups);
    expect(all.body.reportingTimeliness.records.map((r: Ref) => r.id).sort()).toEqual([own, otherFacility, townshipB].sort());
    expect(hospital.body.reportingTimeliness.records.map((r: Ref) => r.id)).toEqual([own]);
    const event = (b: { events: { id: string; cases: number; records: Ref[] }[] }) => b.events.find((e) => e.id === incidentId)!;
    expect(event(hospital.body).cases).toBe(3);
    expect(event(hospital.body).records.map((r) => r.id)).toEqual([own]);
    expect(
      event(township.body)
        .records.map((r) => r.id)
        .sort(),
    ).toEqual([own, otherFacility].sort());
  });

  it("a review's attached 7-1-7 names only the cases the reader may read", async () => {
    const created = await districtEpi.post('/api/assessment/reviews', {
      kind: 'intra_action',
      incidentId,
      title: '事中评估',
      format: 'debrief',
      reviewDate: '2025-03-20',
      wentWell: '流调及时',
    });
    expect(created.status).toBe(201);
    const submitted = await districtEpi.post(`/api/assessment/reviews/${created.body.id}/submit`, {});
    expect(caseIds(submitted.body.indicators.sevenOneSeven.records.detection)).toEqual([townshipB]);
    const read = await reporter.get(`/api/assessment/reviews/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.indicators.sevenOneSeven.detection).toEqual(submitted.body.indicators.sevenOneSeven.detection);
    expect(caseIds(read.body.indicators.sevenOneSeven.records.emergence)).toEqual([]);
    expect(caseIds(read.body.indicators.sevenOneSeven.records.detection)).toEqual([]);
  });
});
