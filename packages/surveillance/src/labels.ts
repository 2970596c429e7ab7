/**
 * The one catalogue of names people read for the detection methods and their parameters: a Chinese and an
 * English label and a one-line explanation for each code ('mpm', 'earsC_C3', 'halfWindow' …), so that no code
 * reaches a user (issue 12, item 6). The server writes alert summaries and notifications with it, the web app
 * shows settings, signals, alerts and back-tests with it. Also the one format of p-values ("P < 0.001").
 *
 * Pure data, no imports: the web app imports this file alone (`@outbreak/surveillance/labels`).
 *
 * @example
 * methodLabel('mpm', 'zh-CN'); // '移动百分位数法'
 * parameterSummary({ p: 0.8, years: 3 }, 'en'); // 'percentile P80 · previous years 3'
 * formatPValue(0.0004); // 'P < 0.001'
 */

export interface CodeLabel {
  zh: string;
  en: string;
  /** one line: what it is / when to use it */
  explainZh: string;
  explainEn: string;
}

export type LabelLanguage = 'zh' | 'en';

/** Detection methods (registry names of @outbreak/surveillance, plus the server's 'scan'). */
export const METHOD_LABELS: Readonly<Record<string, CodeLabel>> = {
  mpm: {
    zh: '移动百分位数法',
    en: 'Moving percentile',
    explainZh: '近 7 天病例数与往年同期及前后各若干周期比较，超过所选百分位数（如 P80）即预警（CIDARS，常见传染病）',
    explainEn: "the last 7 days' count against a percentile (e.g. P80) of the same weeks in previous years (CIDARS, common diseases)",
  },
  fixedThreshold: {
    zh: '固定阈值法',
    en: 'Fixed threshold',
    explainZh: '周期内病例数达到设定值即预警，通常一例即预警（CIDARS，鼠疫、霍乱等少见严重疾病）',
    explainEn: 'a signal as soon as the count reaches a set number, usually one case (CIDARS, rare severe diseases)',
  },
  earsC_C1: {
    zh: 'EARS C1 法',
    en: 'EARS C1',
    explainZh: '与最近 7 天的平均水平比较，适用于历史短、无季节性的症状监测数据',
    explainEn: 'compares with the mean of the last 7 days; for syndromic data with short history and no season',
  },
  earsC_C2: {
    zh: 'EARS C2 法',
    en: 'EARS C2',
    explainZh: '同 C1，但基线与当天间隔 2 天，不易被刚开始的升高拉高',
    explainEn: 'as C1, with a 2-day gap before the day so that a starting rise does not lift the baseline',
  },
  earsC_C3: {
    zh: 'EARS C3 法',
    en: 'EARS C3',
    explainZh: '在 C2 基础上累计前两天的超额，对持续数天的升高更敏感',
    explainEn: 'C2 plus the excess of the two previous days: more sensitive to a rise lasting several days',
  },
  cusum: {
    zh: '累积和法（CUSUM）',
    en: 'Cumulative sum (CUSUM)',
    explainZh: '累计超出参考值的部分，适合发现缓慢而持续的升高',
    explainEn: 'accumulates the excess over a reference value; finds slow, sustained rises',
  },
  glrnb: {
    zh: '负二项广义似然比法',
    en: 'Negative binomial likelihood ratio (GLR)',
    explainZh: '检验均值是否已升高的统计量达到界值即预警，适合持续升高',
    explainEn: 'a likelihood-ratio statistic for a raised mean; signals when it reaches its limit',
  },
  bayes: {
    zh: '贝叶斯法',
    en: 'Bayes',
    explainZh: '以参考期病例数的预测分布为界，超过所选分位数即预警',
    explainEn: "signals when the count exceeds a quantile of the reference period's predictive distribution",
  },
  rki1: {
    zh: 'RKI 1 法',
    en: 'RKI 1',
    explainZh: '罗伯特·科赫研究所的简单阈值法（短参考期）',
    explainEn: "Robert Koch Institute's simple threshold (short reference period)",
  },
  rki2: {
    zh: 'RKI 2 法',
    en: 'RKI 2',
    explainZh: '罗伯特·科赫研究所的简单阈值法（中等参考期）',
    explainEn: "Robert Koch Institute's simple threshold (medium reference period)",
  },
  rki3: {
    zh: 'RKI 3 法',
    en: 'RKI 3',
    explainZh: '罗伯特·科赫研究所的简单阈值法（往年同期）',
    explainEn: "Robert Koch Institute's simple threshold (same weeks of previous years)",
  },
  farrington: {
    zh: 'Farrington 法',
    en: 'Farrington',
    explainZh: '以往年同期拟合回归模型得出阈值，适合有数年稳定历史的疾病',
    explainEn: 'a regression on the same weeks of previous years gives the threshold; for diseases with years of stable history',
  },
  farringtonFlexible: {
    zh: '改进 Farrington 法',
    en: 'Improved Farrington (Noufaily)',
    explainZh: 'Farrington 的改进版（Noufaily 2013），误报更少',
    explainEn: 'the improved Farrington method (Noufaily 2013), with fewer false alarms',
  },
  scan: {
    zh: '时空扫描统计量',
    en: 'Space-time scan',
    explainZh: '在各乡镇间寻找病例在时间和空间上的异常聚集（Kulldorff 重排扫描）',
    explainEn: 'looks for clusters of cases in time and space across townships (Kulldorff permutation scan)',
  },
  auto: {
    zh: '稳健季节基线累积和法（本平台）',
    en: 'Robust seasonal baseline + CUSUM (ours)',
    explainZh: '用近 5 年数据拟合含趋势和季节的稳健模型，累计近 3 个时间点的标准化超额；同等误报率下比 R 各方法发现更多暴发',
    explainEn:
      "a robust trend-and-season model of the last 5 years, accumulating the last 3 points' standardised excess; finds more outbreaks than the R methods at the same false-alarm rate",
  },
};

/** Catalogue shorthands ('cidars_mpm') and CLI names ('ears-c3') that stored rows may still carry. */
const METHOD_ALIASES: Readonly<Record<string, string>> = {
  cidars_mpm: 'mpm',
  cidars_fixed: 'fixedThreshold',
  cidars_fixed_threshold: 'fixedThreshold',
  fixed_threshold: 'fixedThreshold',
  'fixed-threshold': 'fixedThreshold',
  'ears-c1': 'earsC_C1',
  'ears-c2': 'earsC_C2',
  'ears-c3': 'earsC_C3',
};

/** Parameters of the methods (R's control names and the scan's own). */
export const PARAMETER_LABELS: Readonly<Record<string, CodeLabel>> = {
  p: {
    zh: '百分位数',
    en: 'Percentile',
    explainZh: '阈值所用的百分位数（0–1），0.8 即 P80',
    explainEn: 'the percentile of the baseline used as threshold (0–1): 0.8 = P80',
  },
  years: { zh: '往年数', en: 'Previous years', explainZh: '基线所用的往年数', explainEn: 'years of history in the baseline' },
  halfWindow: {
    zh: '前后周期数',
    en: 'Neighbouring periods',
    explainZh: '往年同期前后各取的周期数',
    explainEn: 'periods taken on each side of the same period in previous years',
  },
  periodLength: {
    zh: '观察期天数',
    en: 'Period (days)',
    explainZh: '每个观察期累计的天数（按日移动）',
    explainEn: 'days summed into one period (moved daily)',
  },
  minCount: {
    zh: '最少病例数',
    en: 'Minimum count',
    explainZh: '观察值至少达到此数才预警',
    explainEn: 'the fewest cases in the period that may signal',
  },
  k: {
    zh: '阈值 k',
    en: 'Threshold k',
    explainZh: '固定阈值：周期内病例数达到即预警；CUSUM：参考值',
    explainEn: 'fixed threshold: the count that signals; CUSUM: the reference value',
  },
  period: { zh: '累计天数', en: 'Days summed', explainZh: '累计计数的时间点数', explainEn: 'time points summed' },
  h: {
    zh: '决策界值 h',
    en: 'Decision limit h',
    explainZh: 'CUSUM 统计量达到此值即预警',
    explainEn: 'CUSUM signals when its statistic reaches it',
  },
  m: {
    zh: '参考均值',
    en: 'Reference mean',
    explainZh: 'CUSUM 的参考均值（不设则按基线估计）',
    explainEn: 'CUSUM reference mean (estimated from the baseline when empty)',
  },
  trans: {
    zh: '变换',
    en: 'Transformation',
    explainZh: 'CUSUM 前对计数所作的变换',
    explainEn: 'transformation of the counts before CUSUM',
  },
  baseline: { zh: '基线天数', en: 'Baseline (days)', explainZh: '计算基线所用的时间点数', explainEn: 'time points in the baseline' },
  alpha: {
    zh: '检验水准',
    en: 'Significance level',
    explainZh: '显著性水平，越小预警越少',
    explainEn: 'significance level: smaller means fewer signals',
  },
  minSigma: {
    zh: '标准差下限',
    en: 'Minimum SD',
    explainZh: '基线标准差的下限，避免平稳基线下一例即预警',
    explainEn: 'floor of the baseline SD, so that a flat baseline does not signal on one case',
  },
  'c.ARL': { zh: '界值', en: 'Limit', explainZh: 'GLR 统计量达到此值即预警', explainEn: 'GLR signals when its statistic reaches it' },
  mu0: {
    zh: '基准均值',
    en: 'In-control mean',
    explainZh: '未升高时的均值（不设则估计）',
    explainEn: 'mean when nothing happens (estimated when empty)',
  },
  Mtilde: { zh: '最少观察点', en: 'Minimum points', explainZh: '估计所需的最少时间点', explainEn: 'time points needed before estimating' },
  M: {
    zh: '回看长度',
    en: 'Look-back',
    explainZh: '最多回看的时间点（-1 为全部）',
    explainEn: 'time points looked back at most (-1: all)',
  },
  change: {
    zh: '变化类型',
    en: 'Change',
    explainZh: '检验的变化类型（强度或均值）',
    explainEn: 'kind of change tested (intercept or mean)',
  },
  dir: { zh: '方向', en: 'Direction', explainZh: '只查升高或升降都查', explainEn: 'rises only, or rises and falls' },
  b: { zh: '往年数', en: 'Previous years', explainZh: '参考期所用的往年数', explainEn: 'years in the reference period' },
  w: {
    zh: '窗口半宽',
    en: 'Half window',
    explainZh: '往年同期前后各取的时间点数',
    explainEn: 'time points on each side of the same week in previous years',
  },
  actY: {
    zh: '含当年',
    en: 'Include this year',
    explainZh: '参考期是否包含当年最近的时间点',
    explainEn: "whether the reference includes this year's recent points",
  },
  reweight: {
    zh: '降低离群权重',
    en: 'Down-weight outbreaks',
    explainZh: '拟合时降低往年暴发值的权重',
    explainEn: 'down-weights past outbreaks when fitting',
  },
  weightsThreshold: {
    zh: '离群界值',
    en: 'Outlier limit',
    explainZh: '判为往年暴发值的残差界值',
    explainEn: 'residual above which a past value counts as an outbreak',
  },
  trend: { zh: '考虑趋势', en: 'Trend', explainZh: '模型是否包含长期趋势', explainEn: 'whether the model includes a long-term trend' },
  pThresholdTrend: {
    zh: '趋势检验水准',
    en: 'Trend significance',
    explainZh: '保留趋势项所需的显著性',
    explainEn: 'significance needed to keep the trend',
  },
  limit54: {
    zh: '最低病例规则',
    en: 'Low-count rule',
    explainZh: '近 4 周病例少于此数时不预警',
    explainEn: 'no signal when the last 4 weeks hold fewer cases than this',
  },
  powertrans: {
    zh: '幂变换',
    en: 'Power transformation',
    explainZh: '计算阈值前的幂变换',
    explainEn: 'power transformation before the threshold',
  },
  noPeriods: { zh: '季节段数', en: 'Seasonal periods', explainZh: '全年分成的季节段数', explainEn: 'seasonal periods of the year' },
  pastWeeksNotIncluded: {
    zh: '排除近期周数',
    en: 'Recent weeks left out',
    explainZh: '基线中不使用的最近周数',
    explainEn: 'recent weeks not used in the baseline',
  },
  thresholdMethod: { zh: '阈值算法', en: 'Threshold method', explainZh: '计算阈值的方法', explainEn: 'how the threshold is computed' },
  maxTemporalDays: {
    zh: '最长持续天数',
    en: 'Longest duration (days)',
    explainZh: '聚集最长持续天数',
    explainEn: 'longest cluster duration',
  },
  maxSpatialShare: {
    zh: '最大范围占比',
    en: 'Largest circle (share)',
    explainZh: '聚集圆最多包含全部病例的比例',
    explainEn: 'largest circle as a share of all cases',
  },
  replications: {
    zh: '模拟次数',
    en: 'Replications',
    explainZh: '蒙特卡罗模拟次数，越多 P 值越精确',
    explainEn: 'Monte Carlo replications: more give finer p-values',
  },
  seed: {
    zh: '随机种子',
    en: 'Random seed',
    explainZh: '相同数据和种子得到相同 P 值',
    explainEn: 'the same data and seed give the same p-values',
  },
  studyDays: {
    zh: '研究期天数',
    en: 'Study period (days)',
    explainZh: '截至评估日的研究期天数',
    explainEn: 'days of the study period ending on the day evaluated',
  },
  minCases: { zh: '最少病例数', en: 'Minimum cases', explainZh: '构成聚集的最少病例数', explainEn: 'fewest cases in a cluster' },
  gap: {
    zh: '基线间隔',
    en: 'Gap before the point',
    explainZh: '基线截止于评估点之前的时间点数，近期数据不进入基线',
    explainEn: 'time points between the end of the baseline and the point evaluated (recent data stay out of it)',
  },
  harmonics: {
    zh: '季节谐波数',
    en: 'Seasonal harmonics',
    explainZh: '季节项的谐波对数：1 为一年一峰，2 可拟合一年两峰',
    explainEn: 'harmonic pairs of the season: 1 = one peak a year, 2 also fits two',
  },
  weekday: {
    zh: '星期效应',
    en: 'Day-of-week effect',
    explainZh: '模型是否包含星期几的差异（自动：按日数据包含）',
    explainEn: 'whether the model has day-of-week effects (auto: for daily counts)',
  },
  window: {
    zh: '累积点数',
    en: 'Points accumulated',
    explainZh: '累积超额的最近时间点数（含当期）',
    explainEn: 'recent time points whose excess is accumulated (the current one included)',
  },
  zMin: {
    zh: '当期最小超额',
    en: 'Minimum own excess',
    explainZh: '当期标准化残差至少达到此值才预警，暴发过后不再持续预警',
    explainEn: 'the point itself must exceed this standardised residual, so signals stop once an outbreak is over',
  },
};

const langOf = (language: string): LabelLanguage => (language.toLowerCase().startsWith('en') ? 'en' : 'zh');

/** The catalogue entry of a method (aliases resolved), or undefined for a code it does not know. */
export function methodEntry(code: string): CodeLabel | undefined {
  return METHOD_LABELS[code] ?? METHOD_LABELS[METHOD_ALIASES[code] ?? ''];
}

/** A method's label in the language ('zh-CN', 'zh', 'en' …); an unknown code is returned as it is. */
export function methodLabel(code: string, language: string): string {
  const entry = methodEntry(code);
  return entry ? entry[langOf(language)] : code;
}

/** A method's one-line explanation ('' for an unknown code). */
export function methodExplanation(code: string, language: string): string {
  const entry = methodEntry(code);
  return entry ? (langOf(language) === 'en' ? entry.explainEn : entry.explainZh) : '';
}

/** A parameter's label; an unknown name is returned as it is. */
export function parameterLabel(name: string, language: string): string {
  const entry = PARAMETER_LABELS[name];
  return entry ? entry[langOf(language)] : name;
}

/** A parameter's one-line explanation ('' for an unknown name). */
export function parameterExplanation(name: string, language: string): string {
  const entry = PARAMETER_LABELS[name];
  return entry ? (langOf(language) === 'en' ? entry.explainEn : entry.explainZh) : '';
}

/** A parameter's value as people write it: the percentile p as "P80", booleans as yes/no, lists joined. */
export function parameterValue(name: string, value: unknown, language: string): string {
  const en = langOf(language) === 'en';
  if (value === null || value === undefined) return en ? 'auto' : '自动';
  if (value === 'auto') return en ? 'auto' : '自动';
  if (name === 'p' && typeof value === 'number' && value > 0 && value < 1) return `P${Math.round(value * 1000) / 10}`;
  if (typeof value === 'boolean') return value ? (en ? 'yes' : '是') : en ? 'no' : '否';
  if (Array.isArray(value)) return value.join('/');
  return String(value);
}

/** All parameters in one line: "百分位数 P80 · 往年数 3 · …" (a separator of the caller's choice). */
export function parameterSummary(parameters: Readonly<Record<string, unknown>>, language: string, separator = ' · '): string {
  return Object.entries(parameters)
    .map(([name, value]) => `${parameterLabel(name, language)} ${parameterValue(name, value, language)}`)
    .join(separator);
}

/**
 * A p-value in the one format used everywhere: "P < 0.001" below 0.001, else "P = 0.012" (three decimals;
 * two significant digits from 0.1 up: "P = 0.25"). A Monte Carlo p-value is never 0: with R replications the
 * smallest is 1/(R+1), so 0 (or less) is shown as "P < 0.001" as well. Null is "P = –".
 */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return 'P = –';
  if (p < 0.001) return 'P < 0.001';
  if (p >= 0.1) return `P = ${p.toFixed(2)}`;
  return `P = ${p.toFixed(3)}`;
}
