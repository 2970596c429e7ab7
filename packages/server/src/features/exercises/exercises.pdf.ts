/**
 * The after-action report of an exercise as a PDF (A4, Chinese, the platform's font: platform/pdf): the plan, the
 * MSEL as it ran, the scorecard (times of the expected actions against their targets) and the evaluators'
 * ratings with their notes. Every page says 演练 EXERCISE: it is never mistaken for a report of a real event.
 */
import PDFDocument from 'pdfkit';
import { pdfFontBytes, printableText } from '../../platform/pdf/pdf-font.ts';
import { districtDateTime } from '../../platform/time/district-time.ts';
import { pdfTable } from '../reports/index.ts';
import type { ExerciseView, Scorecard } from './exercises.schema.ts';

export const EXERCISE_PDF_HEADINGS = {
  title: '应急演练总结评估报告',
  basics: '一、演练概况',
  msel: '二、演练脚本（MSEL）执行情况',
  scorecard: '三、关键行动用时评分',
  ratings: '四、评估员评分（P/S/M/U）',
} as const;

const TYPE_ZH = { tabletop: '桌面推演', drill: '单项演练', functional: '功能演练', full_scale: '全面演练' } as const;
const STATUS_ZH = { planned: '计划中', running: '进行中', paused: '已暂停', stopped: '已结束', closed: '已归档' } as const;
const KIND_ZH = { cases: '模拟病例报告', feed: '症状监测数据', message: '信息/谣言', stock: '物资冲击' } as const;
export const ACTION_ZH: Record<string, string> = {
  none: '—',
  alert_verified: '预警核实',
  incident_opened: '事件立项',
  level_activated: '启动响应级别',
  tasks_accepted: '任务全部接收',
  tasks_done: '任务全部完成',
  report_approved: '报告审批',
};
const SCORE_ZH: Record<string, string> = {
  met: '达标',
  late: '超时',
  pending: '进行中',
  missed: '未完成',
  not_fired: '未触发',
  not_timed: '不计时',
};
const RATING_ZH = { P: 'P 顺利完成', S: 'S 有一些困难', M: 'M 有重大困难', U: 'U 未能完成' } as const;

const minutes = (ms: number) => `${Math.floor(ms / 60000)} 分 ${Math.floor((ms % 60000) / 1000)} 秒`;

export function renderExercisePdf(view: ExerciseView, card: Scorecard): Promise<Buffer> {
  const print = printableText();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: { Title: `演练 EXERCISE ${view.title}`, Subject: EXERCISE_PDF_HEADINGS.title, Creator: 'Outbreak Command' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', pdfFontBytes());
  doc.font('cjk');
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const banner = () => {
    const y = doc.y;
    doc.save();
    doc.rect(left, 24, width, 18).fill('#fff1b8');
    doc
      .fillColor('#ad4e00')
      .fontSize(10)
      .text(print('演练 EXERCISE — 本报告所述均为演练数据，不是真实疫情'), left, 28, { width, align: 'center' });
    doc.restore();
    doc.y = y;
    doc.x = left;
  };
  banner();
  doc.on('pageAdded', banner);
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

  doc.fontSize(20).fillColor('#b00000').text(print(EXERCISE_PDF_HEADINGS.title), { align: 'center' });
  doc.moveDown(0.3);
  doc.fontSize(14).fillColor('#000').text(print(view.title), { align: 'center' });
  doc.moveDown(0.3);
  doc
    .fontSize(9)
    .fillColor('#444')
    .text(print(`${TYPE_ZH[view.type]}　状态：${STATUS_ZH[view.status]}　演练时长：${minutes(card.clockMs)}`), { align: 'center' });

  heading(EXERCISE_PDF_HEADINGS.basics);
  para(
    [
      `演练日期：${view.scheduledDate}`,
      `演练区域：${view.jurisdiction.name}`,
      `开始：${view.startedAt ? districtDateTime(new Date(view.startedAt)) : '—'}　结束：${view.stoppedAt ? districtDateTime(new Date(view.stoppedAt)) : '—'}`,
      `参演单位：${view.participantAgencies.map((a) => a.name).join('、') || '（未填写）'}`,
      `参演乡镇/街道：${view.participantTownships.map((t) => t.name).join('、') || '（未填写）'}`,
      `评估员：${view.evaluators.map((e) => e.displayName).join('、') || '（未指定）'}`,
      `演练目标：${view.objectives.map((o, i) => `\n  ${i + 1}. ${o}`).join('') || '（未填写）'}`,
      `情景：${view.scenario || '（未填写）'}`,
      `演练产生的记录：模拟病例 ${view.records.cases} 例，监测数据 ${view.records.feedCounts} 条，预警 ${view.records.alerts.length} 条，事件 ${view.records.incidents.length} 起（均带演练标记，不计入真实统计）`,
    ].join('\n'),
  );

  heading(EXERCISE_PDF_HEADINGS.msel);
  if (view.injects.length === 0) para('（无）');
  else
    pdfTable(doc, print, {
      columns: [
        { title: '时间点', width: 0.12, align: 'right' },
        { title: '注入', width: 0.36 },
        { title: '类型', width: 0.18 },
        { title: '触发时间', width: 0.34 },
      ],
      rows: view.injects.map((i) => [
        `T+${i.offsetMinutes} 分`,
        i.title,
        KIND_ZH[i.kind],
        i.firedAt ? districtDateTime(new Date(i.firedAt)) : '未触发',
      ]),
    });

  heading(EXERCISE_PDF_HEADINGS.scorecard);
  const timed = card.actions.filter((a) => a.status !== 'not_timed');
  if (timed.length === 0) para('（本次演练未设计时行动）');
  else {
    pdfTable(doc, print, {
      columns: [
        { title: '注入', width: 0.3 },
        { title: '期望行动', width: 0.2 },
        { title: '用时（分）', width: 0.15, align: 'right' },
        { title: '目标（分）', width: 0.15, align: 'right' },
        { title: '结果', width: 0.2 },
      ],
      rows: timed.map((a) => [
        a.injectTitle,
        ACTION_ZH[a.expectedAction] ?? a.expectedAction,
        a.minutes === null ? '—' : String(a.minutes),
        a.targetMinutes === null ? '—' : String(a.targetMinutes),
        SCORE_ZH[a.status] ?? a.status,
      ]),
    });
    doc.moveDown(0.3);
    para(
      `计时行动 ${card.summary.timed} 项：达标 ${card.summary.met}，超时 ${card.summary.late}，未完成 ${card.summary.missed}，进行中 ${card.summary.pending}。用时按演练时钟计算（暂停时间不计），起点为注入触发时刻，终点为平台记录的行动时刻。`,
    );
  }

  heading(EXERCISE_PDF_HEADINGS.ratings);
  if (card.criticalTasks.length === 0) para('（未设关键任务）');
  else
    pdfTable(doc, print, {
      columns: [
        { title: '关键任务', width: 0.3 },
        { title: '综合评定', width: 0.18 },
        { title: '评估员评分与意见', width: 0.52 },
      ],
      rows: card.criticalTasks.map((t) => [
        t.title,
        t.consensus ? RATING_ZH[t.consensus] : '未评',
        t.ratings.map((r) => `${r.evaluator.displayName}：${r.rating}${r.notes ? `，${r.notes}` : ''}`).join('\n') || '—',
      ]),
    });
  doc.end();
  return done;
}
