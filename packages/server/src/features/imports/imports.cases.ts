/**
 * The case line-list import: the fields a file's columns map to, how their text becomes a case report input
 * (sex 男/女, classifications as written on the national card, disease names, township or community names or
 * 12-digit codes, facility names), and the check of each row — which is the cases feature's own
 * `checkCaseReport`, so an imported case obeys exactly the rules of the report form.
 */
import { type Scope, pathInScope } from '../../platform/auth/scope.ts';
import type { IdentityProtector } from '../cases/index.ts';
import { type CaseLookups, type CaseReportRow, checkCaseReportCoded } from '../cases/index.ts';
import type { ProblemCode, ProblemParams } from './imports.errors.ts';
import { type FieldSpec, type FieldValues, keyOf, parseCalendarDate, parseInstant } from './imports.mapping.ts';

export const CASE_FIELDS: readonly FieldSpec[] = [
  { field: 'personName', required: true, aliases: ['患者姓名', '病人姓名', '姓名', 'patient name', 'person name', 'name'] },
  { field: 'sex', required: false, aliases: ['性别', 'sex', 'gender'] },
  { field: 'birthDate', required: false, aliases: ['出生日期', '出生年月日', '生日', 'birth date', 'date of birth', 'dob', 'birthdate'] },
  { field: 'idType', required: false, aliases: ['证件类型', '有效证件类型', 'id type', 'document type'] },
  {
    field: 'idNumber',
    required: false,
    aliases: ['有效证件号', '身份证号', '身份证号码', '证件号码', '证件号', 'id number', 'identity number', 'resident id'],
  },
  { field: 'phone', required: false, aliases: ['联系电话', '电话', '手机号', '手机', 'phone', 'telephone'] },
  {
    field: 'jurisdiction',
    required: true,
    aliases: [
      '现住地址国标',
      '现住址编码',
      '现住地址编码',
      '现住址国标',
      '现住址',
      '现住乡镇',
      '乡镇街道',
      '乡镇',
      '街道',
      '社区',
      'residence code',
      'residence',
      'jurisdiction',
      'township',
    ],
  },
  { field: 'address', required: false, aliases: ['现住详细地址', '详细地址', '现住地址', '地址', 'address'] },
  { field: 'occupation', required: false, aliases: ['人群分类', '职业', 'occupation'] },
  { field: 'disease', required: true, aliases: ['疾病名称', '病种名称', '病种', '疾病', '传染病', 'disease name', 'disease'] },
  { field: 'classification', required: true, aliases: ['病例分类', '病例类型', 'case classification', 'classification'] },
  { field: 'onsetDate', required: false, aliases: ['发病日期', '发病时间', 'onset date', 'onset'] },
  {
    field: 'diagnosisAt',
    required: true,
    aliases: ['诊断时间', '诊断日期', 'diagnosis time', 'diagnosis date', 'diagnosed at', 'diagnosis'],
  },
  {
    field: 'reportedAt',
    required: false,
    aliases: ['报告卡录入时间', '报告时间', '报告日期', '填卡日期', 'report time', 'report date', 'reported at'],
  },
  {
    field: 'facility',
    required: false,
    aliases: ['报告单位', '报告医院', '报告机构', '填报单位', 'reporting facility', 'facility', 'hospital'],
  },
  { field: 'reportingDoctor', required: false, aliases: ['报告医生', '填卡医生', 'reporting doctor', 'doctor'] },
  { field: 'severity', required: false, aliases: ['病情严重程度', '病情', '严重程度', 'severity'] },
  { field: 'outcome', required: false, aliases: ['转归', 'outcome'] },
];

/** Words for enumerated fields, Chinese as on the national card and English; compared lower-cased. */
const SEX_WORDS: Record<string, 'male' | 'female' | 'unknown'> = {
  男: 'male',
  男性: 'male',
  m: 'male',
  male: 'male',
  '1': 'male',
  女: 'female',
  女性: 'female',
  f: 'female',
  female: 'female',
  '2': 'female',
  未知: 'unknown',
  不详: 'unknown',
  unknown: 'unknown',
  u: 'unknown',
  '0': 'unknown',
  '9': 'unknown',
};
const ID_TYPE_WORDS: Record<string, 'resident_id' | 'passport' | 'other' | 'none'> = {
  居民身份证: 'resident_id',
  身份证: 'resident_id',
  resident_id: 'resident_id',
  'resident id': 'resident_id',
  护照: 'passport',
  passport: 'passport',
  其他: 'other',
  其它: 'other',
  other: 'other',
  港澳居民来往内地通行证: 'other',
  台湾居民来往大陆通行证: 'other',
  军官证: 'other',
  无: 'none',
  none: 'none',
};
const CLASSIFICATION_WORDS: Record<string, 'suspected' | 'clinical' | 'confirmed' | 'asymptomatic' | 'excluded'> = {
  疑似病例: 'suspected',
  疑似: 'suspected',
  suspected: 'suspected',
  临床诊断病例: 'clinical',
  临床诊断: 'clinical',
  clinical: 'clinical',
  确诊病例: 'confirmed',
  实验室确诊病例: 'confirmed',
  实验室确诊: 'confirmed',
  确诊: 'confirmed',
  confirmed: 'confirmed',
  病原携带者: 'asymptomatic',
  无症状感染者: 'asymptomatic',
  阳性检测: 'asymptomatic',
  asymptomatic: 'asymptomatic',
  排除病例: 'excluded',
  排除: 'excluded',
  excluded: 'excluded',
};
const SEVERITY_WORDS: Record<string, 'mild' | 'moderate' | 'severe' | 'critical'> = {
  轻: 'mild',
  轻型: 'mild',
  轻症: 'mild',
  mild: 'mild',
  中: 'moderate',
  普通: 'moderate',
  普通型: 'moderate',
  中型: 'moderate',
  moderate: 'moderate',
  重: 'severe',
  重型: 'severe',
  重症: 'severe',
  severe: 'severe',
  危重: 'critical',
  危重型: 'critical',
  危重症: 'critical',
  critical: 'critical',
};
const OUTCOME_WORDS: Record<string, 'under_treatment' | 'recovered' | 'died' | 'unknown'> = {
  治疗中: 'under_treatment',
  在治: 'under_treatment',
  住院: 'under_treatment',
  under_treatment: 'under_treatment',
  'under treatment': 'under_treatment',
  治愈: 'recovered',
  痊愈: 'recovered',
  好转: 'recovered',
  recovered: 'recovered',
  死亡: 'died',
  died: 'died',
  dead: 'died',
  不详: 'unknown',
  未知: 'unknown',
  unknown: 'unknown',
};

/** The allowed words of enumerated fields, for the UI's value-mapping step and messages. */
export const CASE_VALUE_WORDS = {
  sex: SEX_WORDS,
  idType: ID_TYPE_WORDS,
  classification: CLASSIFICATION_WORDS,
  severity: SEVERITY_WORDS,
  outcome: OUTCOME_WORDS,
} as const;

/** A problem of one field of one row: a stable code and its params (the UI's sentence), and the English message. */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
  params?: ProblemParams;
}

/** A coded field error (the code is checked against the catalogue of imports.errors.ts at compile time). */
export const fieldError = (field: string, code: ProblemCode, message: string, params?: ProblemParams): FieldError =>
  params ? { field, code, params, message } : { field, code, message };
export type RowOutcome<R> = { ok: true; row: R } | { ok: false; errors: FieldError[] };

/** The checker's field names back to the import's ('diseaseId' is the column the user mapped as 'disease'). */
const FIELD_OF_PATH: Record<string, string> = { diseaseId: 'disease', jurisdictionId: 'jurisdiction', facilityId: 'facility' };

function index<T>(items: Iterable<T>, keys: (item: T) => string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    for (const k of new Set(
      keys(item)
        .map(keyOf)
        .filter((x) => x !== ''),
    )) {
      const list = map.get(k);
      if (list) list.push(item);
      else map.set(k, [item]);
    }
  }
  return map;
}

export interface CaseRowCheckOptions {
  /**
   * The importer's scope of cases.import (facilityScopeFor). Where it binds them to a facility (a hospital
   * reporter, issue 11 item 6), a row with no facility is filed as theirs and a row naming another facility is a
   * row error: reassigning it silently would put another hospital's card under theirs, and leaving it would make
   * a card they cannot see afterwards.
   */
  scope?: Scope;
}

/**
 * A checker of mapped rows for one import: lookups are indexed once by code and name; each call is pure.
 * Returns the row to insert (without source, createdBy and importId) or every problem, by field.
 */
export function caseRowChecker(
  lookups: CaseLookups,
  protector: IdentityProtector,
  now: Date,
  options: CaseRowCheckOptions = {},
): (values: FieldValues) => RowOutcome<CaseReportRow> {
  const { scope } = options;
  // the facility a row within `jurisdiction` must be filed by, or null where the importer sees every record
  const boundFacilityAt = (jurisdictionPath: string): string | null =>
    scope?.facility && !pathInScope(scope, jurisdictionPath) ? scope.facility.id : null;
  const diseases = index(lookups.diseasesById.values(), (d) => [d.code, d.name, d.nameEn, d.id]);
  const places = index(lookups.jurisdictionsById.values(), (j) => [j.code, j.name, j.nameEn, j.id]);
  const facilities = index(lookups.facilitiesById.values(), (f) => [f.name, f.nameEn, f.id]);

  return (v) => {
    const errors: FieldError[] = [];
    const word = <T extends string>(field: string, words: Record<string, T>, what: string): T | undefined => {
      const raw = v[field];
      if (raw === undefined || raw === '') return undefined;
      const found = words[keyOf(raw)];
      if (!found) errors.push(fieldError(field, 'unknown_value', `"${raw}" is not a known ${what}`, { value: raw }));
      return found;
    };
    const one = <T>(field: string, map: Map<string, T[]>, what: string, missing: ProblemCode, required: boolean): T | undefined => {
      const raw = v[field] ?? '';
      if (raw === '') {
        if (required) errors.push(fieldError(field, 'required', 'must not be empty'));
        return undefined;
      }
      const found = map.get(keyOf(raw)) ?? [];
      if (found.length === 1) return found[0];
      errors.push(
        found.length === 0
          ? fieldError(field, missing, `no ${what} "${raw}"`, { value: raw })
          : fieldError(field, 'ambiguous', `"${raw}" matches ${found.length} ${what}s: use the code`, { value: raw, count: found.length }),
      );
      return undefined;
    };
    const date = (field: string): string | null | undefined => {
      const raw = v[field];
      if (raw === undefined || raw === '') return null;
      const d = parseCalendarDate(raw);
      if (!d) errors.push(fieldError(field, 'not_a_date', `"${raw}" is not a date (write 2026-03-05)`, { value: raw }));
      return d ?? undefined;
    };
    const instant = (field: string): string | undefined => {
      const raw = v[field];
      if (raw === undefined || raw === '') return undefined;
      const d = parseInstant(raw);
      if (!d)
        errors.push(fieldError(field, 'not_a_date_time', `"${raw}" is not a date or date-time (write 2026-03-05 14:30)`, { value: raw }));
      return d ?? undefined;
    };

    const disease = one('disease', diseases, 'disease in the catalogue', 'not_in_catalogue', true);
    const place = one('jurisdiction', places, 'jurisdiction within your area', 'out_of_scope', true);
    const facility = one('facility', facilities, 'facility in the registry', 'not_in_registry', false);
    const boundFacility = place ? boundFacilityAt(place.path) : null;
    if (boundFacility && facility && facility.id !== boundFacility) {
      errors.push(
        fieldError('facility', 'other_facility', `"${v.facility}" is not your facility: you import your own facility's cases only`, {
          value: v.facility ?? '',
        }),
      );
    }
    const sex = word('sex', SEX_WORDS, 'sex (男/女)');
    const classification = word('classification', CLASSIFICATION_WORDS, 'case classification');
    if (!v.classification) errors.push(fieldError('classification', 'required', 'must not be empty'));
    const severity = word('severity', SEVERITY_WORDS, 'severity');
    const outcome = word('outcome', OUTCOME_WORDS, 'outcome');
    const idNumber = (v.idNumber ?? '').replace(/\s+/g, '');
    let idType = word('idType', ID_TYPE_WORDS, 'document type');
    // Without a document type column, an 18-character number is a resident ID (the usual case), else 'other'.
    idType ??= idNumber === '' ? 'none' : /^\d{17}[\dXx]$/.test(idNumber) ? 'resident_id' : 'other';
    const birthDate = date('birthDate');
    const onsetDate = date('onsetDate');
    const diagnosisAt = instant('diagnosisAt');
    if (!v.diagnosisAt) errors.push(fieldError('diagnosisAt', 'required', 'must not be empty'));
    const reportedAt = instant('reportedAt');
    if (errors.length > 0) return { ok: false, errors };

    const checked = checkCaseReportCoded(
      {
        diseaseId: disease!.id,
        jurisdictionId: place!.id,
        personName: v.personName ?? '',
        ...(sex ? { sex } : {}),
        birthDate: birthDate ?? null,
        idType,
        idNumber: idType === 'none' ? null : idNumber,
        phone: v.phone ?? '',
        address: v.address ?? '',
        occupation: v.occupation ?? '',
        classification,
        onsetDate: onsetDate ?? null,
        diagnosisAt,
        ...(reportedAt ? { reportedAt } : {}),
        facilityId: facility?.id ?? boundFacility,
        reportingDoctor: v.reportingDoctor ?? '',
        ...(severity ? { severity } : {}),
        ...(outcome ? { outcome } : {}),
      },
      lookups,
      protector,
      now,
    );
    if (checked.ok) return checked;
    return {
      ok: false,
      errors: checked.issues.map((i) => {
        const field = FIELD_OF_PATH[i.path.split('.')[0]!] ?? i.path.split('.')[0] ?? '';
        // a shape problem of a date field names the text of the file, which the checker saw converted
        const params = i.params && 'value' in i.params && i.params.value === '' ? { ...i.params, value: v[field] ?? '' } : i.params;
        return params ? { field, code: i.code, params, message: i.message } : { field, code: i.code, message: i.message };
      }),
    };
  };
}
