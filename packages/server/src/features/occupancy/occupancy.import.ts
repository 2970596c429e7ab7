/**
 * Bed occupancy from a CSV or XLSX file (docs/occupancy.md): one row per facility and day — the same rules as the
 * form (occupancy/occupancy.rules.ts), each row replacing that facility's report of its day, each audited. A
 * hospital reporter's rows are its own facility's (the facility column may stay empty); others name the facility
 * of their area. All or nothing: a day's figures are a report, not a list whose good rows stand on their own.
 */
import { facilityScopeFor, inScopePath, recordInFacilityScope, reachOf } from '../../platform/auth/scope.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { type FieldSpec, type ImportKindSpec, parseCalendarDate, registerImportKind } from '../imports/index.ts';
import { occupancyIssues } from './occupancy.rules.ts';
import { writeOccupancy } from './occupancy.service.ts';
import { type CareFacility, careFacilities } from './occupancy.store.ts';

/** A problem of one cell, by code (sentences in imports.errors.ts and the web's imports.problems). */
interface FieldError {
  field: string;
  code: string;
  message: string;
  params?: Record<string, string | number>;
}
const fieldError = (field: string, code: string, message: string, params?: Record<string, string | number>): FieldError =>
  params ? { field, code, message, params } : { field, code, message };

export const OCCUPANCY_FIELDS: readonly FieldSpec[] = [
  { field: 'date', required: true, aliases: ['日期', '填报日期', '统计日期', 'date', 'day'] },
  { field: 'facility', required: false, aliases: ['机构', '医院', '机构名称', '医疗机构', 'facility', 'hospital'] },
  {
    field: 'bedsOccupied',
    required: true,
    aliases: ['占用床位', '在用床位', '床位占用', '占用床位数', 'beds occupied', 'occupied beds', 'beds'],
  },
  {
    field: 'icuBedsOccupied',
    required: true,
    aliases: ['占用重症床位', '重症床位占用', 'icu占用', 'icu beds occupied', 'icu beds', 'icu'],
  },
  {
    field: 'isolationRoomsOccupied',
    required: true,
    aliases: ['占用隔离病房', '隔离病房占用', '隔离病房', 'isolation rooms occupied', 'isolation rooms', 'isolation'],
  },
  { field: 'overCapacity', required: false, aliases: ['超出容量', '加床', 'above capacity', 'over capacity'] },
  { field: 'note', required: false, aliases: ['备注', '说明', 'note', 'remarks'] },
];

export interface OccupancyImportRow {
  facility: CareFacility;
  date: string;
  bedsOccupied: number;
  icuBedsOccupied: number;
  isolationRoomsOccupied: number;
  overCapacity: boolean;
  note: string;
}

const YES = new Set(['是', '有', 'y', 'yes', 'true', '1', '√']);
const NO = new Set(['', '否', '无', 'n', 'no', 'false', '0']);

function wholeNumber(field: string, text: string | undefined, errors: FieldError[]): number {
  const t = (text ?? '').replace(/,/g, '').trim();
  if (t === '') {
    errors.push(fieldError(field, 'required', 'must not be empty'));
    return Number.NaN;
  }
  const n = Number(t);
  if (!Number.isInteger(n) || n < 0) errors.push(fieldError(field, 'not_whole_number', 'must be a whole number ≥ 0'));
  return n;
}

export const occupancyImportKind: ImportKindSpec<OccupancyImportRow> = {
  right: 'occupancy.report',
  fields: OCCUPANCY_FIELDS,
  modes: ['all_or_nothing'],
  async prepare(db, ctx) {
    const scope = facilityScopeFor(ctx.principal, 'occupancy.report');
    const list = (await careFacilities(db, inScopePath(reachOf(scope), jurisdictions.path))).filter((f) =>
      recordInFacilityScope(scope, f.jurisdictionPath, f.id),
    );
    const byName = new Map<string, CareFacility[]>();
    for (const f of list)
      for (const k of new Set([f.name, f.nameEn, f.id].map((x) => x.trim().toLowerCase()))) byName.set(k, [...(byName.get(k) ?? []), f]);
    // a reporter bound to one facility may leave the column empty
    const own = scope.facility ? list.find((f) => f.id === scope.facility!.id) : undefined;
    return {
      check(v) {
        const errors: FieldError[] = [];
        const rawDate = v.date ?? '';
        const date = parseCalendarDate(rawDate);
        if (rawDate.trim() === '') errors.push(fieldError('date', 'required', 'must not be empty'));
        else if (!date) errors.push(fieldError('date', 'not_a_date', 'is not a date', { value: rawDate }));
        const name = (v.facility ?? '').trim();
        let facility: CareFacility | undefined;
        if (name === '') {
          facility = own;
          if (!facility) errors.push(fieldError('facility', 'required', 'must not be empty'));
        } else {
          const found = byName.get(name.toLowerCase()) ?? [];
          if (found.length === 1) facility = found[0];
          else if (found.length > 1)
            errors.push(fieldError('facility', 'ambiguous', 'matches several facilities', { value: name, count: found.length }));
          else
            errors.push(
              own
                ? fieldError('facility', 'not_your_facility', 'not your facility', { value: name })
                : fieldError('facility', 'out_of_scope', 'not within your area', { value: name }),
            );
        }
        const bedsOccupied = wholeNumber('bedsOccupied', v.bedsOccupied, errors);
        const icuBedsOccupied = wholeNumber('icuBedsOccupied', v.icuBedsOccupied, errors);
        const isolationRoomsOccupied = wholeNumber('isolationRoomsOccupied', v.isolationRoomsOccupied, errors);
        const flag = (v.overCapacity ?? '').trim().toLowerCase();
        if (!YES.has(flag) && !NO.has(flag))
          errors.push(fieldError('overCapacity', 'unknown_value', 'use yes or no', { value: v.overCapacity ?? '' }));
        const note = (v.note ?? '').trim();
        if (note.length > 500) errors.push(fieldError('note', 'too_long', 'too long', { max: 500 }));
        if (errors.length > 0 || !facility || !date) return { ok: false, errors };
        const row: OccupancyImportRow = {
          facility,
          date,
          bedsOccupied,
          icuBedsOccupied,
          isolationRoomsOccupied,
          overCapacity: YES.has(flag),
          note,
        };
        const issues = occupancyIssues({ ...row, reportDate: date }, facility, ctx.now);
        if (issues.length > 0) {
          return {
            ok: false,
            errors: issues.map((i) =>
              i.code === 'over_capacity'
                ? fieldError(i.path, 'over_capacity', i.message, { value: row[i.path as 'bedsOccupied'], capacity: i.params!.capacity! })
                : i.code === 'future_date'
                  ? fieldError('date', 'in_future', i.message)
                  : fieldError(i.path, i.code === 'note_required' ? 'note_required' : 'invalid', i.message, { detail: i.message }),
            ),
          };
        }
        return { ok: true, row };
      },
      key: (r) => `${r.facility.id}|${r.date}`,
    };
  },
  async write(tx, rows, ctx) {
    await writeOccupancy(
      tx,
      rows.map((r) => ({
        facility: r.facility,
        input: {
          facilityId: r.facility.id,
          date: r.date,
          bedsOccupied: r.bedsOccupied,
          icuBedsOccupied: r.icuBedsOccupied,
          isolationRoomsOccupied: r.isolationRoomsOccupied,
          overCapacity: r.overCapacity,
          note: r.note,
        },
      })),
      { actor: { id: ctx.principal.id, username: ctx.principal.username }, source: 'import', importId: ctx.importId },
    );
  },
  // writeOccupancy already told the facilities' areas
  async announce() {},
};

/** The 'occupancy' import kind → the import machinery (called once at start by features/feature-hooks.ts). */
export function registerOccupancyImportKind(): void {
  registerImportKind('occupancy', occupancyImportKind);
}
