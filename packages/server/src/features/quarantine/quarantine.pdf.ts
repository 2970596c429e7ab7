/**
 * The quarantine notice (隔离通知书) and the release notice (解除隔离通知书) as PDF (A4, Chinese), printed with the
 * platform's font (src/platform/pdf: Noto Sans SC subset, extractable text; a character without a glyph prints as
 * 〓 and is counted in the log). The wording follows the notices Chinese districts served on close contacts under
 * the Law on the Prevention and Control of Infectious Diseases (articles 39 and 41).
 */
import PDFDocument from 'pdfkit';
import type { Logger } from '../../platform/logger.ts';
import { pdfFontBytes, printableText } from '../../platform/pdf/pdf-font.ts';
import { districtDate, districtDateTime } from '../../platform/time/district-time.ts';
import type { ReleaseReason } from './quarantine.tables.ts';

export const NOTICE_TITLES = { quarantine: '隔离通知书', release: '解除隔离通知书' } as const;

export interface NoticeContent {
  kind: 'quarantine' | 'release';
  code: string;
  personName: string;
  idType: string;
  /** as it may print: the full number, a row of stars, or '' for no document */
  idNumber: string;
  /** why the person is in quarantine: a contact of a case, or (0066) a case person isolated */
  subject:
    | { kind: 'contact'; contactType: string; degree: number; lastExposureAt: Date | string; indexCaseCode: string }
    | { kind: 'case'; caseCode: string; classification: string };
  diseaseName: string;
  districtName: string;
  place: { kind: 'site'; siteName: string; roomNo: string; address: string; phone: string } | { kind: 'home'; address: string };
  startDate: string;
  endDate: string;
  endedOn: string | null;
  releaseReason: ReleaseReason | null;
  issuedOn: string;
}

const ID_TYPE_ZH: Record<string, string> = { resident_id: '居民身份证', passport: '护照', other: '证件', none: '' };
const RELEASE_ZH: Record<ReleaseReason, string> = {
  period_completed: '隔离医学观察期满，经评估无异常',
  converted_to_case: '因转为病例，已转送定点医疗机构',
  not_a_contact: '经核实不属于密切接触者',
  moved_away: '已移交其他地区继续管理',
  admitted_to_hospital: '因病情需要，已转送定点医疗机构治疗',
  recovered: '经检测和评估，已符合解除隔离条件',
  other: '经评估',
};
const CLASSIFICATION_ZH: Record<string, string> = {
  suspected: '疑似病例',
  clinical: '临床诊断病例',
  confirmed: '确诊病例',
  asymptomatic: '无症状感染者',
};

/** '2026年3月9日' */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

const daysInclusive = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** The paragraphs of a notice (also what tests compare with the PDF's text). */
export function noticeParagraphs(n: NoticeContent): { salutation: string; body: string[]; requirements: string[] } {
  const identity = n.idType !== 'none' && n.idNumber ? `（${ID_TYPE_ZH[n.idType] ?? '证件'}号码：${n.idNumber}）` : '';
  const salutation = `${n.personName}${identity}：`;
  const placeText =
    n.place.kind === 'site' ? `${n.place.siteName}${n.place.roomNo}房间` : `居所${n.place.address ? `（${n.place.address}）` : ''}`;
  const measure = n.place.kind === 'site' ? '集中隔离医学观察' : '居家隔离医学观察';
  const s = n.subject;
  const why =
    s.kind === 'case'
      ? `经诊断，你为${n.diseaseName}${CLASSIFICATION_ZH[s.classification] ?? '病例'}（病例编号${s.caseCode}）。`
      : `经流行病学调查，你于${chineseDate(districtDate(typeof s.lastExposureAt === 'string' ? new Date(s.lastExposureAt) : s.lastExposureAt))}与${n.diseaseName}病例（编号${s.indexCaseCode}）有接触，属于${s.degree > 1 ? '密切接触者的密切接触者（次密切接触者）' : s.contactType === 'close' ? '密切接触者' : '一般接触者'}。`;
  if (n.kind === 'quarantine') {
    return {
      salutation,
      body: [
        why,
        `根据《中华人民共和国传染病防治法》第三十九条、第四十一条的规定，为保障你和他人的身体健康，决定自${chineseDate(n.startDate)}起至${chineseDate(n.endDate)}止（共${daysInclusive(n.startDate, n.endDate)}天）对你实施${measure}。`,
        `隔离地点：${placeText}。`,
      ],
      requirements: [
        '一、隔离期间不外出，不接待来访，不与他人近距离接触；',
        '二、每日配合工作人员测量体温，如实报告健康状况；',
        '三、出现发热、干咳、乏力、腹泻等症状时，立即报告工作人员，不自行就医；',
        '四、隔离期满经评估后解除隔离，发给解除隔离通知书。',
        '拒不配合隔离措施的，由公安机关依法协助强制执行。',
      ],
    };
  }
  const ended = n.endedOn ?? n.endDate;
  const reason = n.releaseReason ? RELEASE_ZH[n.releaseReason] : '经评估';
  return {
    salutation,
    body: [
      `你自${chineseDate(n.startDate)}起在${placeText}接受${measure}，至${chineseDate(ended)}，${reason}。`,
      `根据《中华人民共和国传染病防治法》的有关规定，自${chineseDate(ended)}起解除对你的${measure}。`,
    ],
    requirements:
      n.releaseReason === 'period_completed' ? ['解除隔离后请继续做好个人防护，如出现发热等不适症状，请及时就医并主动告知接触史。'] : [],
  };
}

/** Renders a notice; resolves to the PDF bytes. */
export function renderNoticePdf(n: NoticeContent, options: { log?: Logger } = {}): Promise<Buffer> {
  const print = printableText();
  const title = NOTICE_TITLES[n.kind];
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 72, right: 72 },
    info: { Title: `${title} ${n.code}`, Creator: 'Outbreak Command' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => {
      const missing = print.missing();
      if (missing > 0)
        options.log?.warn('quarantine notice PDF: characters missing from the font printed as 〓', { code: n.code, missing });
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  doc.registerFont('cjk', pdfFontBytes());
  doc.font('cjk');
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const p = noticeParagraphs(n);

  doc.fontSize(22).fillColor('#000').text(print(title), { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.3);
  doc
    .fontSize(10)
    .fillColor('#444')
    .text(print(`编号：${n.code}`), { align: 'right' });
  doc.moveDown(1);
  doc.fillColor('#000').fontSize(13).text(print(p.salutation), { width });
  doc.moveDown(0.5);
  for (const para of p.body) {
    doc.text(print(para), { width, indent: 26, lineGap: 6 });
    doc.moveDown(0.4);
  }
  if (p.requirements.length > 0) {
    doc.moveDown(0.2);
    if (n.kind === 'quarantine') {
      doc.text(print('隔离期间请你遵守以下要求：'), { width, indent: 26, lineGap: 6 });
      doc.moveDown(0.2);
    }
    for (const r of p.requirements) doc.text(print(r), { width, indent: 26, lineGap: 6 });
  }
  if (n.place.kind === 'site' && n.place.phone) {
    doc.moveDown(0.6);
    doc.text(print(`隔离点联系电话：${n.place.phone}`), { width, indent: 26 });
  }
  doc.moveDown(3);
  doc.text(print(`${n.districtName}疫情防控指挥部`), { width, align: 'right' });
  doc.text(print('（盖章）'), { width, align: 'right' });
  doc.moveDown(0.3);
  doc.text(print(chineseDate(n.issuedOn)), { width, align: 'right' });
  doc.moveDown(3);
  doc
    .fontSize(8)
    .fillColor('#666')
    .text(print(`本通知书一式两份，被隔离人与实施单位各执一份。打印时间：${districtDateTime(new Date())}`), { width, align: 'center' });
  doc.end();
  return done;
}
