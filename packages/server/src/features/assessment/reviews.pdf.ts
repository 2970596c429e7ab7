/**
 * A review as a PDF (A4, Chinese), with the situation reports' font and table (features/reports): Chinese text is
 * embedded and extractable (`pdftotext` gives it back); a character the font lacks prints as 〓.
 */
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { districtDateTime } from '../../platform/time/district-time.ts';
import { pdfTable, printableText, REPORT_FONT_PATH } from '../reports/index.ts';
import type { ReviewKeyFigure } from './reviews.key-figures.ts';
import type { ReviewView } from './reviews.schema.ts';

export const REVIEW_PDF_HEADINGS = {
  after_action: '事后评估（复盘）报告',
  intra_action: '事中评估报告',
  basics: '一、基本情况',
  indicators: '二、时效指标（7-1-7）',
  wentWell: '三、做得好的方面',
  challenges: '四、存在的问题与根本原因',
  actions: '五、改进措施',
} as const;

const FORMAT_ZH = { debrief: '简要复盘会', working_group: '工作组研讨', key_informant: '关键知情人访谈', mixed: '混合方式' } as const;
const PILLAR_ZH: Record<string, string> = {
  coordination: '指挥协调',
  surveillance: '监测预警',
  laboratory: '实验室检测',
  case_management: '病例救治',
  infection_prevention: '感染防控',
  risk_communication: '风险沟通',
  logistics: '物资保障',
  points_of_entry: '口岸与交通',
};
const STATUS_ZH = { draft: '草稿', submitted: '已提交待审批', approved: '已审批' } as const;
const TASK_ZH: Record<string, string> = {
  assigned: '已分派',
  accepted: '已接收',
  in_progress: '进行中',
  blocked: '受阻',
  done: '已完成',
  rejected: '已退回',
  cancelled: '已取消',
};
const PRIORITY_ZH: Record<string, string> = { low: '低', normal: '一般', high: '高', urgent: '紧急' };
const INTERVAL_ZH = {
  detection: '发现（出现→发现，目标7天）',
  notification: '报告（发现→报告，目标1天）',
  response: '早期处置（报告→完成，目标7天）',
};
const INTERVAL_STATUS_ZH: Record<string, string> = { within_target: '达标', over_target: '超时', incomplete: '数据不全' };

let fontBytes: Buffer | undefined;

const KEY_FIGURE_ZH: Record<ReviewKeyFigure['key'], string> = {
  reportsOnTime: '病例按时报告',
  alertsVerifiedInTime: '预警按时核实',
  alertVerificationMedianHours: '预警核实时间（中位数）',
  confirmationToActivationMedianHours: '确认至启动响应（中位数）',
  tasksOnTime: '任务按时完成',
  stockOutDays: '物资断货（点位·品种·日）',
  contactsTracedWithin24h: '密接 24 小时内追踪到',
  contactDaysFollowedUp: '密接随访完成（人·日）',
};

/** "12 / 15（80%）", or a median "6.5 小时" ("—" when nothing was complete). */
function keyFigureText(f: ReviewKeyFigure): string {
  if (f.count === null || f.of === null) return f.hours === null ? '—' : `${Math.round(f.hours * 10) / 10} 小时`;
  return f.of === 0 ? `${f.count} / 0` : `${f.count} / ${f.of}（${Math.round((100 * f.count) / f.of)}%）`;
}

export function renderReviewPdf(review: ReviewView): Promise<Buffer> {
  fontBytes ??= readFileSync(REPORT_FONT_PATH);
  const print = printableText();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: { Title: review.title, Subject: REVIEW_PDF_HEADINGS[review.kind], Creator: 'Outbreak Command' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', fontBytes);
  doc.font('cjk');
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const heading = (text: string) => {
    if (doc.y + 60 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.moveDown(0.5);
    doc.x = left;
    doc.fontSize(13).fillColor('#000').text(print(text));
    doc.moveDown(0.3);
  };
  const para = (text: string) => {
    doc.x = left;
    doc
      .fontSize(10.5)
      .fillColor('#000')
      .text(print(text.trim() || '（无）'), { width, lineGap: 3 });
  };

  doc.fontSize(20).fillColor('#b00000').text(print(REVIEW_PDF_HEADINGS[review.kind]), { align: 'center' });
  doc.moveDown(0.3);
  doc.fontSize(14).fillColor('#000').text(print(review.title), { align: 'center' });
  doc.moveDown(0.3);
  doc
    .fontSize(9)
    .fillColor('#444')
    .text(
      print(
        `编号：${review.code}　状态：${STATUS_ZH[review.status]}` +
          (review.approvedAt ? `　审批：${review.approvedByName ?? ''} ${districtDateTime(new Date(review.approvedAt))}` : ''),
      ),
      { align: 'center' },
    );

  heading(REVIEW_PDF_HEADINGS.basics);
  para(
    [
      review.incident ? `评估对象：事件 ${review.incident.code} ${review.incident.title}` : `评估对象：演练 ${review.exerciseName}`,
      `评估日期：${review.reviewDate}`,
      `评估方式：${FORMAT_ZH[review.format]}`,
      `参与单位：${review.participants.map((p) => p.name).join('、') || '（未填写）'}`,
      `评估领域：${review.pillars.map((p) => PILLAR_ZH[p] ?? p).join('、') || '（未填写）'}`,
    ].join('\n'),
  );

  heading(REVIEW_PDF_HEADINGS.indicators);
  const snap = review.indicators as { sevenOneSeven?: Record<string, { days: number | null; status: string }> } | null;
  const s = snap?.sevenOneSeven;
  if (!s) para('本次评估未附时效指标（演练，或提交前）。');
  else
    pdfTable(doc, print, {
      columns: [
        { title: '环节', width: 0.5 },
        { title: '天数', width: 0.2, align: 'right' },
        { title: '结果', width: 0.3 },
      ],
      rows: (['detection', 'notification', 'response'] as const).map((k) => [
        INTERVAL_ZH[k],
        s[k]?.days === null || s[k]?.days === undefined ? '—' : String(s[k]!.days),
        INTERVAL_STATUS_ZH[s[k]?.status ?? 'incomplete'] ?? '',
      ]),
    });

  if (review.keyFigures.length > 0) {
    doc.moveDown(0.3);
    para('提交时的主要指标：');
    pdfTable(doc, print, {
      columns: [
        { title: '指标', width: 0.6 },
        { title: '结果', width: 0.4, align: 'right' },
      ],
      rows: review.keyFigures.map((f) => [KEY_FIGURE_ZH[f.key], keyFigureText(f)]),
    });
  }

  heading(REVIEW_PDF_HEADINGS.wentWell);
  para(review.wentWell);
  heading(REVIEW_PDF_HEADINGS.challenges);
  para(review.challenges);
  if (review.rootCauses.trim()) {
    doc.moveDown(0.3);
    para(`根本原因：${review.rootCauses}`);
  }

  heading(REVIEW_PDF_HEADINGS.actions);
  if (review.actions.length === 0) para('（无）');
  else
    pdfTable(doc, print, {
      columns: [
        { title: '措施', width: 0.36 },
        { title: '责任单位', width: 0.2 },
        { title: '完成时限', width: 0.14 },
        { title: '优先级', width: 0.1 },
        { title: '任务进展', width: 0.2 },
      ],
      rows: review.actions.map((a) => [
        a.title,
        a.ownerAgency.name,
        a.dueDate,
        PRIORITY_ZH[a.priority] ?? a.priority,
        a.task ? `${a.task.code} ${TASK_ZH[a.task.status] ?? a.task.status}${a.task.overdue ? '（逾期）' : ''}` : '审批后生成任务',
      ]),
    });
  doc.end();
  return done;
}
