/**
 * Problems of imported files and rows, as data: a stable `code`, the `params` its sentence needs, and the
 * English `message` that API clients have always read. The web renders code + params in the user's language
 * (packages/web/src/features/imports/imports.messages.ts, `imports.problems`); the error report CSV is written
 * here, in the requesting user's language, from the same codes (CONVENTIONS rule 6: translate ids, never parse
 * messages). Errors stored before codes existed have none: they are shown with their message.
 *
 * @example
 * localiseProblem({ code: 'not_a_date', params: { value: '2026-13-01' }, message: '…' }, 'zh-CN')
 * // → '“2026-13-01”不是日期（请写作 2026-03-05）'
 */

export type ProblemParams = Record<string, string | number>;

/** A problem of one field (of a row, or of the uploaded file), before it is placed in the file. */
export interface CodedIssue {
  path: string;
  message: string;
  code?: string;
  params?: ProblemParams;
}

/** Languages of the error report (the user's saved locale, or `lang` of the request). */
export const REPORT_LANGUAGES = ['zh-CN', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

const SEX_NAMES: Record<ReportLanguage, Record<string, string>> = {
  'zh-CN': { male: '男', female: '女', unknown: '未知' },
  en: { male: 'male', female: 'female', unknown: 'unknown' },
};

type Sentence = (p: ProblemParams, lang: ReportLanguage) => string;
const both =
  (zh: (p: ProblemParams) => string, en: (p: ProblemParams) => string): Sentence =>
  (p, lang) =>
    lang === 'en' ? en(p) : zh(p);
/** the Chinese or English name of a catalogue entry given as { name, nameEn } */
const named = (p: ProblemParams, lang: ReportLanguage) => String((lang === 'en' ? p.nameEn : p.name) ?? p.name ?? '');

/**
 * Every code with its sentence in each language. Row codes first, then file codes (`file_*`, header and
 * encoding problems). The web's `imports.problems` messages hold the same codes and sentences.
 */
export const PROBLEM_SENTENCES = {
  // ── rows: both kinds
  required: both(
    () => '不能为空',
    () => 'must not be empty',
  ),
  unknown_value: both(
    (p) => `无法识别“${p.value}”：请使用系统取值，或在列对应步骤添加取值转换`,
    (p) => `"${p.value}" is not a known value: use the system's words or add a value translation`,
  ),
  not_in_catalogue: both(
    (p) => `目录中没有“${p.value}”`,
    (p) => `"${p.value}" is not in the catalogue`,
  ),
  out_of_scope: both(
    (p) => `“${p.value}”不存在或不在您的管辖范围内`,
    (p) => `"${p.value}" does not exist within your area`,
  ),
  not_a_date: both(
    (p) => `“${p.value}”不是日期（请写作 2026-03-05）`,
    (p) => `"${p.value}" is not a date (write 2026-03-05)`,
  ),
  in_future: both(
    () => '不能晚于当前时间',
    () => 'must not be in the future',
  ),
  duplicate_row: both(
    (p) => `与第 ${p.row} 行重复（同一天、同一地点、同一类型）`,
    (p) => `repeats row ${p.row} (same day, place and type)`,
  ),
  too_long: both(
    (p) => `不能超过 ${p.max} 个字符`,
    (p) => `must be at most ${p.max} characters`,
  ),
  invalid: both(
    (p) => `取值无效（${p.detail}）`,
    (p) => `is not valid (${p.detail})`,
  ),
  // ── rows: cases
  not_in_registry: both(
    (p) => `机构名录中没有“${p.value}”`,
    (p) => `"${p.value}" is not in the facility registry`,
  ),
  other_facility: both(
    (p) => `“${p.value}”不是您所在的机构：您只能导入本机构报告的病例`,
    (p) => `"${p.value}" is not your facility: you import your own facility's cases only`,
  ),
  ambiguous: both(
    (p) => `“${p.value}”对应 ${p.count} 个记录：请填写编码`,
    (p) => `"${p.value}" matches ${p.count} records: use the code`,
  ),
  not_a_date_time: both(
    (p) => `“${p.value}”不是日期或时间（请写作 2026-03-05 14:30）`,
    (p) => `"${p.value}" is not a date or date-time (write 2026-03-05 14:30)`,
  ),
  disease_inactive: both(
    (p) => `${p.name}已停用，不能报告`,
    (p) => `${p.nameEn} is not active in the catalogue`,
  ),
  id_number_required: both(
    () => '请填写证件号码，或将证件类型填为“无”',
    () => 'give the number, or choose "no document"',
  ),
  resident_id_length: both(
    () => '居民身份证号应为 18 位',
    () => 'a resident ID has 18 characters',
  ),
  resident_id_characters: both(
    () => '居民身份证号应为 17 位数字加 1 位数字或 X',
    () => 'a resident ID has 17 digits and a final digit or X',
  ),
  resident_id_birth_date: both(
    () => '身份证号中的出生日期（第 7–14 位）不是有效日期',
    () => 'the birth date inside the resident ID (characters 7–14) is not a real date',
  ),
  resident_id_checksum: both(
    () => '身份证号校验位（最后一位）不符：可能有字符输入错误',
    () => 'the check character (the last one) does not match: a character was mistyped',
  ),
  birth_date_disagrees_with_resident_id: both(
    (p) => `与身份证号不符（身份证号显示为 ${p.expected}）`,
    (p) => `does not agree with the resident ID, which gives ${p.expected}`,
  ),
  sex_disagrees_with_resident_id: (p, lang) =>
    lang === 'en'
      ? `does not agree with the resident ID, which gives ${SEX_NAMES.en[String(p.expected)] ?? p.expected}`
      : `与身份证号不符（身份证号显示为${SEX_NAMES['zh-CN'][String(p.expected)] ?? p.expected}）`,
  after_diagnosis: both(
    () => '不能晚于诊断时间',
    () => 'must not be after the diagnosis',
  ),
  before_birth_date: both(
    () => '不能早于出生日期',
    () => 'must not be before the birth date',
  ),
  before_diagnosis: both(
    () => '不能早于诊断时间',
    () => 'must not be before the diagnosis',
  ),
  phone_format: both(
    () => '只能包含数字、空格和 + - ( )',
    () => 'digits, spaces and + - ( ) only',
  ),
  // ── rows: feeds
  feed_type_inactive: (p, lang) => (lang === 'en' ? `${named(p, lang)} is not collected any more` : `${named(p, lang)}已停止收集`),
  site_inactive: both(
    (p) => `监测点“${p.value}”已停用`,
    (p) => `the site "${p.value}" is inactive`,
  ),
  site_not_in_jurisdiction: both(
    (p) => `监测点“${p.site}”不在地区 ${p.jurisdiction} 内`,
    (p) => `the site "${p.site}" is not in ${p.jurisdiction}`,
  ),
  site_or_jurisdiction_required: both(
    () => '请填写监测点编码或地区编码',
    () => 'give a site or a jurisdiction',
  ),
  not_non_negative_number: both(
    () => '应为不小于 0 的数',
    () => 'must be a number ≥ 0',
  ),
  not_positive_number: both(
    () => '应为大于 0 的数',
    () => 'must be a number > 0',
  ),
  denominator_required: (p, lang) =>
    lang === 'en' ? `${named(p, lang)} is a proportion: give the denominator` : `${named(p, lang)}是比例指标：请填写分母`,
  exceeds_denominator: both(
    (p) => `数值 ${p.value} 不能大于分母 ${p.denominator}`,
    (p) => `must not exceed the denominator (${p.value} > ${p.denominator})`,
  ),
  // ── rows: bed occupancy
  not_whole_number: both(
    () => '应为不小于 0 的整数',
    () => 'must be a whole number ≥ 0',
  ),
  over_capacity: both(
    (p) => `${p.value} 超过登记的 ${p.capacity}：如确属加床，请在“超出容量”列填“是”并在备注中说明`,
    (p) =>
      `${p.value} is more than the ${p.capacity} registered: if beds were added, put "yes" in "above capacity" and say why in the note`,
  ),
  note_required: both(
    () => '超出容量时请说明原因',
    () => 'say why the facility is above capacity',
  ),
  not_your_facility: both(
    (p) => `“${p.value}”不是您所在的机构：您只能填报本机构的床位`,
    (p) => `"${p.value}" is not your facility: you report your own facility's beds only`,
  ),
  // ── rows: contacts
  contact_source: both(
    () => '请填写传染源：病例编号（密接）或密接编号（次密接），二者填其一',
    () => 'give the source: a case code (a contact) or a contact code (a contact of a contact), one of the two',
  ),
  duplicate_person: both(
    (p) => `与第 ${p.row} 行为同一人（证件号或姓名+电话相同）`,
    (p) => `the same person as row ${p.row} (same ID number, or name and phone)`,
  ),
  // ── the file
  no_file: both(
    () => '请选择要上传的文件',
    () => 'No file was sent',
  ),
  file_empty: both(
    () => '文件为空',
    () => 'The file is empty',
  ),
  file_xls: both(
    () => '不支持旧版 .xls 工作簿：请另存为 .xlsx 或 .csv',
    () => 'Old .xls workbooks are not read: save the file as .xlsx or .csv',
  ),
  file_not_xlsx: both(
    () => '该文件不是有效的 .xlsx 工作簿',
    () => 'The file is not a valid .xlsx workbook',
  ),
  file_is_workbook: both(
    () => '该文件是 Excel 工作簿：请将扩展名改为 .xlsx',
    () => 'The file is a workbook: name it .xlsx',
  ),
  file_type: both(
    () => '只接受 .csv 和 .xlsx 文件',
    () => 'Only .csv and .xlsx files are accepted',
  ),
  csv_unreadable: both(
    (p) => `CSV 文件在第 ${p.row} 行之后无法读取（${p.reason}）`,
    (p) => `The CSV cannot be read after row ${p.row}: ${p.reason}`,
  ),
  workbook_unreadable: both(
    (p) => `工作簿无法读取（${p.reason}）`,
    (p) => `The workbook cannot be read: ${p.reason}`,
  ),
  bad_encoding: both(
    () => '无法识别文件的文字编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx',
    () => 'The text encoding of the file cannot be read: save it as "CSV UTF-8" or .xlsx',
  ),
  no_header: both(
    () => '文件没有表头行',
    () => 'The file has no header row',
  ),
  header_empty: both(
    (p) => `第 ${p.column} 列没有表头`,
    (p) => `Column ${p.column} has no header`,
  ),
  header_repeated: both(
    (p) => `表头“${p.header}”出现了两次`,
    (p) => `The header "${p.header}" appears twice`,
  ),
  no_rows: both(
    () => '文件只有表头，没有数据行',
    () => 'The file has a header but no rows',
  ),
  nul_character: both(
    (p) => `第 ${p.row} 行第 ${p.column} 列含有空字符（NUL）：文件可能已损坏，请另存为“CSV UTF-8（逗号分隔）”或 .xlsx`,
    (p) => `Row ${p.row}, column ${p.column} holds a NUL character: the file may be damaged; save it again as "CSV UTF-8" or .xlsx`,
  ),
  workbook_too_large: both(
    (p) => `工作簿解压后超过 ${p.limitMb} MB，无法读取：请拆分为多个文件或另存为 CSV`,
    (p) => `The workbook unpacks to more than ${p.limitMb} MB and is not read: split it into several files or save it as CSV`,
  ),
  workbook_compression: both(
    (p) => `工作簿的压缩比异常（超过 ${p.ratio}:1），可能是恶意构造的文件，未读取`,
    (p) => `The workbook is compressed beyond ${p.ratio}:1, which no real spreadsheet is: it was not read`,
  ),
  too_many_rows: both(
    (p) => `文件超过 ${p.limit} 行：请拆分为多个文件`,
    (p) => `The file has more than ${p.limit} rows: split it into several files`,
  ),
} satisfies Record<string, Sentence>;

export type ProblemCode = keyof typeof PROBLEM_SENTENCES;

/** A coded issue (the code is checked against the catalogue at compile time). */
export const issue = (path: string, code: ProblemCode, message: string, params?: ProblemParams): CodedIssue =>
  params ? { path, code, params, message } : { path, code, message };

/** The sentence of a problem in `lang`; the stored English message when it has no (known) code. */
export function localiseProblem(problem: { code?: string; params?: ProblemParams; message: string }, lang: ReportLanguage): string {
  const sentence = problem.code ? (PROBLEM_SENTENCES as Record<string, Sentence>)[problem.code] : undefined;
  return sentence ? sentence(problem.params ?? {}, lang) : problem.message;
}

/** The report's language: `lang` when it is one we write, else the user's saved locale. */
export function reportLanguage(lang: string | undefined, locale: string | undefined): ReportLanguage {
  if (lang && (REPORT_LANGUAGES as readonly string[]).includes(lang)) return lang as ReportLanguage;
  if (lang === 'zh' || lang?.toLowerCase().startsWith('zh')) return 'zh-CN';
  if (lang?.toLowerCase().startsWith('en')) return 'en';
  return locale === 'en' ? 'en' : 'zh-CN';
}

// ── refusals of a request on an import, and why a job failed ─────────────────────────────────────

type English = (p: ProblemParams) => string;

/**
 * Refusals of a request on an import, each a stable code with its English message. The column mapping and the
 * mode answer 400 `validation_failed`, the state of the job 409 `conflict`; either way `details` lists
 * `{ path, code, params?, message }` (path `mapping.columns.<field>`, `mapping.values.<field>`, `columns.<field>`,
 * `mode`, or '' for the job). The web renders `imports.refusals.<code>`.
 */
export const REFUSAL_MESSAGES = {
  mapping_unknown_field: () => 'is not a field of this import',
  mapping_no_column: (p) => `the file has no column "${p.header}"`,
  mapping_required: () => 'choose the column holding this field',
  mode_not_allowed: (p) => `this import allows only: ${p.allowed}`,
  file_gone: () => 'The file of this import is no longer kept: upload it again',
  validate_first: () => 'Validate the rows first',
  import_running: () => 'This import is running',
  import_done: () => 'This import is already done',
  import_ended: () => 'This import has ended: upload the file again',
  already_started: () => 'This import has already been started',
} satisfies Record<string, English>;

export type RefusalCode = keyof typeof REFUSAL_MESSAGES;

/** A coded refusal of one request field ('' for the job itself); `message` only where the English differs. */
export function refusal(path: string, code: RefusalCode, params?: ProblemParams, message?: string): CodedIssue {
  const text = message ?? REFUSAL_MESSAGES[code](params ?? {});
  return params ? { path, code, params, message: text } : { path, code, message: text };
}

/**
 * Why a job failed (`status: 'failed'`), each with its English `message`. A failure caused by one of our own
 * refusals (the file gone, the file unreadable when read again) carries that refusal's code instead
 * (`file_gone`, `csv_unreadable` …) and the message `<its message>; nothing was imported`.
 */
export const FAILURE_MESSAGES = {
  import_interrupted: () => 'The server stopped during the import; nothing was imported',
  write_duplicate: () => 'A row conflicts with a record written meanwhile (duplicate); nothing was imported',
  write_reference_changed: () => 'A row no longer fits the data (a referenced record changed); nothing was imported',
  import_failed: () => 'The import failed; nothing was imported',
} satisfies Record<string, English>;

export type FailureCode = keyof typeof FAILURE_MESSAGES;

/** Why a job failed, as stored with it (inside `import_jobs.mapping`, key `failure`: no migration was needed). */
export interface JobFailure {
  code: string;
  params?: ProblemParams;
}

/**
 * The code of a failure stored before codes existed, from its message: only our own fixed sentences are known
 * (a refusal with params is not parsed back); otherwise null and the page shows the message.
 */
export function failureCodeOf(message: string): string | null {
  for (const [code, english] of Object.entries(FAILURE_MESSAGES)) if (english() === message) return code;
  if (message === `${REFUSAL_MESSAGES.file_gone()}; nothing was imported`) return 'file_gone';
  return null;
}

/** The report's header row and the "more not listed" line. */
export const REPORT_TEXT: Record<ReportLanguage, { header: string[]; more: (left: number, listed: number) => string }> = {
  'zh-CN': {
    header: ['行号', '列', '值', '问题'],
    more: (left, listed) => `……另有 ${left} 处问题未列出（仅列出前 ${listed} 处）`,
  },
  en: {
    header: ['Row', 'Column', 'Value', 'Problem'],
    more: (left, listed) => `… ${left} more problems not listed (the first ${listed} are)`,
  },
};
