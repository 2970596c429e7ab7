/**
 * The preparedness self-assessment's framework and scoring, shaped after WHO's State Party Self-Assessment Annual
 * Reporting tool (SPAR, 2nd edition, 2021): 15 capacities, each with its indicators scored at a level from 1 to 5.
 * The indicator names are this district's short renderings, not WHO's text; the level descriptions are the generic
 * ladder SPAR's levels climb (not in place → sustainable), so that a district can score without the WHO form.
 *
 * Scoring as SPAR computes it: an indicator at level L counts L × 20 %; a capacity's score is the mean of its
 * indicators' percentages (rounded to a whole percent), given only when every one of them is scored; the overall
 * score is the mean of the 15 capacity scores, given only when all are known. An indicator at level 1 or 2 is a
 * **gap**: the page proposes to turn it into an action (docs/assessment.md).
 */

export interface SparIndicator {
  code: string;
  name: string;
  nameEn: string;
}
export interface SparCapacity {
  code: string;
  name: string;
  nameEn: string;
  indicators: SparIndicator[];
}

const c = (code: string, name: string, nameEn: string, indicators: [string, string][]): SparCapacity => ({
  code,
  name,
  nameEn,
  indicators: indicators.map(([n, e], i) => ({ code: `${code}.${i + 1}`, name: n, nameEn: e })),
});

export const SPAR_CAPACITIES: readonly SparCapacity[] = [
  c('C1', '政策、法律和规范文书', 'Policy, legal and normative instruments', [
    ['实施《国际卫生条例》的政策、法律和规范文书', 'Policy, legal and normative instruments to implement the IHR'],
    ['卫生应急中的性别平等', 'Gender equality in health emergencies'],
  ]),
  c('C2', '协调、联络点职能与倡导', 'IHR coordination, focal point functions and advocacy', [
    ['联络点职能', 'Focal point functions'],
    ['多部门协调机制', 'Multisectoral coordination mechanisms'],
    ['宣传倡导', 'Advocacy for IHR implementation'],
  ]),
  c('C3', '经费保障', 'Financing', [
    ['能力建设经费', 'Financing for the implementation of IHR capacities'],
    ['突发事件应对经费', 'Financing for public health emergency response'],
  ]),
  c('C4', '实验室', 'Laboratory', [
    ['标本采集转运体系', 'Specimen referral and transport system'],
    ['实验室生物安全管理', 'Laboratory biosafety and biosecurity regime'],
    ['重点疾病检测能力', 'Access to laboratory testing capacity for priority diseases'],
    ['实验室质量体系', 'Laboratory quality system'],
  ]),
  c('C5', '监测', 'Surveillance', [
    ['早期预警监测', 'Early warning surveillance function'],
    ['事件管理（核实、调查、分析与通报）', 'Event management (verification, investigation, analysis and dissemination)'],
  ]),
  c('C6', '人力资源', 'Human resources', [
    ['履职人力资源', 'Human resources for the implementation of the IHR'],
    ['突发事件人员扩充', 'Workforce surge during a public health event'],
  ]),
  c('C7', '卫生应急管理', 'Health emergency management', [
    ['应急预案', 'Planning for health emergencies'],
    ['应急响应管理', 'Management of health emergency response'],
    ['应急物资与供应链管理', 'Emergency logistics and supply chain management'],
  ]),
  c('C8', '卫生服务提供', 'Health services provision', [
    ['病例救治', 'Case management'],
    ['卫生服务利用', 'Utilisation of health services'],
    ['基本卫生服务连续性', 'Continuity of essential health services'],
  ]),
  c('C9', '感染预防与控制', 'Infection prevention and control', [
    ['感染防控规划', 'IPC programmes'],
    ['医院感染监测', 'Health care-associated infection surveillance'],
    ['医疗机构安全环境', 'Safe environment in health facilities'],
  ]),
  c('C10', '风险沟通与社区动员', 'Risk communication and community engagement', [
    ['风险沟通与社区动员体系', 'Risk communication and community engagement system'],
    ['风险沟通', 'Risk communication'],
    ['社区动员', 'Community engagement'],
  ]),
  c('C11', '口岸卫生', 'Points of entry and border health', [
    ['口岸常态核心能力', 'Core capacities at points of entry at all times'],
    ['口岸突发公共卫生事件应对', 'Public health response at points of entry'],
    ['基于风险的国际旅行相关措施', 'Risk-based approach to international travel-related measures'],
  ]),
  c('C12', '人畜共患病', 'Zoonotic diseases', [['人畜共患病多部门协作', 'Collaborative effort on activities to address zoonoses']]),
  c('C13', '食品安全', 'Food safety', [['食品安全事件多部门协作机制', 'Multisectoral collaboration mechanism for food safety events']]),
  c('C14', '化学事件', 'Chemical events', [['化学事件发现与预警资源', 'Resources for detection and alert']]),
  c('C15', '核与辐射突发事件', 'Radiation emergencies', [['核与辐射应急能力与资源', 'Capacity and resources']]),
];

export const SPAR_INDICATORS: readonly SparIndicator[] = SPAR_CAPACITIES.flatMap((x) => x.indicators);
export const sparIndicatorCodes = new Set(SPAR_INDICATORS.map((i) => i.code));

/** The generic ladder of levels (SPAR's 1–5). */
export const SPAR_LEVELS = [
  {
    level: 1,
    name: '未具备',
    nameEn: 'Not in place',
    description: '没有相应的制度、能力或资源',
    descriptionEn: 'No policy, capacity or resources',
  },
  { level: 2, name: '起步', nameEn: 'Developing', description: '正在建立，部分到位', descriptionEn: 'Being built; partly in place' },
  {
    level: 3,
    name: '具备',
    nameEn: 'Demonstrated',
    description: '已在本区建立并可运作',
    descriptionEn: 'In place and working in the district',
  },
  {
    level: 4,
    name: '成熟',
    nameEn: 'Performing',
    description: '经演练或真实事件检验，多部门协同',
    descriptionEn: 'Tested by exercises or events, across sectors',
  },
  {
    level: 5,
    name: '可持续',
    nameEn: 'Sustainable',
    description: '定期复核、持续投入并不断改进',
    descriptionEn: 'Reviewed regularly, funded and improved',
  },
] as const;

/** Level 1 or 2: a gap. */
export const SPAR_GAP_MAX_LEVEL = 2;

/** The platform's own figures a score may cite as evidence (an indicator link's `ref`). */
export const SPAR_EVIDENCE_INDICATORS = [
  'seven_one_seven',
  'reporting_timeliness',
  'alert_verification',
  'confirmation_to_activation',
  'task_on_time',
  'detection_performance',
  // the indicators of the stock and contacts modules (indicators.stock-tracing.ts)
  'stock_out_days',
  'contact_tracing',
] as const;

export interface SparCapacityScore {
  code: string;
  /** 0–100, or null while an indicator of it is unscored */
  score: number | null;
  scored: number;
  indicators: number;
}

/** SPAR's scoring (see the file's comment): capacity and overall percentages from the indicators' levels. */
export function sparScores(levels: ReadonlyMap<string, number>): { capacities: SparCapacityScore[]; overall: number | null } {
  const capacities = SPAR_CAPACITIES.map((cap) => {
    const known = cap.indicators.map((i) => levels.get(i.code)).filter((l): l is number => typeof l === 'number');
    const complete = known.length === cap.indicators.length;
    return {
      code: cap.code,
      score: complete ? Math.round(known.reduce((a, l) => a + l * 20, 0) / known.length) : null,
      scored: known.length,
      indicators: cap.indicators.length,
    };
  });
  const all = capacities.every((x) => x.score !== null);
  return {
    capacities,
    overall: all ? Math.round(capacities.reduce((a, x) => a + x.score!, 0) / capacities.length) : null,
  };
}
