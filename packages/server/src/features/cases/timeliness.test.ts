import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { scopeFor } from '../../platform/auth/scope.ts';
import { buildDistrictTree, buildUser, testEngines, withTestDb } from '../../test-support/index.ts';
import { facilities } from '../registry/registry.tables.ts';
import { caseReports } from './cases.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { reportingTimeliness } from './timeliness.ts';

describe.each(testEngines())('catalogue and reporting timeliness (%s)', (engine) => {
  const t = withTestDb(engine);

  it('seeds the notifiable diseases with deadlines and methods', async () => {
    const rows = await t.database.db.select().from(diseases);
    const byCode = new Map(rows.map((d) => [d.code, d]));
    expect(
      rows
        .filter((d) => d.class === 'A')
        .map((d) => d.code)
        .sort(),
    ).toEqual(['cholera', 'plague']);
    expect(rows.length).toBe(48);
    expect(byCode.get('plague')).toMatchObject({
      reportDeadlineHours: 2,
      verificationHours: 2,
      defaultMethod: 'fixedThreshold',
      defaultParams: { k: 1, period: 1 },
    });
    expect(byCode.get('pulmonary_anthrax')).toMatchObject({ managedAsClassA: true, reportDeadlineHours: 2 });
    expect(byCode.get('sars')).toMatchObject({ managedAsClassA: true, reportDeadlineHours: 2 });
    expect(byCode.get('polio')).toMatchObject({ reportDeadlineHours: 2, defaultMethod: 'fixedThreshold' });
    expect(byCode.get('hfmd')).toMatchObject({
      class: 'C',
      reportDeadlineHours: 24,
      defaultMethod: 'mpm',
      // a common disease alarms from 3 cases in a week (migration 0035, CIDARS minimum counts), not from 1
      defaultParams: { years: 3, halfWindow: 2, p: 0.8, minCount: 3, periodLength: 7 },
      icd10: 'B08.4',
    });
    expect(byCode.get('varicella')).toMatchObject({ class: 'other', defaultParams: expect.objectContaining({ p: 0.75 }) });
    // every 2-hour disease is Class A, managed as A, or one of the four named Class B diseases
    for (const d of rows.filter((r) => r.reportDeadlineHours === 2)) {
      expect(d.class === 'A' || d.managedAsClassA || ['polio', 'pulmonary_anthrax', 'sars', 'hpai'].includes(d.code)).toBe(true);
    }
  });

  it('counts on-time and late reports and the median delay per facility, within scope', async () => {
    const db = t.database.db;
    const tree = await buildDistrictTree(t.database);
    const [hospital] = await db
      .insert(facilities)
      .values({ name: 'H', nameEn: 'Hospital H', type: 'general_hospital', jurisdictionId: tree.townshipA.id })
      .returning();
    const [hfmd] = await db.select().from(diseases).where(eq(diseases.code, 'hfmd'));
    const [cholera] = await db.select().from(diseases).where(eq(diseases.code, 'cholera'));
    const diag = new Date('2026-03-10T02:00:00Z');
    const h = (n: number) => new Date(diag.getTime() + n * 3_600_000);
    const base = { personName: 'x', sex: 'male' as const, idType: 'none' as const, classification: 'clinical' as const, diagnosisAt: diag };
    await db.insert(caseReports).values([
      // on time; reviewed 2 h after the report (on time: 24 h)
      { ...base, diseaseId: hfmd!.id, jurisdictionId: tree.communityA.id, facilityId: hospital!.id, reportedAt: h(1), reviewedAt: h(3) },
      // late (24 h); reviewed 30 h after the report (late)
      { ...base, diseaseId: hfmd!.id, jurisdictionId: tree.communityA.id, facilityId: hospital!.id, reportedAt: h(30), reviewedAt: h(60) },
      // late (2 h); reviewed 1 h after the report (on time: 2 h)
      { ...base, diseaseId: cholera!.id, jurisdictionId: tree.townshipA.id, facilityId: hospital!.id, reportedAt: h(3), reviewedAt: h(4) },
      { ...base, diseaseId: hfmd!.id, jurisdictionId: tree.townshipB.id, facilityId: null, reportedAt: h(5) }, // other township
      // outside the period (reported 2026-03-20 China time)
      {
        ...base,
        diseaseId: hfmd!.id,
        jurisdictionId: tree.townshipA.id,
        facilityId: hospital!.id,
        reportedAt: new Date('2026-03-20T01:00:00Z'),
        diagnosisAt: new Date('2026-03-20T00:00:00Z'),
      },
    ]);
    const { principal: district } = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const all = await reportingTimeliness(db, scopeFor(district, 'cases.read'), { from: '2026-03-01', to: '2026-03-15' });
    const allTotal = {
      reports: 4,
      onTime: 2,
      late: 2,
      onTimeShare: 0.5,
      medianDelayHours: 4,
      corrections: 0,
      correctionsOnTime: 0,
      correctionsLate: 0,
      reviewed: 3,
      reviewedOnTime: 2,
      reviewedLate: 1,
      awaitingReview: 1,
      medianReviewHours: 2,
    };
    expect(all.total).toEqual(allTotal);
    expect(all.facilities).toEqual([
      {
        facilityId: hospital!.id,
        facilityName: 'H',
        facilityNameEn: 'Hospital H',
        reports: 3,
        onTime: 1,
        late: 2,
        onTimeShare: 0.333,
        medianDelayHours: 3,
        corrections: 0,
        correctionsOnTime: 0,
        correctionsLate: 0,
        reviewed: 3,
        reviewedOnTime: 2,
        reviewedLate: 1,
        awaitingReview: 0,
        medianReviewHours: 2,
      },
      {
        facilityId: null,
        facilityName: null,
        facilityNameEn: null,
        reports: 1,
        onTime: 1,
        late: 0,
        onTimeShare: 1,
        medianDelayHours: 5,
        corrections: 0,
        correctionsOnTime: 0,
        correctionsLate: 0,
        reviewed: 0,
        reviewedOnTime: 0,
        reviewedLate: 0,
        awaitingReview: 1,
        medianReviewHours: null,
      },
    ]);
    // The review time is the first decision's: a later review (returned, corrected, approved) or a correction that
    // clears reviewed_at does not move it (the trigger of migration 0049).
    await db
      .update(caseReports)
      .set({ reviewedAt: h(200) })
      .where(eq(caseReports.reportedAt, h(1)));
    await db
      .update(caseReports)
      .set({ reviewedAt: null })
      .where(eq(caseReports.reportedAt, h(3)));
    const [first] = await db
      .select()
      .from(caseReports)
      .where(eq(caseReports.reportedAt, h(1)));
    expect(first!.firstReviewedAt).toEqual(h(3));
    const again = await reportingTimeliness(db, scopeFor(district, 'cases.read'), { from: '2026-03-01', to: '2026-03-15' });
    expect(again.total).toEqual(allTotal);
    // the first review of a card not reviewed yet is its review's time
    await db
      .update(caseReports)
      .set({ reviewedAt: h(7) })
      .where(eq(caseReports.reportedAt, h(5)));
    const later = await reportingTimeliness(db, scopeFor(district, 'cases.read'), { from: '2026-03-01', to: '2026-03-15' });
    expect(later.total).toMatchObject({ reviewed: 4, reviewedOnTime: 3, awaitingReview: 0, medianReviewHours: 2 });
    const { principal: townB } = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    const b = await reportingTimeliness(db, scopeFor(townB, 'cases.read'), { from: '2026-03-01', to: '2026-03-15' });
    expect(b.total.reports).toBe(1);
    expect(b.facilities.map((f) => f.facilityId)).toEqual([null]);
  });
});
