/**
 * Importing a trip's manifest (passengers, crew, port workers) from a CSV or XLSX file (docs/travel.md), with the
 * import machinery's reading (GBK/GB18030, UTF-16, XLSX in a worker, NUL refused), column suggestions and
 * mapping checks. All or nothing, in one request: every row is checked first; one bad row refuses the file with
 * the row problems listed (400, `details[].path = rows.<row>.<field>`, with a code); otherwise every row is
 * written in one transaction, identity numbers encrypted and masked like case reports, and the cohorts of the
 * cases already linked to the trip are rebuilt with the new people.
 */
import { z } from '@hono/zod-openapi';
import { audit } from '../../platform/audit/audit.ts';
import { type Principal, scopeFor } from '../../platform/auth/scope.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { type ID_TYPES, parseResidentId, type SEXES } from '../cases/index.ts';
import {
  checkMapping,
  detectEncoding,
  detectFormat,
  type FieldSpec,
  inspectTable,
  readHeader,
  readTable,
  rowReader,
  suggestColumns,
} from '../imports/index.ts';
import { addToCohort, refreshExposure, type TravelDeps } from './travel.service.ts';
import {
  type CohortEntry,
  exposuresOfTrip,
  findTrip,
  hashesOnManifest,
  insertManifestRows,
  manifestStats,
  placeNames,
  tripEntries,
} from './travel.store.ts';
import type { MANIFEST_ROLES, travelManifestEntries } from './travel.tables.ts';
import { publishLive } from '../../platform/live/live.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { eq } from 'drizzle-orm';

export const MANIFEST_FIELDS: readonly FieldSpec[] = [
  {
    field: 'personName',
    required: true,
    aliases: ['姓名', '旅客姓名', '乘客姓名', '船员姓名', '人员姓名', 'name', 'full name', 'passenger name'],
  },
  { field: 'role', required: false, aliases: ['人员类别', '类别', '身份', '旅客/船员', 'role', 'category', 'type'] },
  { field: 'sex', required: false, aliases: ['性别', 'sex', 'gender'] },
  { field: 'idType', required: false, aliases: ['证件类型', '证件种类', 'id type', 'document type'] },
  {
    field: 'idNumber',
    required: false,
    aliases: ['证件号码', '身份证号码', '身份证号', '有效证件号', '证件号', 'id number', 'document number', 'passport number'],
  },
  { field: 'phone', required: false, aliases: ['联系电话', '手机号码', '手机', '电话', 'phone', 'mobile', 'telephone'] },
  {
    field: 'residence',
    required: false,
    aliases: ['现住址', '居住地址', '住址', '居住地', '现居住地', 'residence', 'address', 'home address'],
  },
  {
    field: 'deck',
    required: false,
    aliases: ['甲板', '舱层', '楼层', '层', '车厢', '车厢号', '作业区', 'deck', 'carriage', 'coach', 'area'],
  },
  { field: 'cabin', required: false, aliases: ['舱室', '舱室号', '舱位', '房间号', '房号', 'cabin', 'room'] },
  { field: 'seat', required: false, aliases: ['座位号', '座位', '铺位', '床位', '岗位', 'seat', 'berth', 'bunk', 'post'] },
  {
    field: 'boardedAt',
    required: false,
    aliases: ['上船港', '登船港', '上船地点', '上车站', '上车地点', '登机地', 'boarded at', 'embarkation', 'from'],
  },
  {
    field: 'alightedAt',
    required: false,
    aliases: ['下船港', '离船港', '下船地点', '下车站', '下车地点', 'alighted at', 'disembarkation', 'to'],
  },
];

const ROLE_WORDS: Record<string, (typeof MANIFEST_ROLES)[number]> = {
  '': 'passenger',
  旅客: 'passenger',
  乘客: 'passenger',
  passenger: 'passenger',
  船员: 'crew',
  乘务员: 'crew',
  乘务: 'crew',
  司机: 'crew',
  驾驶员: 'crew',
  crew: 'crew',
  工作人员: 'worker',
  港口工作人员: 'worker',
  装卸工: 'worker',
  工人: 'worker',
  worker: 'worker',
};
const SEX_WORDS: Record<string, (typeof SEXES)[number]> = {
  '': 'unknown',
  男: 'male',
  女: 'female',
  m: 'male',
  f: 'female',
  male: 'male',
  female: 'female',
  未知: 'unknown',
  unknown: 'unknown',
};
const ID_TYPE_WORDS: Record<string, (typeof ID_TYPES)[number]> = {
  身份证: 'resident_id',
  居民身份证: 'resident_id',
  resident_id: 'resident_id',
  'resident id': 'resident_id',
  护照: 'passport',
  passport: 'passport',
  其他: 'other',
  other: 'other',
  港澳通行证: 'other',
  台胞证: 'other',
  无: 'none',
  none: 'none',
};

export interface ManifestRowProblem {
  row: number;
  field: string;
  code: 'required' | 'too_long' | 'unknown_value' | 'invalid_id' | 'duplicate_in_file' | 'already_on_manifest';
  message: string;
  value?: string;
}

/** A checked row, numbered when it is written (under the trip's lock). */
type EntryInsert = Omit<typeof travelManifestEntries.$inferInsert, 'tripId' | 'jurisdictionId' | 'createdBy' | 'rowNumber'>;
const MAX_LISTED_PROBLEMS = 200;
const LIMITS: Record<string, number> = {
  personName: 100,
  phone: 40,
  residence: 300,
  deck: 40,
  cabin: 40,
  seat: 40,
  boardedAt: 100,
  alightedAt: 100,
};

const MappingColumns = z.record(z.string().max(100), z.string().max(200));

function parseMapping(text: string | undefined, suggested: Record<string, string>): Record<string, string> {
  if (text === undefined || text.trim() === '') return suggested;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('validation_failed', 'The mapping is not JSON', [
      { path: 'mapping', code: 'mapping_not_json', message: 'must be JSON { field: header }' },
    ]);
  }
  const parsed = MappingColumns.safeParse(json);
  if (!parsed.success)
    throw new AppError('validation_failed', 'The mapping is not valid', [
      { path: 'mapping', message: 'must be an object { field: header }' },
    ]);
  return parsed.data;
}

export async function importManifestAs(
  deps: TravelDeps,
  principal: Principal,
  tripId: string,
  input: { filename: string; bytes: Uint8Array; mapping?: string; preview: boolean },
  ip: string | null,
) {
  const scope = scopeFor(principal, 'travel.manage');
  const trip = await findTrip(deps.database.db, scope, tripId);
  if (!trip) throw notFound('trip');
  const format = detectFormat(input.filename, input.bytes);
  const encoding = format === 'csv' ? detectEncoding(input.bytes) : 'utf-8';
  if (input.preview) {
    const { headers, preview, totalRows } = await inspectTable(input.bytes, format, encoding, 10);
    const suggested = suggestColumns(MANIFEST_FIELDS, headers);
    return {
      kind: 'preview' as const,
      headers,
      preview,
      totalRows,
      fields: MANIFEST_FIELDS.map((f) => ({ field: f.field, required: f.required })),
      suggested,
    };
  }
  // the import reads the file once: the header alone here (checked as the preview checks it), the rows below
  const headers = await readHeader(input.bytes, format, encoding);
  const columns = parseMapping(input.mapping, suggestColumns(MANIFEST_FIELDS, headers));
  const mappingIssues = checkMapping(MANIFEST_FIELDS, headers, { columns, values: {} });
  if (mappingIssues.length > 0) throw new AppError('validation_failed', 'The column mapping is not usable', mappingIssues);

  const read = rowReader(headers, { columns, values: {} });
  const places = await placeNames(deps.database.db);
  const seen = new Map<string, number>();
  const problems: ManifestRowProblem[] = [];
  let problemRows = 0;
  const rows: EntryInsert[] = [];
  let first = true;
  for await (const { row, cells } of readTable(input.bytes, format, encoding)) {
    if (first) {
      first = false;
      continue;
    }
    if (cells.every((c) => c.trim() === '')) continue;
    const v = read(cells);
    const errors: ManifestRowProblem[] = [];
    const bad = (field: string, code: ManifestRowProblem['code'], message: string, value?: string) =>
      errors.push(value === undefined ? { row, field, code, message } : { row, field, code, message, value });
    const personName = (v.personName ?? '').trim();
    if (personName === '') bad('personName', 'required', 'must not be empty');
    for (const [field, max] of Object.entries(LIMITS))
      if ((v[field] ?? '').length > max) bad(field, 'too_long', `longer than ${max} characters`);
    const role = ROLE_WORDS[(v.role ?? '').trim().toLowerCase()];
    if (!role) bad('role', 'unknown_value', 'use passenger (旅客), crew (船员) or worker (工作人员)', v.role);
    const sex = SEX_WORDS[(v.sex ?? '').trim().toLowerCase()];
    if (!sex) bad('sex', 'unknown_value', 'use 男 / 女 (male / female)', v.sex);
    const idNumber = (v.idNumber ?? '').replace(/\s+/g, '').toUpperCase();
    const typeWord = (v.idType ?? '').trim().toLowerCase();
    let idType: (typeof ID_TYPES)[number] | undefined =
      typeWord === '' ? (idNumber === '' ? 'none' : parseResidentId(idNumber).ok ? 'resident_id' : 'other') : ID_TYPE_WORDS[typeWord];
    if (!idType) bad('idType', 'unknown_value', 'use 身份证, 护照 or 其他 (resident ID, passport, other)', v.idType);
    if (idType === 'none' && idNumber !== '') idType = 'other';
    if (idType && idType !== 'none' && idNumber === '') bad('idNumber', 'required', 'give the number, or leave the document type empty');
    if (idType === 'resident_id' && idNumber !== '' && !parseResidentId(idNumber).ok)
      bad('idNumber', 'invalid_id', 'is not a valid resident identity number (GB 11643)');
    if (idNumber.length > 40) bad('idNumber', 'too_long', 'longer than 40 characters');
    let identity = { encrypted: null as string | null, masked: '', hash: null as string | null };
    if (errors.length === 0 && idType && idType !== 'none') {
      identity = deps.protector.protect(idType, idNumber);
      if (identity.hash) {
        const earlier = seen.get(identity.hash);
        if (earlier !== undefined) bad('idNumber', 'duplicate_in_file', `the same document as row ${earlier}`);
        else seen.set(identity.hash, row);
      }
    }
    if (errors.length > 0) {
      problemRows += 1;
      problems.push(...errors);
      continue;
    }
    const residence = (v.residence ?? '').trim();
    rows.push({
      role: role!,
      personName,
      sex: sex!,
      idType: idType!,
      idNumberEncrypted: identity.encrypted,
      idNumberMasked: identity.masked,
      idNumberHash: identity.hash,
      phone: (v.phone ?? '').trim(),
      residence,
      residenceJurisdictionId: recognisePlace(places, residence),
      deck: (v.deck ?? '').trim(),
      cabin: (v.cabin ?? '').trim(),
      seat: (v.seat ?? '').trim(),
      boardedAt: (v.boardedAt ?? '').trim(),
      alightedAt: (v.alightedAt ?? '').trim(),
    });
  }
  // people already on the manifest: one set-based query for the file's identity hashes (not every hash of the trip)
  const onManifest = await hashesOnManifest(deps.database.db, tripId, [...seen.keys()]);
  for (const hash of onManifest) {
    problemRows += 1;
    problems.push({
      row: seen.get(hash)!,
      field: 'idNumber',
      code: 'already_on_manifest',
      message: 'this person is already on the manifest',
    });
  }
  if (problemRows > 0) throw rowProblems(problemRows, problems);
  if (rows.length === 0)
    throw new AppError('validation_failed', 'The file has a header but no rows', [{ path: 'file', code: 'no_rows', message: 'no rows' }]);
  return deps.database.db.transaction(async (tx) => {
    const locked = await findTrip(tx, scope, tripId, true);
    if (!locked) throw notFound('trip');
    // under the trip's lock: an import that committed since the check above cannot slip the same people in twice
    const raced = await hashesOnManifest(tx, tripId, [...seen.keys()]);
    if (raced.size > 0)
      throw rowProblems(
        raced.size,
        [...raced].map((hash) => ({
          row: seen.get(hash)!,
          field: 'idNumber',
          code: 'already_on_manifest' as const,
          message: 'this person is already on the manifest',
        })),
      );
    const before = await manifestStats(tx, tripId);
    const common = { tripId, jurisdictionId: locked.jurisdictionId, createdBy: principal.id };
    for (let i = 0; i < rows.length; i += 5000)
      await insertManifestRows(
        tx,
        common,
        rows.slice(i, i + 5000).map((r, k) => ({ ...r, rowNumber: before.maxRow + i + k + 1 })),
      );
    // cohorts: a case whose own row was known keeps its placed members and gains the new people; a case whose
    // row may be among the new ones is recognised and its cohort rebuilt from the whole manifest
    const exposures = await exposuresOfTrip(tx, tripId);
    let added: CohortEntry[] | undefined;
    let all: CohortEntry[] | undefined;
    for (const exposure of exposures) {
      if (exposure.manifestEntryId) {
        added ??= await tripEntries(tx, tripId, before.maxRow);
        await addToCohort(tx, locked, exposure, added);
      } else {
        all ??= await tripEntries(tx, tripId);
        await refreshExposure(tx, locked, exposure, all);
      }
    }
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: 'import',
      entityType: 'travel_manifest',
      entityId: tripId,
      after: { jurisdictionId: locked.jurisdictionId, filename: input.filename.slice(-200), rows: rows.length, format },
    });
    const [j] = await tx.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, locked.jurisdictionId));
    await publishLive(tx, { topic: 'travel', id: tripId, action: 'manifest', right: 'travel.read', jurisdictionPath: j?.path });
    return {
      kind: 'imported' as const,
      imported: rows.length,
      manifestCount: before.count + rows.length,
      cohortsRebuilt: exposures.length,
    };
  });
}

/** The refusal of a file with row problems: every problem in row order, the first 200 listed. */
function rowProblems(problemRows: number, problems: ManifestRowProblem[]): AppError {
  const listed = [...problems].sort((a, b) => a.row - b.row).slice(0, MAX_LISTED_PROBLEMS);
  return new AppError(
    'validation_failed',
    `${problemRows} row(s) of the file have problems: nothing was imported`,
    listed.map((p) => ({ path: `rows.${p.row}.${p.field}`, code: p.code, message: p.message, params: { row: p.row, field: p.field } })),
  );
}

/** A written residence as a township or community of the district: the longest place name it contains. */
function recognisePlace(places: Map<string, string>, residence: string): string | null {
  const text = residence.trim().toLowerCase();
  if (text === '') return null;
  const exact = places.get(text);
  if (exact) return exact;
  let best: { id: string; length: number } | null = null;
  for (const [name, id] of places) {
    if (name.length >= 2 && text.includes(name) && (!best || name.length > best.length)) best = { id, length: name.length };
  }
  return best?.id ?? null;
}
