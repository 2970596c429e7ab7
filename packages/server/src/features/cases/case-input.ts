/**
 * One rule set for a case report, whichever way it arrives: the report form (POST /api/cases), an update,
 * and the bulk importer (src/features/imports), which calls `checkCaseReport` for every row of a line list.
 *
 * `loadCaseLookups` reads, once, what the rules need from the database (active diseases, the jurisdictions in
 * the caller's scope, facilities); `checkCaseReport` is then pure and fast (no database access, no await):
 * it validates the shape with `caseReportInputSchema`, applies the rules below, protects the identity number
 * and returns the row to insert, or the problems, each naming the input field.
 *
 * Rules:
 * - a resident ID must be a valid GB 11643 number (length, characters, birth date, check character), and the
 *   birth date and sex given must agree with it (empty ones are filled from it);
 * - onset date ≤ diagnosis ≤ report ≤ now (+ CLOCK_TOLERANCE_MS for a reporter's clock running ahead);
 * - birth date not in the future, nor after the onset or diagnosis;
 * - the residence jurisdiction lies in the caller's scope; the disease exists and is active; the facility exists.
 *
 * Calendar dates (birth, onset) are days in China Standard Time (UTC+8, no daylight saving), the district's
 * time zone; diagnosis and report are instants.
 *
 * @example
 * const lookups = await loadCaseLookups(db, scopeFor(principal, 'cases.report'));
 * const checked = checkCaseReport(body, lookups, identityProtector(config), new Date());
 * if (!checked.ok) throw validationFailed(checked.issues);
 * await tx.insert(caseReports).values({ ...checked.row, source: 'form', createdBy: principal.id });
 */
import { z } from '@hono/zod-openapi';
import { and } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions, type JurisdictionLevel } from '../../platform/db/platform.tables.ts';
import { inScopePath, type Scope } from '../../platform/auth/scope.ts';
import type { FieldIssue } from '../../platform/errors.ts';
import { facilities } from '../registry/index.ts';
import { CASE_CLASSIFICATIONS, type caseReports, ID_TYPES, OUTCOMES, SEVERITIES, SEXES } from './cases.tables.ts';
import { diseases, type DiseaseClass } from '../catalogue/index.ts';
import type { IdentityProtector } from './identity-protection.ts';
import { parseResidentId } from './resident-id.ts';
import { districtDate } from '../../platform/time/district-time.ts';

/** How far ahead of the server's clock a diagnosis or report time may be (reporters' clocks drift). */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;
/** The calendar day (YYYY-MM-DD, China Standard Time) of an instant. */
export function chinaDate(at: Date): string {
  return districtDate(at);
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date');
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' });
const text = (max: number) => z.string().trim().max(max);

export const LabResultSchema = z
  .object({
    test: z.string().trim().min(1, 'must not be empty').max(200).openapi({ example: 'Nucleic acid (RT-PCR)' }),
    specimen: text(200).default(''),
    result: z.string().trim().min(1, 'must not be empty').max(500).openapi({ example: 'positive' }),
    at: z.union([isoDate, instant]).nullable().default(null),
  })
  .strict()
  .openapi('LabResult');

/** A case report as entered (form, API, one imported row after column mapping). */
export const caseReportInputSchema = z
  .object({
    diseaseId: z.uuid(),
    jurisdictionId: z.uuid().openapi({ description: 'residence (现住址), down to the community; must lie in your scope' }),
    personName: z.string().trim().min(1, 'must not be empty').max(100),
    sex: z.enum(SEXES).optional().openapi({ description: 'filled from a resident ID when omitted' }),
    birthDate: isoDate.nullable().optional().openapi({ description: 'YYYY-MM-DD; filled from a resident ID when omitted' }),
    idType: z.enum(ID_TYPES).default('none'),
    idNumber: z.string().trim().max(40).nullable().optional().openapi({ example: '11010519491231002X' }),
    phone: text(40)
      .regex(/^[0-9+\-() ]*$/, 'digits, spaces and + - ( ) only')
      .default(''),
    address: text(300).default(''),
    occupation: text(100).default(''),
    classification: z.enum(CASE_CLASSIFICATIONS),
    onsetDate: isoDate.nullable().optional(),
    diagnosisAt: instant,
    reportedAt: instant.optional().openapi({ description: 'when the report was made; now when omitted' }),
    facilityId: z.uuid().nullable().optional(),
    reportingDoctor: text(100).default(''),
    severity: z.enum(SEVERITIES).default('mild'),
    outcome: z.enum(OUTCOMES).default('under_treatment'),
    labResults: z.array(LabResultSchema).max(50).default([]),
  })
  .strict()
  .openapi('CaseReportInput');

export type CaseReportInput = z.input<typeof caseReportInputSchema>;

export interface DiseaseLookup {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  class: DiseaseClass;
  reportDeadlineHours: number;
  active: boolean;
}
export interface JurisdictionLookup {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  level: JurisdictionLevel;
  path: string;
}
export interface FacilityLookup {
  id: string;
  name: string;
  nameEn: string;
}

/** What the rules need, read once (by id and by code, so an importer can map codes and names). */
export interface CaseLookups {
  /** every disease; inactive ones are refused with their own message */
  diseasesById: Map<string, DiseaseLookup>;
  diseasesByCode: Map<string, DiseaseLookup>;
  /** the jurisdictions in the caller's scope only */
  jurisdictionsById: Map<string, JurisdictionLookup>;
  jurisdictionsByCode: Map<string, JurisdictionLookup>;
  /** every facility of the registry: a hospital reports residents of any township */
  facilitiesById: Map<string, FacilityLookup>;
}

/** Reads the lookups for `scope` (the scope of the right the caller writes with, e.g. cases.report). */
export async function loadCaseLookups(db: Executor, scope: Scope): Promise<CaseLookups> {
  const [diseaseRows, jurisdictionRows, facilityRows] = await Promise.all([
    db
      .select({
        id: diseases.id,
        code: diseases.code,
        name: diseases.name,
        nameEn: diseases.nameEn,
        class: diseases.class,
        reportDeadlineHours: diseases.reportDeadlineHours,
        active: diseases.active,
      })
      .from(diseases),
    db
      .select({
        id: jurisdictions.id,
        code: jurisdictions.code,
        name: jurisdictions.name,
        nameEn: jurisdictions.nameEn,
        level: jurisdictions.level,
        path: jurisdictions.path,
      })
      .from(jurisdictions)
      .where(and(inScopePath(scope, jurisdictions.path))),
    db.select({ id: facilities.id, name: facilities.name, nameEn: facilities.nameEn }).from(facilities),
  ]);
  return {
    diseasesById: new Map(diseaseRows.map((d) => [d.id, d])),
    diseasesByCode: new Map(diseaseRows.map((d) => [d.code, d])),
    jurisdictionsById: new Map(jurisdictionRows.map((j) => [j.id, j])),
    jurisdictionsByCode: new Map(jurisdictionRows.map((j) => [j.code, j])),
    facilitiesById: new Map(facilityRows.map((f) => [f.id, f])),
  };
}

/** The row a valid input becomes (the caller adds source, createdBy, importId). */
export type CaseReportRow = typeof caseReports.$inferInsert;

export type CheckedCaseReport = { ok: true; row: CaseReportRow } | { ok: false; issues: FieldIssue[] };

/**
 * A problem with a stable `code` (and what its sentence needs in `params`) beside the English message, for
 * callers that show it in the user's language (the bulk importer's row errors, docs/imports-and-feeds.md).
 */
export interface CodedFieldIssue extends FieldIssue {
  code: string;
  params?: Record<string, string | number>;
}
export type CodedCaseReport = { ok: true; row: CaseReportRow } | { ok: false; issues: CodedFieldIssue[] };

/** The code of a shape problem found by `caseReportInputSchema` (zod 4 issue codes). */
function schemaIssueCode(i: z.core.$ZodIssue): Pick<CodedFieldIssue, 'code' | 'params'> {
  const field = String(i.path[0] ?? '');
  if (i.code === 'too_small' && i.origin === 'string') return { code: 'required' };
  if (i.code === 'too_big' && i.origin === 'string') return { code: 'too_long', params: { max: Number(i.maximum) } };
  if (field === 'phone' && i.code === 'invalid_format') return { code: 'phone_format' };
  if ((field === 'birthDate' || field === 'onsetDate') && (i.code === 'invalid_format' || i.code === 'custom'))
    return { code: 'not_a_date', params: { value: '' } };
  if ((field === 'diagnosisAt' || field === 'reportedAt') && i.code === 'invalid_format')
    return { code: 'not_a_date_time', params: { value: '' } };
  return { code: 'invalid', params: { detail: i.message } };
}

const RESIDENT_ID_MESSAGES = {
  length: 'a resident ID has 18 characters',
  characters: 'a resident ID has 17 digits and a final digit or X',
  birth_date: 'the birth date inside the resident ID (characters 7–14) is not a real date',
  checksum: 'the check character (the last one) does not match: a character was mistyped',
} as const;

/** Checks one input against the rules and gives the row to insert, or every problem found. Pure. */
export function checkCaseReport(input: unknown, lookups: CaseLookups, protector: IdentityProtector, now: Date): CheckedCaseReport {
  const checked = checkCaseReportCoded(input, lookups, protector, now);
  // the form's answers keep their shape: path and message only
  return checked.ok ? checked : { ok: false, issues: checked.issues.map((i) => ({ path: i.path, message: i.message })) };
}

/** `checkCaseReport` with a stable code (and its params) on every problem. Pure. */
export function checkCaseReportCoded(input: unknown, lookups: CaseLookups, protector: IdentityProtector, now: Date): CodedCaseReport {
  const parsed = caseReportInputSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, ...schemaIssueCode(i) })),
    };
  }
  const v = parsed.data;
  const issues: CodedFieldIssue[] = [];
  const nowMs = now.getTime();
  const today = chinaDate(now);

  const disease = lookups.diseasesById.get(v.diseaseId);
  if (!disease)
    issues.push({
      path: 'diseaseId',
      message: 'no such disease in the catalogue',
      code: 'not_in_catalogue',
      params: { value: v.diseaseId },
    });
  else if (!disease.active)
    issues.push({
      path: 'diseaseId',
      message: `${disease.nameEn} is not active in the catalogue`,
      code: 'disease_inactive',
      params: { name: disease.name, nameEn: disease.nameEn },
    });

  if (!lookups.jurisdictionsById.has(v.jurisdictionId))
    issues.push({
      path: 'jurisdictionId',
      message: 'no such jurisdiction within your area',
      code: 'out_of_scope',
      params: { value: v.jurisdictionId },
    });
  if (v.facilityId && !lookups.facilitiesById.has(v.facilityId))
    issues.push({
      path: 'facilityId',
      message: 'no such facility in the registry',
      code: 'not_in_registry',
      params: { value: v.facilityId },
    });

  let sex = v.sex;
  let birthDate = v.birthDate ?? null;
  const idNumber = v.idType === 'none' ? '' : (v.idNumber ?? '').replace(/\s+/g, '');
  if (v.idType !== 'none' && idNumber === '')
    issues.push({ path: 'idNumber', message: 'give the number, or choose "no document"', code: 'id_number_required' });
  if (v.idType === 'resident_id' && idNumber !== '') {
    const id = parseResidentId(idNumber);
    if (!id.ok) issues.push({ path: 'idNumber', message: RESIDENT_ID_MESSAGES[id.reason], code: `resident_id_${id.reason}` });
    else {
      if (birthDate && birthDate !== id.birthDate)
        issues.push({
          path: 'birthDate',
          message: `does not agree with the resident ID, which gives ${id.birthDate}`,
          code: 'birth_date_disagrees_with_resident_id',
          params: { expected: id.birthDate },
        });
      birthDate ??= id.birthDate;
      if (sex && sex !== 'unknown' && sex !== id.sex)
        issues.push({
          path: 'sex',
          message: `does not agree with the resident ID, which gives ${id.sex}`,
          code: 'sex_disagrees_with_resident_id',
          params: { expected: id.sex },
        });
      if (!sex || sex === 'unknown') sex = id.sex;
    }
  }

  const diagnosisAt = new Date(v.diagnosisAt);
  const reportedAt = v.reportedAt ? new Date(v.reportedAt) : now;
  const diagnosisDay = chinaDate(diagnosisAt);
  if (birthDate && birthDate > today) issues.push({ path: 'birthDate', message: 'must not be in the future', code: 'in_future' });
  else if (birthDate && birthDate > diagnosisDay)
    issues.push({ path: 'birthDate', message: 'must not be after the diagnosis', code: 'after_diagnosis' });
  if (v.onsetDate) {
    if (v.onsetDate > diagnosisDay) issues.push({ path: 'onsetDate', message: 'must not be after the diagnosis', code: 'after_diagnosis' });
    if (birthDate && v.onsetDate < birthDate)
      issues.push({ path: 'onsetDate', message: 'must not be before the birth date', code: 'before_birth_date' });
  }
  if (diagnosisAt.getTime() > nowMs + CLOCK_TOLERANCE_MS)
    issues.push({ path: 'diagnosisAt', message: 'must not be in the future', code: 'in_future' });
  if (reportedAt.getTime() < diagnosisAt.getTime())
    issues.push({ path: 'reportedAt', message: 'must not be before the diagnosis', code: 'before_diagnosis' });
  else if (reportedAt.getTime() > nowMs + CLOCK_TOLERANCE_MS)
    issues.push({ path: 'reportedAt', message: 'must not be in the future', code: 'in_future' });

  if (issues.length > 0) return { ok: false, issues };

  const identity = protector.protect(v.idType, idNumber);
  return {
    ok: true,
    row: {
      diseaseId: v.diseaseId,
      jurisdictionId: v.jurisdictionId,
      personName: v.personName,
      sex: sex ?? 'unknown',
      birthDate,
      idType: v.idType,
      idNumberEncrypted: identity.encrypted,
      idNumberMasked: identity.masked,
      idNumberHash: identity.hash,
      phone: v.phone,
      address: v.address,
      occupation: v.occupation,
      classification: v.classification,
      onsetDate: v.onsetDate ?? null,
      diagnosisAt,
      reportedAt,
      facilityId: v.facilityId ?? null,
      reportingDoctor: v.reportingDoctor,
      severity: v.severity,
      outcome: v.outcome,
      labResults: v.labResults,
    },
  };
}
