/**
 * Which reports already filed a batch of new ones would duplicate — the rules of the duplicates page
 * (cases.store.ts `pairQueries`): an active report of the same disease and the same person (the same identity
 * hash, or the same name and birth date where at least one of the two has no number), diagnosed at most
 * `windowDays` apart. The bulk importer asks this of every valid row at validation and again when it writes
 * (issue 12, item 2: re-importing a file silently duplicated its cases).
 *
 * Candidates are matched against the reports within the reach of the importer's scope (a hospital reporter is
 * told of another facility's report too, as the duplicates page tells it — `updatable: false`, since it may not
 * change that card). Each candidate gets its best match: the same number before the same name, then the nearest
 * diagnosis.
 */
import { sql } from 'drizzle-orm';
import { inFacilityScope, inScope, reachOf, type Scope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { caseReports } from './cases.tables.ts';

export interface MatchCandidate {
  /** the caller's key (the importer: the row number in the file) */
  key: number;
  diseaseId: string;
  idNumberHash: string | null;
  personName: string;
  birthDate: string | null;
  diagnosisAt: Date;
}

export interface ExistingReportMatch {
  key: number;
  caseId: string;
  code: string;
  match: 'identity' | 'name_birth';
  daysApart: number;
  facilityId: string | null;
  facilityName: string | null;
  facilityNameEn: string | null;
  reportedAt: Date;
  importId: string | null;
  /** the report lies within the scope (for a hospital reporter: its own facility's), so the caller may change it */
  updatable: boolean;
}

/** The default window of the duplicate rules (days between the diagnoses). */
export const MATCH_WINDOW_DAYS = 30;

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/** The best existing match of each candidate that has one (one query for the batch). */
export async function findExistingMatches(
  db: Executor,
  scope: Scope,
  candidates: readonly MatchCandidate[],
  windowDays = MATCH_WINDOW_DAYS,
): Promise<Map<number, ExistingReportMatch>> {
  const found = new Map<number, ExistingReportMatch>();
  if (candidates.length === 0) return found;
  const json = JSON.stringify(
    candidates.map((c) => ({
      k: c.key,
      disease_id: c.diseaseId,
      id_hash: c.idNumberHash,
      person_name: c.personName,
      birth_date: c.birthDate,
      diagnosis_at: c.diagnosisAt.toISOString(),
    })),
  );
  const c = caseReports;
  const reach = inScope(reachOf(scope), c.jurisdictionId);
  const window = sql`${windowDays} * interval '1 day'`;
  const near = sql`${c.status} = 'active' AND ${c.diseaseId} = x.disease_id AND ${c.diagnosisAt} BETWEEN x.diagnosis_at - ${window} AND x.diagnosis_at + ${window} AND ${reach}`;
  // two joins rather than one OR-join, so that each uses its index (as pairQueries does)
  const rows = rowsOf<{
    k: number;
    id: string;
    code: string;
    match: 'identity' | 'name_birth';
    days_apart: number;
    facility_id: string | null;
    facility_name: string | null;
    facility_name_en: string | null;
    reported_at: string | Date;
    import_id: string | null;
    updatable: boolean;
  }>(
    await db.execute(sql`
      WITH x AS (
        SELECT * FROM jsonb_to_recordset(${json}::jsonb)
          AS x(k int, disease_id uuid, id_hash text, person_name text, birth_date date, diagnosis_at timestamptz)
      ), m AS (
        SELECT x.k, ${c.id} AS id, 'identity' AS match, 0 AS rank, abs(extract(epoch from ${c.diagnosisAt} - x.diagnosis_at)) AS apart
        FROM x JOIN ${c} ON ${c.idNumberHash} = x.id_hash AND ${near}
        WHERE x.id_hash IS NOT NULL
        UNION ALL
        SELECT x.k, ${c.id}, 'name_birth', 1, abs(extract(epoch from ${c.diagnosisAt} - x.diagnosis_at))
        FROM x JOIN ${c} ON ${c.personName} = x.person_name AND ${c.birthDate} = x.birth_date AND ${near}
          AND (x.id_hash IS NULL OR ${c.idNumberHash} IS NULL)
        WHERE x.birth_date IS NOT NULL
      ), best AS (
        SELECT DISTINCT ON (k) k, id, match, apart FROM m ORDER BY k, rank, apart, id
      )
      SELECT best.k, best.id, ${c.code} AS code, best.match,
             round((best.apart / 86400.0)::numeric, 1)::float8 AS days_apart,
             ${c.facilityId} AS facility_id, f.name AS facility_name, f.name_en AS facility_name_en,
             ${c.reportedAt} AS reported_at, ${c.importId} AS import_id,
             (${inFacilityScope(scope, c.jurisdictionId, c.facilityId)}) AS updatable
      FROM best JOIN ${c} ON ${c.id} = best.id
      LEFT JOIN facilities f ON f.id = ${c.facilityId}`),
  );
  for (const r of rows) {
    found.set(Number(r.k), {
      key: Number(r.k),
      caseId: r.id,
      code: r.code,
      match: r.match,
      daysApart: Number(r.days_apart),
      facilityId: r.facility_id,
      facilityName: r.facility_name,
      facilityNameEn: r.facility_name_en,
      reportedAt: new Date(r.reported_at),
      importId: r.import_id,
      updatable: r.updatable === true || (r.updatable as unknown) === 't',
    });
  }
  return found;
}
