/**
 * Demo data of the cases feature for District J (called by seedFeatureDemos, features/demo/feature-demos.ts):
 * five years of case history up to ctx.now with three recent outbreaks (demo-history.ts describes the model).
 *
 * Idempotent: when the district already has demo cases, nothing is written. Otherwise every case goes in one
 * transaction, in multi-row batches, with ONE audit record summarising the history (not one per case: the
 * history is synthetic, written by the system, and 40,000 audit records would say nothing more).
 *
 * Identity numbers: demo people get valid resident IDs (makeResidentId: the district's division code, the birth
 * date, a sequence number), stored protected by the same `identityProtector` the cases service uses, with the
 * server's own key (`ctx.identity`: IDENTITY_KEY, else the key file in its DATA_DIR; `loadConfig()` when the
 * caller gives none), so that the service can reveal them to holders of the right.
 */
import { and, between, eq, isNotNull, like, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { audit } from '../../platform/audit/audit.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { tellReturned } from './cases.service.ts';
import { facilities } from '../registry/index.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { createDemoRandom } from '../../platform/demo/random.ts';
import { caseReports } from './cases.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { recordVersion } from './case-corrections.ts';
import type { Tx } from '../../platform/db/database.ts';
import { generateCaseHistory, OUTBREAKS, type HistoryCase } from './demo-history.ts';
import { identityProtector, type IdentityProtector } from './identity-protection.ts';
import { makeResidentId } from './resident-id.ts';
import { districtDate } from '../../platform/time/district-time.ts';

/** Years of history the demo holds. */
export const DEMO_HISTORY_YEARS = 5;
/** Rows per INSERT statement (one JSON parameter each). */
const BATCH = 2000;
/** Serialises two processes seeding the same database at once (pg_advisory_xact_lock key). */
const CASES_DEMO_LOCK = 0x0ca5_0de0;

export interface CasesDemoResult {
  created: number;
  ms: number;
}

/** Seeds the case history unless the district has demo cases already. */
export async function seedCasesDemo(database: Database, ctx: DemoContext, protector?: IdentityProtector): Promise<CasesDemoResult> {
  const started = performance.now();
  const [district] = await database.db.select().from(jurisdictions).where(eq(jurisdictions.id, ctx.districtId));
  if (!district) return { created: 0, ms: 0 };
  if (await hasDemoCases(database.db, district.path)) return { created: 0, ms: 0 };

  const catalogue = await database.db
    .select({ id: diseases.id, code: diseases.code, reportDeadlineHours: diseases.reportDeadlineHours })
    .from(diseases);
  if (catalogue.length === 0) {
    ctx.log?.warn('demo: no disease catalogue, no case history seeded');
    return { created: 0, ms: 0 };
  }
  const places = await database.db
    .select({
      id: jurisdictions.id,
      parentId: jurisdictions.parentId,
      level: jurisdictions.level,
      code: jurisdictions.code,
      name: jurisdictions.name,
      population: jurisdictions.population,
    })
    .from(jurisdictions)
    .where(like(jurisdictions.path, `${district.path}%`));
  const townships = places
    .filter((p) => p.level === 'township')
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((t) => ({
      id: t.id,
      code: t.code,
      population: t.population ?? 0,
      communities: places
        .filter((c) => c.parentId === t.id && c.level === 'community')
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((c) => ({ id: c.id, population: c.population ?? 0 })),
    }));
  const township = alias(jurisdictions, 't');
  const facilityRows = await database.db
    .select({ id: facilities.id, type: facilities.type, townshipId: township.id })
    .from(facilities)
    .innerJoin(jurisdictions, eq(jurisdictions.id, facilities.jurisdictionId))
    .leftJoin(township, and(eq(township.level, 'township'), sql`${jurisdictions.path} LIKE ${township.path} || '%'`))
    .where(like(jurisdictions.path, `${district.path}%`))
    .orderBy(facilities.name);
  const divisionCode = /^\d{6}/.test(district.code) ? district.code.slice(0, 6) : '500199';
  const history = generateCaseHistory({
    seed: ctx.seed,
    now: ctx.now,
    years: DEMO_HISTORY_YEARS,
    townships,
    facilities: facilityRows,
    diseases: catalogue,
    divisionCode,
  });
  history.push(...doubleReports(history, facilityRows, ctx.now, createDemoRandom(ctx.seed ^ 0x0d0b_1e)));
  const generatedMs = performance.now() - started;

  const ids = protector ?? identityProtector(ctx.identity ?? loadConfig());
  const names = new Map(places.map((p) => [p.id, p.name]));
  const rnd = createDemoRandom(ctx.seed ^ 0x0ca5_e5);
  // in report order, so that the case numbers run with time as they would have been given
  history.sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
  const rows = history.map((c) => toRow(c, ids, divisionCode, names, rnd, ctx.now.getTime()));

  const written = await database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${CASES_DEMO_LOCK})`);
    // checked again under the lock: a second process starting at the same time writes nothing
    if (await hasDemoCases(tx, district.path)) return 0;
    // One JSON parameter per batch: binding 20,000 separate parameters costs PGlite far more than parsing one
    // JSON document (measured: about a third less time for the whole history).
    for (let i = 0; i < rows.length; i += BATCH) {
      await tx.execute(sql`
        INSERT INTO case_reports (code, disease_id, jurisdiction_id, person_name, sex, birth_date, id_type, id_number_encrypted,
          id_number_masked, id_number_hash, phone, address, occupation, classification, onset_date, diagnosis_at, reported_at,
          reviewed_at, review_status, facility_id, severity, outcome, source, created_at, updated_at)
        SELECT r.code_year || lpad(nextval('case_reports_code_seq')::text, 6, '0'), r.disease_id, r.jurisdiction_id, r.person_name, r.sex,
          r.birth_date, r.id_type, r.id_number_encrypted, r.id_number_masked, r.id_number_hash, r.phone, r.address, r.occupation,
          r.classification, r.onset_date, r.diagnosis_at, r.reported_at, r.reviewed_at,
          CASE WHEN r.reviewed_at IS NULL THEN 'pending' ELSE 'approved' END, r.facility_id, r.severity, r.outcome,
          'demo', r.reported_at, r.reported_at
        FROM jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + BATCH))}::jsonb) AS r(code_year text, disease_id uuid,
          jurisdiction_id uuid, person_name text, sex text, birth_date date, id_type text, id_number_encrypted text,
          id_number_masked text, id_number_hash text, phone text, address text, occupation text, classification text,
          onset_date date, diagnosis_at timestamptz, reported_at timestamptz, reviewed_at timestamptz, facility_id uuid,
          severity text, outcome text)
        ORDER BY r.reported_at`);
    }
    await seedDemoReviewWork(tx, district.path, ctx.now);
    const byDisease: Record<string, number> = {};
    for (const c of history) byDisease[c.diseaseCode] = (byDisease[c.diseaseCode] ?? 0) + 1;
    await audit(tx, {
      actor: null,
      action: 'create',
      entityType: 'case_demo_history',
      entityId: district.id,
      after: {
        cases: rows.length,
        from: history.reduce((m, c) => (c.onsetDate < m ? c.onsetDate : m), history[0]?.onsetDate ?? ''),
        to: ctx.now.toISOString(),
        years: DEMO_HISTORY_YEARS,
        seed: ctx.seed,
        byDisease,
        outbreaks: OUTBREAKS.map((o) => ({ disease: o.disease, where: o.where, startDaysAgo: o.startDaysAgo, endDaysAgo: o.endDaysAgo })),
      },
    });
    return rows.length;
  });
  const ms = Math.round(performance.now() - started);
  if (written > 0) ctx.log?.info('demo: case history seeded', { cases: written, ms, generatedMs: Math.round(generatedMs) });
  return { created: written, ms };
}

/** How many recent cases the demo reports twice. */
export const DEMO_DOUBLE_REPORTS = 3;
/** How many cases of 4–12 months ago the demo reports twice (left unmerged: the duplicates page's whole history). */
export const DEMO_OLD_DOUBLE_REPORTS = 2;

/**
 * Second reports of a few recent outbreak cases, filed a day later by another facility (a clinic reports, then
 * the hospital it referred the patient to reports again): the same person, disease and resident ID, so the
 * duplicates page of a newly started demo shows pairs to review and merge.
 */
export function doubleReports(
  history: readonly HistoryCase[],
  facilityRows: readonly { id: string }[],
  now: Date,
  rnd: ReturnType<typeof createDemoRandom>,
): HistoryCase[] {
  const latestReport = now.getTime() - 3_600_000; // a second report stays in the past: at most 28 h after the first
  const candidates = history
    .filter((c) => c.outbreak !== null && c.facilityId !== null && c.classification !== 'excluded')
    .filter((c) => c.reportedAt.getTime() + 2 * 86_400_000 < latestReport && c.reportedAt.getTime() > now.getTime() - 30 * 86_400_000)
    .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
  const others = (c: HistoryCase) => facilityRows.filter((f) => f.id !== c.facilityId);
  // and a few from months ago, never merged, so that the whole history holds more pairs than the last 90 days
  const older = history
    .filter((c) => c.facilityId !== null && c.classification !== 'excluded')
    .filter((c) => c.reportedAt.getTime() < now.getTime() - 120 * 86_400_000 && c.reportedAt.getTime() > now.getTime() - 365 * 86_400_000)
    .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
  const recent = rnd.shuffle(candidates).slice(0, DEMO_DOUBLE_REPORTS);
  const months = rnd.shuffle(older).slice(0, DEMO_OLD_DOUBLE_REPORTS);
  return [...recent, ...months]
    .filter((c) => others(c).length > 0)
    .map((c) => {
      const later = 20 * 3_600_000 + rnd.int(0, 8) * 3_600_000;
      return {
        ...c,
        facilityId: rnd.pick(others(c)).id,
        classification: 'clinical' as const,
        diagnosisAt: new Date(c.diagnosisAt.getTime() + later),
        reportedAt: new Date(c.reportedAt.getTime() + later),
      };
    });
}

async function hasDemoCases(db: Executor, districtPath: string): Promise<boolean> {
  const [row] = await db
    .select({ id: caseReports.id })
    .from(caseReports)
    .innerJoin(jurisdictions, eq(jurisdictions.id, caseReports.jurisdictionId))
    .where(and(eq(caseReports.source, 'demo'), like(jurisdictions.path, `${districtPath}%`)))
    .limit(1);
  return row !== undefined;
}

/** One row for the JSON batch (column names as in SQL; dates as ISO text). */
function toRow(
  c: HistoryCase,
  protector: IdentityProtector,
  divisionCode: string,
  names: Map<string, string>,
  rnd: ReturnType<typeof createDemoRandom>,
  nowMs: number,
) {
  // about 3 % of people have no identity document number on the card (infants before registration, migrants)
  const withId = rnd.next() >= 0.03;
  const identity = withId
    ? protector.protect('resident_id', makeResidentId(divisionCode, c.birthDate, c.idSequence))
    : { encrypted: null, masked: '', hash: null };
  const reportYear = Number(districtDate(c.reportedAt).slice(0, 4));
  const reviewed = c.reportedAt.getTime() + (1 + rnd.next() * 20) * 3_600_000;
  return {
    // the number carries the year the report was entered, as a live system would have given it
    code_year: `C${reportYear}-`,
    disease_id: c.diseaseId,
    jurisdiction_id: c.jurisdictionId,
    person_name: c.personName,
    sex: c.sex,
    birth_date: c.birthDate,
    id_type: withId ? 'resident_id' : 'none',
    id_number_encrypted: identity.encrypted,
    id_number_masked: identity.masked,
    id_number_hash: identity.hash,
    phone: `1${rnd.pick(['39', '58', '36', '87', '77', '51'])}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`,
    address: names.get(c.jurisdictionId) ?? '',
    occupation: c.occupation,
    classification: c.classification,
    onset_date: c.onsetDate,
    diagnosis_at: c.diagnosisAt.toISOString(),
    reported_at: c.reportedAt.toISOString(),
    reviewed_at: reviewed < nowMs && c.classification !== 'suspected' ? new Date(reviewed).toISOString() : null,
    facility_id: c.facilityId,
    severity: c.severity,
    outcome: c.outcome,
  };
}

/**
 * Review work for a newly started demo (issue 12, item 13): the most recent suspected outbreak card is corrected
 * to confirmed by its reporting unit (a version with the reason and the time of the laboratory result, on time),
 * and the next one was returned by the CDC with a reason, so that the card pages, the review queue and the
 * timeliness page show corrections and a returned card. Runs once, with the history.
 */
async function seedDemoReviewWork(tx: Tx, districtPath: string, now: Date): Promise<void> {
  const recent = await tx
    .select()
    .from(caseReports)
    .innerJoin(jurisdictions, eq(jurisdictions.id, caseReports.jurisdictionId))
    .where(
      and(
        like(jurisdictions.path, `${districtPath}%`),
        eq(caseReports.classification, 'suspected'),
        eq(caseReports.status, 'active'),
        sql`${caseReports.facilityId} IS NOT NULL`,
        between(caseReports.reportedAt, new Date(now.getTime() - 10 * 86_400_000), new Date(now.getTime() - 2 * 86_400_000)),
      ),
    )
    .orderBy(sql`${caseReports.reportedAt} DESC`, caseReports.code)
    .limit(50);
  const cards = recent.map((r) => r.case_reports);
  const corrected = cards[0];
  // the returned card is one of a facility that has a demo reporter, so that someone is told and has to act
  const reporters = await tx
    .select({ id: users.id, facilityId: users.facilityId })
    .from(users)
    .where(and(isNotNull(users.facilityId), eq(users.disabled, false)))
    .orderBy(users.username);
  const reporterOf = (facilityId: string | null) => reporters.find((u) => u.facilityId === facilityId);
  const returned = cards.slice(1).find((c) => reporterOf(c.facilityId)) ?? cards[1];
  if (corrected) {
    // the laboratory confirmed it 20 h after the report; the hospital corrected the card 6 h later
    const eventAt = new Date(corrected.reportedAt.getTime() + 20 * 3_600_000);
    const changedAt = new Date(eventAt.getTime() + 6 * 3_600_000);
    const labResults = [
      ...corrected.labResults,
      { test: 'Nucleic acid (RT-PCR)', specimen: '咽拭子', result: '阳性 positive', at: eventAt.toISOString().slice(0, 10) },
    ];
    const [after] = await tx
      .update(caseReports)
      .set({ classification: 'confirmed', labResults, version: 2, reviewStatus: 'pending', reviewedAt: null, updatedAt: changedAt })
      .where(eq(caseReports.id, corrected.id))
      .returning();
    await recordVersion(tx, {
      before: corrected,
      after: after!,
      source: 'correction',
      correctionTypes: ['classification_revised'],
      reason: '核酸检测阳性，订正为确诊病例 (laboratory confirmed)',
      eventAt,
      deadlineHours: 24,
      changedBy: null,
      changedAt,
    });
  }
  if (returned) {
    await tx
      .update(caseReports)
      .set({
        reviewStatus: 'returned',
        reviewNote: '请补充流行病学史和实验室检测结果 (add the exposure history and laboratory results)',
        reviewedAt: new Date(returned.reportedAt.getTime() + 5 * 3_600_000),
      })
      .where(eq(caseReports.id, returned.id));
    // the reporting unit's reporter finds it waiting in the bell, as after a real return
    const reporter = reporterOf(returned.facilityId);
    if (reporter)
      await tellReturned(
        tx,
        reporter.id,
        [{ id: returned.id, code: returned.code }],
        '请补充流行病学史和实验室检测结果 (add the exposure history and laboratory results)',
        null,
      );
  }
}
