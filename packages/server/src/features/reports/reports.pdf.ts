/**
 * The situation report as a PDF (A4, Chinese), made with pdfkit and the Noto Sans SC subset shipped in src/platform/pdf/fonts
 * (all CJK Unified Ideographs and Extension A, CJK punctuation, full-width forms, Latin, Greek and common signs;
 * see fonts/README.md; pdfkit embeds again only the glyphs used), so the text is right on a machine without any
 * CJK font, and is extractable (pdfkit writes a ToUnicode map): `pdftotext` gives back the Chinese headings.
 * A character the font has no glyph for (CJK Extension B and beyond, emoji) prints as 〓 rather than a blank, and
 * the number of them is logged.
 */
import PDFDocument from 'pdfkit';
import type { Logger } from '../../platform/logger.ts';
import { MISSING_GLYPH, PDF_FONT_PATH, pdfFontBytes, printableText } from '../../platform/pdf/pdf-font.ts';
import type { OccupancyEntry, ReportFigures } from './reports.figures.ts';
import type { ReportContent, ReportStatus } from './reports.tables.ts';
import { inLanguage } from '../../platform/text/bilingual-text.ts';
import { districtDateTime } from '../../platform/time/district-time.ts';

// The font and the printable-text filter live in the platform (src/platform/pdf) since the quarantine notices
// print with them too; the names reports' tests and docs use stay.
export { MISSING_GLYPH, printableText };
import type { Printable } from '../../platform/pdf/pdf-font.ts';
export type { Printable };
export const REPORT_FONT_PATH = PDF_FONT_PATH;

/** The section headings, in order (also what tests look for in the extracted text). */
/** The area's contact-tracing KPIs in one Chinese sentence (as the web's TracingLine); null in older reports. */
export function tracingSentenceZh(f: Pick<ReportFigures, 'tracing' | 'reportDate'>): string | null {
  const k = f.tracing?.district;
  if (!k) return null;
  const share = (r: { value: number | null }) => (r.value === null ? '—' : `${Math.round(r.value * 1000) / 10}%`);
  return (
    `${fmtDate(f.reportDate)} 应随访密切接触者 ${k.followedUpToday.denominator} 人，已随访 ${k.followedUpToday.numerator} 人（${share(k.followedUpToday)}）；` +
    `近 7 日新报告病例 ${k.casesKnownContacts.denominator} 例，其中 ${k.casesKnownContacts.numerator} 例此前已是登记的密接（${share(k.casesKnownContacts)}）；` +
    `病例报告至密接登记的中位时间 ${k.medianHoursToListed ?? '—'} 小时，24 小时内追踪到 ${share(k.tracedWithin24h)}，48 小时内 ${share(k.tracedWithin48h)}；` +
    `待通报外区密接 ${k.toNotify} 人。`
  );
}

export const PDF_HEADINGS = {
  title: '疫情日报',
  summary: '一、总体情况',
  situation: '二、疫情形势',
  alerts: '三、预警信息',
  tasks: '四、任务落实情况',
  facilities: '五、医疗资源',
  measures: '六、已采取的防控措施',
  nextSteps: '七、下一步工作',
} as const;

/** The attached stock scenario's part, printed at the end of 五、医疗资源 (not a numbered section: most reports have none). */
export const SCENARIO_HEADING = '（五之附）物资保障情景预测';

const STATUS_ZH: Record<ReportStatus, string> = { draft: '草稿', submitted: '已提交待审核', approved: '已审核', archived: '已归档' };
const RT_REASON_ZH = { no_disease: '事件未指定病种', no_serial_interval: '该病种无代际间隔参数', too_few_cases: '近7日病例过少' } as const;
const TASK_STATUS_ZH: Record<string, string> = {
  assigned: '已分派',
  accepted: '已接收',
  in_progress: '进行中',
  blocked: '受阻',
  done: '已完成',
  rejected: '已退回',
};
const ALERT_STATUS_ZH: Record<string, string> = {
  new: '新预警',
  verifying: '核实中',
  monitoring: '持续监测',
  risk_assessment: '风险评估',
  characterised: '已定级',
  confirmed: '已确认为事件',
  closed: '已关闭',
  discarded: '已排除',
};
const WARNING_ZH: Record<string, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };

export interface PdfMeta {
  issueNo: number;
  status: ReportStatus;
  version: number;
  approvedByName: string | null;
  approvedAt: string | null;
}

/**
 * Dates and times as the app writes them (packages/web/src/app/dates.ts): ISO-like in district time,
 * `2026-12-07` and `2026-12-07 09:20`, so the printed report never says `2026年12月7日` where the page it came
 * from says `2026-12-07`.
 */
/** 'YYYY-MM-DD HH:MM' in district time. */
function localTime(iso: string): string {
  return districtDateTime(new Date(iso));
}

/** A calendar date ('YYYY-MM-DD', already a district day) as the app writes it: unchanged. */
function fmtDate(date: string): string {
  return date;
}

/** The PDF is Chinese: a text written in both languages (the demo's) prints its Chinese part only. */
function zh(text: string): string {
  return inLanguage(text, 'zh-CN');
}

/**
 * The completeness statement of the Rt line: up to which day Rt is estimated and why the last days are left out
 * ("Rt up to <date>; the last N days are incomplete (median reporting delay M days)"). Null for figures drafted
 * before the window was ended early (they did not record it).
 */
export function rtCompletenessZh(rt: ReportFigures['rt']): string | null {
  if (rt.incompleteDays === undefined) return null;
  const median = rt.reportingDelay?.medianDays ?? null;
  const why = median === null ? `近${rt.reportingDelay?.lookbackDays ?? 90}天无可计算报告延迟的病例` : `报告延迟中位数${median}天`;
  return `Rt估算截至${fmtDate(rt.windowTo)}；最近${rt.incompleteDays}天的发病数据尚不完整（${why}）。`;
}

/**
 * Renders the report; resolves to the PDF bytes. Characters the font lacks print as 〓; when there are any,
 * `options.log` gets a warning with their number (and the report's incident, issue and version, no text).
 */
export function renderReportPdf(content: ReportContent, meta: PdfMeta, options: { log?: Logger } = {}): Promise<Buffer> {
  const f: ReportFigures = content.figures;
  const print = printableText();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: { Title: content.title, Subject: `${PDF_HEADINGS.title} ${f.reportDate}`, Creator: 'Outbreak Command' },
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => {
      const missing = print.missing();
      if (missing > 0)
        options.log?.warn('situation report PDF: characters missing from the font printed as 〓', {
          incident: f.incident.code,
          issueNo: meta.issueNo,
          version: meta.version,
          missing,
        });
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  doc.registerFont('cjk', pdfFontBytes());
  doc.font('cjk');
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;

  // Title block.
  doc.fontSize(20).fillColor('#b00000').text(print(PDF_HEADINGS.title), { align: 'center' });
  doc.moveDown(0.2);
  doc
    .fontSize(11)
    .fillColor('#000')
    .text(print(`第 ${meta.issueNo} 期`), { align: 'center' });
  doc.moveDown(0.4);
  doc.fontSize(14).text(print(zh(content.title)), { align: 'center' });
  doc.moveDown(0.4);
  doc.fontSize(9).fillColor('#444');
  doc.text(
    print(
      `报告日期：${fmtDate(f.reportDate)}　事件：${f.incident.code}　响应级别：${f.incident.responseLevel ? `${f.incident.responseLevel}级` : '未启动'}　` +
        `状态：${STATUS_ZH[meta.status]}（第 ${meta.version} 版）`,
    ),
    { align: 'center' },
  );
  doc
    .moveTo(left, doc.y + 4)
    .lineTo(left + width, doc.y + 4)
    .strokeColor('#b00000')
    .lineWidth(1.2)
    .stroke();
  doc.moveDown(1);

  const heading = (text: string) => {
    ensureSpace(doc, 60);
    doc.moveDown(0.5);
    doc.x = left;
    doc.fontSize(13).fillColor('#000').text(print(text));
    doc.moveDown(0.3);
  };
  const para = (text: string, empty = '（无）') => {
    doc.x = left;
    doc
      .fontSize(10.5)
      .fillColor('#000')
      .text(print(text.trim() || empty), { width, lineGap: 3 });
  };
  const note = (text: string) => {
    doc.x = left;
    doc.fontSize(8.5).fillColor('#555').text(print(text), { width, lineGap: 2 });
    doc.fillColor('#000');
  };

  heading(PDF_HEADINGS.summary);
  para(zh(content.summary));

  heading(PDF_HEADINGS.situation);
  if (content.situation.trim()) {
    para(zh(content.situation));
    doc.moveDown(0.4);
  }
  const disease = f.disease ? f.disease.name : '（未指定病种）';
  const t = f.cases.totals;
  para(
    `${fmtDate(f.reportDate)}，${f.area.name}新增报告${disease}病例 ${t.newReported} 例（按发病日期新增 ${t.newOnset} 例）；` +
      `自${fmtDate(f.cases.cumulativeFrom)}起累计报告 ${t.cumulative} 例。` +
      `近7日报告 ${f.trend.last7} 例，前7日 ${f.trend.previous7} 例` +
      (f.trend.changePct === null ? '。' : `，${f.trend.changePct >= 0 ? '上升' : '下降'} ${Math.abs(f.trend.changePct)}%。`),
  );
  doc.moveDown(0.4);
  table(doc, print, {
    columns: [
      { title: '乡镇（街道）', width: 0.4 },
      { title: '新增（报告日期）', width: 0.2, align: 'right' },
      { title: '新增（发病日期）', width: 0.2, align: 'right' },
      { title: '累计', width: 0.2, align: 'right' },
    ],
    rows: [
      ...f.cases.townships.map((r) => [r.name || '（区级）', String(r.newReported), String(r.newOnset), String(r.cumulative)]),
      ['合计', String(t.newReported), String(t.newOnset), String(t.cumulative)],
    ],
  });
  doc.moveDown(0.3);
  const rt = f.rt;
  para(
    (rt.estimable
      ? `实时再生数 Rt（${fmtDate(rt.windowFrom)} 至 ${fmtDate(rt.windowTo)}，按发病日期）：${rt.mean!.toFixed(2)}（95%可信区间 ${rt.lower!.toFixed(2)}–${rt.upper!.toFixed(2)}）。`
      : `实时再生数 Rt：无法估计（${RT_REASON_ZH[rt.reason ?? 'too_few_cases']}，窗口内 ${rt.casesInWindow} 例）。`) +
      (rtCompletenessZh(rt) ?? ''),
  );
  const tracing = tracingSentenceZh(f);
  if (tracing) para(tracing);
  note(
    `说明：新增按报告日期统计（病例报告到达系统的日期，北京时间），另列按发病日期（无发病日期的以诊断日期计）的新增数；病例以现住址计，不含已排除及已合并的报告。` +
      (rt.serialInterval
        ? `Rt 按 Cori 等（2013）方法估计，代际间隔均值 ${rt.serialInterval.mean} 天、标准差 ${rt.serialInterval.sd} 天（${rt.serialInterval.source}）；近期发病的病例尚未全部报告，故 Rt 不含最近几天（天数为近90天本区该病种从发病到报告的时间中位数，至少1天）。`
        : ''),
  );

  heading(PDF_HEADINGS.alerts);
  if (f.alerts.length === 0) para('辖区内无本病种的未结预警。');
  else
    table(doc, print, {
      columns: [
        { title: '编号', width: 0.16 },
        { title: '预警', width: 0.44 },
        { title: '地区', width: 0.16 },
        { title: '状态', width: 0.12 },
        { title: '级别', width: 0.12 },
      ],
      rows: f.alerts.map((a) => [
        a.source ? `${a.code}（本事件来源）` : a.code,
        zh(a.title),
        a.jurisdictionName,
        ALERT_STATUS_ZH[a.status] ?? a.status,
        a.warningLevel ? (WARNING_ZH[a.warningLevel] ?? a.warningLevel) : '—',
      ]),
    });

  heading(PDF_HEADINGS.tasks);
  const tt = f.tasks.totals;
  para(
    `共 ${tt.total} 项任务：已完成 ${tt.done} 项，未完成 ${tt.open} 项，其中逾期 ${tt.overdue} 项${tt.rejected ? `，退回 ${tt.rejected} 项` : ''}（统计时间 ${localTime(f.tasks.asOf)}）。`,
  );
  if (f.tasks.byAssignee.length > 0) {
    doc.moveDown(0.3);
    table(doc, print, {
      columns: [
        { title: '责任单位', width: 0.44 },
        { title: '合计', width: 0.14, align: 'right' },
        { title: '已完成', width: 0.14, align: 'right' },
        { title: '未完成', width: 0.14, align: 'right' },
        { title: '逾期', width: 0.14, align: 'right' },
      ],
      rows: f.tasks.byAssignee.map((a) => [a.name, String(a.total), String(a.done), String(a.open), String(a.overdue)]),
    });
  }
  if (f.tasks.overdue.length > 0) {
    doc.moveDown(0.3);
    para('逾期任务：');
    table(doc, print, {
      columns: [
        { title: '编号', width: 0.16 },
        { title: '任务', width: 0.4 },
        { title: '责任单位', width: 0.24 },
        { title: '截止时间', width: 0.2 },
      ],
      rows: f.tasks.overdue.map((o) => [
        o.code,
        `${zh(o.title)}（${TASK_STATUS_ZH[o.status] ?? o.status}）`,
        o.assigneeName,
        localTime(o.dueAt),
      ]),
    });
  }

  heading(PDF_HEADINGS.facilities);
  if (f.facilities.items.length === 0) para('辖区内无登记的医疗、留观或隔离场所。');
  else {
    // What the facilities reported themselves (the occupancy feature); a report drafted before that keeps the
    // figures its editor typed.
    const reported = f.facilities.occupancy;
    const typed = new Map<string, OccupancyEntry>(content.occupancy.map((o) => [o.facilityId, o]));
    const latest = new Map((reported?.facilities ?? []).map((x) => [x.id, x.latest]));
    const occ = (id: string): Partial<OccupancyEntry> | undefined => {
      if (!reported) return typed.get(id);
      const r = latest.get(id);
      return r
        ? { bedsOccupied: r.bedsOccupied, icuBedsOccupied: r.icuBedsOccupied, isolationRoomsOccupied: r.isolationRoomsOccupied }
        : undefined;
    };
    const cell = (used: number | null | undefined, capacity: number) =>
      capacity === 0 && (used ?? null) === null ? '—' : `${used ?? '—'} / ${capacity}`;
    table(doc, print, {
      columns: [
        { title: '机构', width: 0.36 },
        { title: '床位（占用/总数）', width: 0.16, align: 'right' },
        { title: '重症床位', width: 0.16, align: 'right' },
        { title: '隔离病房', width: 0.16, align: 'right' },
        { title: '隔离客房', width: 0.16, align: 'right' },
      ],
      rows: f.facilities.items.map((x) => {
        const o = occ(x.id);
        return [
          x.name,
          cell(o?.bedsOccupied, x.beds),
          cell(o?.icuBedsOccupied, x.icuBeds),
          cell(o?.isolationRoomsOccupied, x.isolationRooms),
          cell(o?.roomsOccupied, x.rooms),
        ];
      }),
    });
    if (reported) {
      const pct = (x: number | null) => (x === null ? '—' : `${x}%`);
      const t = reported.totals;
      note(
        `说明：总数取自机构登记，占用数为各机构截至 ${fmtDate(reported.date)} 最近一次填报（床位占用率 ${pct(t.rates.beds)}，重症床位 ${pct(t.rates.icuBeds)}，隔离病房 ${pct(t.rates.isolationRooms)}）；` +
          (reported.notReported.length > 0
            ? `当日未填报：${reported.notReported.map((n) => n.name).join('、')}。`
            : '各机构当日均已填报。'),
      );
    } else {
      note('说明：总数取自机构登记；占用数由日报编写人员填报，“—”表示未填报。');
    }
  }

  const s = content.scenario;
  if (s) {
    ensureSpace(doc, 80);
    doc.moveDown(0.6);
    doc.x = left;
    doc.fontSize(11).fillColor('#000').text(print(SCENARIO_HEADING));
    doc.moveDown(0.2);
    const n = (x: number) => Math.round(x).toLocaleString('zh-CN');
    para(
      `情景“${s.name}”（${s.savedByName || '—'} 保存于 ${localTime(s.savedAt)}）：自 ${fmtDate(s.startDate)} 起 ${s.days} 天，` +
        `预计感染 ${n(s.totalInfections)} 人；住院床位需求高峰 ${n(s.hospitalPeak)} 张（第 ${s.hospitalPeakDay} 天，登记床位 ${n(s.capacity.beds)} 张）` +
        (s.firstDayOverBeds === null ? '，期内床位不超载' : `，第 ${s.firstDayOverBeds} 天起超出登记床位`) +
        `；重症床位需求高峰 ${n(s.icuPeak)} 张（登记 ${n(s.capacity.icuBeds)} 张）。`,
    );
    if (s.items.length > 0) {
      doc.moveDown(0.3);
      table(doc, print, {
        columns: [
          { title: '物资', width: 0.34 },
          { title: '库存', width: 0.16, align: 'right' },
          { title: '在途', width: 0.16, align: 'right' },
          { title: '期内需求', width: 0.16, align: 'right' },
          { title: '预计断货日', width: 0.18, align: 'right' },
        ],
        rows: s.items.map((i) => [
          `${i.name}（${i.unit}）`,
          n(i.stock),
          n(i.incoming),
          n(i.totalUse),
          i.stockOutOn ? fmtDate(i.stockOutOn) : `${s.days} 天内不断货`,
        ]),
      });
    }
    note('说明：情景为模型推演（物资保障组保存的“假设”情景），不是预报；库存与在途为保存时的数字。');
  }

  heading(PDF_HEADINGS.measures);
  para(zh(content.measures));
  heading(PDF_HEADINGS.nextSteps);
  para(zh(content.nextSteps));

  doc.moveDown(1.2);
  doc.x = left;
  doc
    .fontSize(9)
    .fillColor('#444')
    .text(
      print(
        `${meta.approvedByName && meta.approvedAt ? `审核：${meta.approvedByName}（${localTime(meta.approvedAt)}）　` : ''}数据生成时间：${localTime(f.generatedAt)}`,
      ),
      { align: 'right', width },
    );

  // Page numbers.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .fillColor('#888')
      .text(print(`${f.incident.code}　第 ${i + 1} 页 / 共 ${range.count} 页`), left, doc.page.height - 36, { width, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

function ensureSpace(doc: PDFKit.PDFDocument, needed: number): void {
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** A simple ruled table; `width` of each column is a fraction of the text width; every cell goes through `print`. */
export function table(
  doc: PDFKit.PDFDocument,
  print: Printable,
  spec: { columns: { title: string; width: number; align?: 'left' | 'right' }[]; rows: string[][] },
): void {
  const left = doc.page.margins.left;
  const total = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const widths = spec.columns.map((c) => c.width * total);
  const pad = 4;
  const drawRow = (raw: string[], header: boolean) => {
    const cells = raw.map(print);
    doc.fontSize(header ? 9 : 9.5);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 2 * pad }))) + 2 * pad;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
    }
    const y = doc.y;
    if (header) doc.rect(left, y, total, height).fillColor('#f0f0f0').fill();
    let x = left;
    cells.forEach((c, i) => {
      doc
        .fillColor(header ? '#333' : '#000')
        .text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: header ? 'left' : (spec.columns[i]!.align ?? 'left') });
      x += widths[i]!;
    });
    doc
      .moveTo(left, y + height)
      .lineTo(left + total, y + height)
      .strokeColor('#ccc')
      .lineWidth(0.5)
      .stroke();
    doc.x = left;
    doc.y = y + height;
  };
  drawRow(
    spec.columns.map((c) => c.title),
    true,
  );
  for (const row of spec.rows) drawRow(row, false);
  doc.fillColor('#000');
}
