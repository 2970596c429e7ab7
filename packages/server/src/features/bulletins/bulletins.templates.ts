/**
 * Bulletin templates (docs/disclosure.md, "Templates"): the title and body a new bulletin starts from, in Chinese
 * and English. The daily figures template writes the district-level figures of the snapshot into the text (the
 * headline figures are published as they are); breakdowns below the district are never written into the text —
 * they go in the figures table, suppressed at publication.
 */
import type { AreaCaseFigures } from '../reports/index.ts';
import type { BulletinKind } from './bulletins.tables.ts';

export interface TemplateText {
  title: string;
  titleEn: string;
  body: string;
  bodyEn: string;
}

const zhDay = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const enDay = (d: string) =>
  new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The daily figures text from a snapshot. */
export function dailyText(f: AreaCaseFigures, k: number): TemplateText {
  const diseaseZh = f.disease ? f.disease.name : '法定传染病';
  const diseaseEn = f.disease ? f.disease.nameEn : 'notifiable disease';
  const trendZh = f.trend.direction === 'up' ? '呈上升趋势' : f.trend.direction === 'down' ? '呈下降趋势' : '与前一周持平';
  const trendEn = f.trend.direction === 'up' ? 'rising' : f.trend.direction === 'down' ? 'falling' : 'level with the week before';
  const t = f.totals;
  return {
    title: `${f.area.name}${zhDay(f.reportDate)}${diseaseZh}疫情通报`,
    titleEn: `${f.area.nameEn}: ${diseaseEn} situation on ${enDay(f.reportDate)}`,
    body: [
      `${zhDay(f.reportDate)}0—24时，${f.area.name}新增报告${diseaseZh}病例${t.newReported}例（按报告日期统计），按发病日期统计新增${t.newOnset}例；自${zhDay(f.cumulativeFrom)}以来累计报告${t.cumulative}例。`,
      '',
      `近7天共报告${f.trend.last7}例，前7天${f.trend.previous7}例，${trendZh}。`,
      '',
      `各镇街病例分布见附表（为保护个人隐私，少于${k}例的数字不单独公布）。`,
      '',
      '请广大市民继续做好个人防护，出现发热、咳嗽等症状时及时到就近发热门诊就诊，就诊途中全程佩戴口罩。',
    ].join('\n'),
    bodyEn: [
      `On ${enDay(f.reportDate)} (0–24h), ${f.area.nameEn} reported ${t.newReported} new ${diseaseEn} case(s) by date of report, ${t.newOnset} by date of onset; ${t.cumulative} case(s) reported since ${enDay(f.cumulativeFrom)}.`,
      '',
      `${f.trend.last7} case(s) were reported in the last 7 days against ${f.trend.previous7} in the 7 days before: ${trendEn}.`,
      '',
      `The table shows cases by township (to protect privacy, counts below ${k} are not shown).`,
      '',
      'Please keep protecting yourself; with fever or a cough, see the nearest fever clinic and wear a mask on the way.',
    ].join('\n'),
  };
}

/** The starting text of the other kinds: the structure the press office fills in. */
export function templateText(kind: Exclude<BulletinKind, 'daily'>, area: { name: string; nameEn: string }, date: string): TemplateText {
  switch (kind) {
    case 'trajectory':
      return {
        title: `${area.name}关于病例活动轨迹的通告（${zhDay(date)}）`,
        titleEn: `${area.nameEn}: places and times visited by cases (${enDay(date)})`,
        body: [
          '经流行病学调查，近期病例曾到访以下场所（仅列场所和时间，不公布个人信息）：',
          '',
          '| 时间 | 场所 |',
          '| --- | --- |',
          `| ${zhDay(date)} 10:00—11:00 | （场所名称） |`,
          '',
          '在上述时间到访上述场所的市民，请主动向所在社区报备，并拨打公布的热线电话咨询。',
        ].join('\n'),
        bodyEn: [
          'Epidemiological investigation found that cases visited the places below (places and times only, no personal data):',
          '',
          '| Time | Place |',
          '| --- | --- |',
          `| ${enDay(date)} 10:00–11:00 | (place) |`,
          '',
          'If you were at one of these places at that time, tell your community office and call the published hotline.',
        ].join('\n'),
      };
    case 'risk_areas':
      return {
        title: `${area.name}关于调整风险区域的通告（${zhDay(date)}）`,
        titleEn: `${area.nameEn}: risk areas from ${enDay(date)}`,
        body: '根据疫情防控需要，经研究决定，自即日起调整以下区域的风险等级（见附表）。高风险区域实行“足不出户”，中风险区域实行“人不出区”，低风险区域实行“个人防护、避免聚集”。',
        bodyEn:
          'To control the epidemic, the risk levels of the areas in the table change from today. High-risk areas: stay at home. Medium-risk areas: stay within the area. Low-risk areas: protect yourself and avoid gatherings.',
      };
    case 'guidance':
      return {
        title: `${area.name}疫情防控指引`,
        titleEn: `${area.nameEn}: prevention guidance`,
        body: [
          '## 个人防护',
          '',
          '- 科学佩戴口罩，勤洗手，保持社交距离。',
          '',
          '## 就医提示',
          '',
          '- 出现发热等症状，请到发热门诊就诊。',
        ].join('\n'),
        bodyEn: [
          '## Protect yourself',
          '',
          '- Wear a mask, wash your hands, keep your distance.',
          '',
          '## When you are ill',
          '',
          '- With a fever, see a fever clinic.',
        ].join('\n'),
      };
    case 'rebuttal':
      return {
        title: `关于网传“（谣言内容）”的辟谣说明`,
        titleEn: 'Fact check: “(the rumour)”',
        body: [
          '近日，网传“（谣言内容）”。经核实，该信息不实。',
          '',
          '事实是：（核实结果）。',
          '',
          '请广大市民以官方发布的信息为准，不信谣、不传谣。',
        ].join('\n'),
        bodyEn: [
          'A message circulating online claims “(the rumour)”. This is not true.',
          '',
          'The facts: (what was found).',
          '',
          'Please rely on official information and do not pass rumours on.',
        ].join('\n'),
      };
    case 'press_release':
      return {
        title: `${area.name}疫情防控新闻发布会（${zhDay(date)}）`,
        titleEn: `${area.nameEn}: press conference (${enDay(date)})`,
        body: ['（发布会要点）', '', '## 疫情概况', '', '## 防控措施', '', '## 答记者问'].join('\n'),
        bodyEn: ['(Key points)', '', '## The situation', '', '## Measures', '', '## Questions and answers'].join('\n'),
      };
  }
}
