/**
 * Card corrections (订正) as NIDRIS keeps them (issue 12, item 13): every change of a filed card is a version —
 * the card before and after (never the encrypted number or its hash: the mask is kept), who, when, why, and the
 * kind of correction: a changed diagnosis (another disease), a revised classification (e.g. suspected →
 * confirmed), a death, or another change. For the first three the moment it happened (`eventAt`) is recorded,
 * and the correction is due within the disease's reporting deadline from it, as the initial report is from the
 * diagnosis; `timeliness.ts` counts corrections on time and late per reporting unit.
 *
 * A correction sends the card back to the CDC's review queue (review status 'pending').
 * Re-imported rows that the clerk chose to apply to a card already filed (imports, issue 12 item 2) are
 * versions too (`source: 'import_update'`).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import type { CaseReportRow } from './case-input.ts';
import { type CaseVersionNeighbour, type CaseVersionSource, caseReports, caseReportVersions, type CorrectionType } from './cases.tables.ts';
import type { CaseRow } from './cases.store.ts';

/** The fields of a card that a version compares and shows (identity: the mask, compared by hash). */
export const VERSIONED_FIELDS = [
  'diseaseId',
  'jurisdictionId',
  'personName',
  'sex',
  'birthDate',
  'idType',
  'idNumberMasked',
  'phone',
  'address',
  'occupation',
  'classification',
  'onsetDate',
  'diagnosisAt',
  'reportedAt',
  'facilityId',
  'reportingDoctor',
  'severity',
  'outcome',
  'labResults',
] as const;

const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : v === undefined ? null : v);

/** The card's fields as a version keeps them (JSON; no ciphertext, no hash). */
export function snapshotOf(row: Pick<CaseRow, (typeof VERSIONED_FIELDS)[number]>): Record<string, unknown> {
  return Object.fromEntries(VERSIONED_FIELDS.map((f) => [f, norm(row[f])]));
}

/** The fields that differ between two cards (the identity number by its hash). */
export function changedFieldsOf(before: CaseRow, after: CaseRow): string[] {
  const changed: string[] = VERSIONED_FIELDS.filter(
    (f) => f !== 'idNumberMasked' && JSON.stringify(norm(before[f])) !== JSON.stringify(norm(after[f])),
  );
  if (before.idNumberHash !== after.idNumberHash || before.idType !== after.idType) changed.push('idNumber');
  return [...new Set(changed.filter((f) => f !== 'idType' || before.idType !== after.idType))];
}

/** The kinds of correction a change amounts to, read off the card (a correction by hand names them itself). */
export function correctionTypesOf(before: CaseRow, after: CaseRow): CorrectionType[] {
  const types: CorrectionType[] = [];
  if (before.diseaseId !== after.diseaseId) types.push('diagnosis_changed');
  if (before.classification !== after.classification) types.push('classification_revised');
  if (before.outcome !== 'died' && after.outcome === 'died') types.push('death');
  if (types.length === 0) types.push('other');
  return types;
}

export interface VersionInput {
  before: CaseRow;
  after: CaseRow;
  source: CaseVersionSource;
  correctionTypes: CorrectionType[];
  reason: string;
  eventAt: Date | null;
  deadlineHours: number | null;
  importId?: string | null;
  neighbour?: CaseVersionNeighbour | null;
  changedBy: string | null;
  changedAt: Date;
}

/** Keeps one version of a card (inside the correction's transaction). */
export async function recordVersion(tx: Tx, v: VersionInput): Promise<void> {
  await tx.insert(caseReportVersions).values({
    caseId: v.after.id,
    jurisdictionId: v.after.jurisdictionId,
    version: v.after.version,
    source: v.source,
    correctionTypes: v.correctionTypes,
    reason: v.reason,
    eventAt: v.eventAt,
    deadlineHours: v.deadlineHours,
    changedFields: changedFieldsOf(v.before, v.after),
    before: snapshotOf(v.before),
    after: snapshotOf(v.after),
    importId: v.importId ?? null,
    neighbour: v.neighbour ?? null,
    changedBy: v.changedBy,
    changedAt: v.changedAt,
  });
}

/** One re-imported row to apply to a card already filed. */
export interface ImportUpdateVersion {
  caseId: string;
  /** the row as the importer checked it */
  row: CaseReportRow;
  /** the row number in the file (the version's reason names it) */
  fileRow: number;
}

/**
 * Applies re-imported rows to the cards they match (the clerk chose 'update'), inside the import's publishing
 * transaction. What the row leaves empty keeps the card's value (an identity number, the reporting unit); the
 * report time stays the card's (an update is a correction, not a new report). A card merged or gone since
 * validation, or one the row would not change, is left as it is. Returns how many cards changed.
 */
export async function recordImportUpdates(
  tx: Tx,
  input: { importId: string; filename: string; changedBy: string; updates: readonly ImportUpdateVersion[]; now: Date },
): Promise<{ updated: number; unchanged: number }> {
  let updated = 0;
  let unchanged = 0;
  for (const u of input.updates) {
    const [before] = await tx
      .select()
      .from(caseReports)
      .where(and(eq(caseReports.id, u.caseId), eq(caseReports.status, 'active')))
      .for('update');
    if (!before) {
      unchanged += 1;
      continue;
    }
    const keepsNumber = !u.row.idNumberHash && before.idNumberHash;
    const values = {
      diseaseId: u.row.diseaseId,
      jurisdictionId: u.row.jurisdictionId,
      personName: u.row.personName,
      sex: u.row.sex,
      birthDate: u.row.birthDate ?? before.birthDate,
      ...(keepsNumber
        ? {}
        : {
            idType: u.row.idType,
            idNumberEncrypted: u.row.idNumberEncrypted ?? null,
            idNumberMasked: u.row.idNumberMasked ?? '',
            idNumberHash: u.row.idNumberHash ?? null,
          }),
      phone: u.row.phone || before.phone,
      address: u.row.address || before.address,
      occupation: u.row.occupation || before.occupation,
      classification: u.row.classification,
      onsetDate: u.row.onsetDate ?? before.onsetDate,
      diagnosisAt: u.row.diagnosisAt,
      facilityId: u.row.facilityId ?? before.facilityId,
      reportingDoctor: u.row.reportingDoctor || before.reportingDoctor,
      severity: u.row.severity ?? before.severity,
      outcome: u.row.outcome ?? before.outcome,
    };
    // the same number re-encrypted (fresh IV) is no change
    const probe = { ...before, ...values, idNumberEncrypted: before.idNumberEncrypted } as CaseRow;
    if (!keepsNumber && before.idNumberHash === values.idNumberHash) {
      Object.assign(values, { idNumberEncrypted: before.idNumberEncrypted, idNumberMasked: before.idNumberMasked });
    }
    if (changedFieldsOf(before, probe).length === 0) {
      unchanged += 1;
      continue;
    }
    const [after] = await tx
      .update(caseReports)
      .set({ ...values, version: sql`${caseReports.version} + 1`, reviewStatus: 'pending', updatedAt: input.now })
      .where(eq(caseReports.id, u.caseId))
      .returning();
    await recordVersion(tx, {
      before,
      after: after!,
      source: 'import_update',
      correctionTypes: correctionTypesOf(before, after!),
      reason: `${input.filename}, row ${u.fileRow}`,
      eventAt: null,
      deadlineHours: null,
      importId: input.importId,
      changedBy: input.changedBy,
      changedAt: input.now,
    });
    updated += 1;
  }
  return { updated, unchanged };
}

/** The fields of a card a neighbour's update may change (docs/neighbours.md: the followed fields of a case). */
export type NeighbourCaseValues = Partial<Pick<CaseRow, 'classification' | 'severity' | 'outcome' | 'onsetDate' | 'labResults'>>;

/**
 * Applies a neighbour's update to a card accepted from it (issue 16), inside the receiving transaction, as a
 * correction: the card's version moves, the record of the version keeps before and after, the district it came
 * from (`neighbour`) and who chose it (a person resolving a conflict; null when applied on arrival), and the card
 * goes back to the review queue like any correction. A card merged or gone, or values that change nothing, leave
 * it as it is. Returns the fields changed (empty: nothing written).
 */
export async function recordNeighbourUpdate(
  tx: Tx,
  input: { caseId: string; values: NeighbourCaseValues; neighbour: CaseVersionNeighbour; changedBy: string | null; now: Date },
): Promise<string[]> {
  const [before] = await tx
    .select()
    .from(caseReports)
    .where(and(eq(caseReports.id, input.caseId), eq(caseReports.status, 'active')))
    .for('update');
  if (!before) return [];
  const changed = changedFieldsOf(before, { ...before, ...input.values } as CaseRow);
  if (changed.length === 0) return [];
  const [after] = await tx
    .update(caseReports)
    .set({ ...input.values, version: sql`${caseReports.version} + 1`, reviewStatus: 'pending', updatedAt: input.now })
    .where(eq(caseReports.id, input.caseId))
    .returning();
  await recordVersion(tx, {
    before,
    after: after!,
    source: 'neighbour_update',
    correctionTypes: correctionTypesOf(before, after!),
    reason: `${input.neighbour.districtCode} v${input.neighbour.version}`,
    eventAt: null,
    deadlineHours: null,
    neighbour: input.neighbour,
    changedBy: input.changedBy,
    changedAt: input.now,
  });
  return changed;
}
