/**
 * The demo district's case history: five years of plausible notifiable-disease cases up to "now", generated
 * deterministically from a seed (no database here; cases.demo.ts writes the rows).
 *
 * Model, per disease × township × day of onset: Poisson(rate per 100,000 per year / 365 × township population
 * × seasonal shape of the day of year × the disease's factor of that year × the township's factor). The shapes
 * follow China's surveillance data for a Chongqing-like district: influenza peaks in winter (with a smaller
 * late-spring influenza B wave), hand-foot-and-mouth disease in spring/early summer with a smaller autumn wave,
 * bacillary dysentery and other infectious diarrhoea in summer (diarrhoea also in early winter: rotavirus),
 * scarlet fever in spring and early winter, mumps in spring, varicella in winter and late spring, Japanese
 * encephalitis in July–August, HFRS in early winter; tuberculosis, hepatitis B/C, syphilis and HIV are flat.
 * Class A and the rare severe diseases get no background cases (a single one would be an outbreak).
 *
 * On top, three recent outbreaks end at "now" so that detection fires on first start (see `outbreaks`):
 * a hand-foot-and-mouth cluster in one township's kindergartens, an infectious-diarrhoea rise in another
 * township (a water source), and influenza rising district-wide.
 *
 * Then each case gets a person (fictional name, sex, age typical of the disease, occupation from age), a
 * community within the township (by population), a reporting facility, diagnosis 0–5 days after onset and a
 * report delay: most within the disease's deadline (2 h or 24 h), about 4 % late.
 */
import { GIVEN_NAMES, SURNAMES } from '../../platform/demo/person-names.ts';
import { createDemoRandom, type DemoRandom } from '../../platform/demo/random.ts';
import { DISTRICT_UTC_OFFSET_MS } from '../../platform/time/district-time.ts';

/** A disease's background pattern. */
export interface DiseaseProfile {
  code: string;
  /** cases per 100,000 residents per year, before seasonality */
  ratePer100k: number;
  /** constant part of the seasonal shape (before normalisation to a mean of 1) */
  base: number;
  /** seasonal waves: peak day of year, amplitude, width (days, standard deviation) */
  waves: Array<[peakDay: number, amplitude: number, width: number]>;
  /** year-to-year variation (standard deviation of the log factor) */
  yearNoise: number;
  /** age range of most patients, years [min, max] (a minority falls outside, across 0–85) */
  ages: [number, number];
  /** share confirmed by a laboratory (the rest clinical; a few suspected in the last week) */
  confirmed: number;
}

/** The background diseases (codes of migration 0010). Rates are plausible for a district in Chongqing. */
export const DISEASE_PROFILES: DiseaseProfile[] = [
  {
    code: 'influenza',
    ratePer100k: 100,
    base: 0.12,
    waves: [
      [12, 5, 24],
      [100, 1.2, 22],
    ],
    yearNoise: 0.45,
    ages: [0, 14],
    confirmed: 0.6,
  },
  {
    code: 'hfmd',
    ratePer100k: 115,
    base: 0.15,
    waves: [
      [130, 3, 28],
      [285, 1.2, 24],
    ],
    yearNoise: 0.3,
    ages: [1, 5],
    confirmed: 0.1,
  },
  {
    code: 'other_diarrhoea',
    ratePer100k: 85,
    base: 0.45,
    waves: [
      [205, 1.8, 40],
      [345, 0.9, 22],
    ],
    yearNoise: 0.15,
    ages: [0, 80],
    confirmed: 0.2,
  },
  { code: 'bacillary_dysentery', ratePer100k: 6, base: 0.2, waves: [[215, 2.2, 38]], yearNoise: 0.2, ages: [0, 80], confirmed: 0.5 },
  {
    code: 'scarlet_fever',
    ratePer100k: 6,
    base: 0.15,
    waves: [
      [135, 1.8, 30],
      [340, 1.8, 28],
    ],
    yearNoise: 0.35,
    ages: [3, 12],
    confirmed: 0.3,
  },
  {
    code: 'mumps',
    ratePer100k: 12,
    base: 0.3,
    waves: [
      [140, 2, 35],
      [345, 0.7, 25],
    ],
    yearNoise: 0.25,
    ages: [4, 15],
    confirmed: 0.1,
  },
  {
    code: 'varicella',
    ratePer100k: 35,
    base: 0.25,
    waves: [
      [345, 1.6, 32],
      [150, 1.1, 30],
    ],
    yearNoise: 0.2,
    ages: [3, 15],
    confirmed: 0.05,
  },
  { code: 'tuberculosis', ratePer100k: 45, base: 1, waves: [[80, 0.2, 40]], yearNoise: 0.06, ages: [18, 80], confirmed: 0.55 },
  { code: 'hepatitis_b', ratePer100k: 50, base: 1, waves: [], yearNoise: 0.06, ages: [20, 70], confirmed: 0.95 },
  { code: 'hepatitis_c', ratePer100k: 14, base: 1, waves: [], yearNoise: 0.08, ages: [25, 75], confirmed: 0.95 },
  { code: 'hepatitis_e', ratePer100k: 3, base: 0.6, waves: [[75, 0.8, 35]], yearNoise: 0.15, ages: [30, 75], confirmed: 0.9 },
  { code: 'hepatitis_a', ratePer100k: 1, base: 1, waves: [], yearNoise: 0.2, ages: [5, 60], confirmed: 0.9 },
  { code: 'syphilis', ratePer100k: 26, base: 1, waves: [], yearNoise: 0.06, ages: [20, 75], confirmed: 0.95 },
  { code: 'gonorrhoea', ratePer100k: 7, base: 1, waves: [], yearNoise: 0.1, ages: [18, 50], confirmed: 0.9 },
  { code: 'hiv_aids', ratePer100k: 6, base: 1, waves: [], yearNoise: 0.08, ages: [20, 75], confirmed: 1 },
  {
    code: 'acute_haemorrhagic_conjunctivitis',
    ratePer100k: 3,
    base: 0.2,
    waves: [[245, 2.5, 25]],
    yearNoise: 0.5,
    ages: [5, 40],
    confirmed: 0.05,
  },
  { code: 'pertussis', ratePer100k: 3, base: 0.5, waves: [[190, 1, 45]], yearNoise: 0.4, ages: [0, 10], confirmed: 0.7 },
  { code: 'japanese_encephalitis', ratePer100k: 0.3, base: 0.02, waves: [[215, 3, 18]], yearNoise: 0.3, ages: [1, 14], confirmed: 0.9 },
  {
    code: 'hfrs',
    ratePer100k: 0.6,
    base: 0.3,
    waves: [
      [330, 1.5, 25],
      [150, 0.6, 25],
    ],
    yearNoise: 0.3,
    ages: [20, 65],
    confirmed: 0.9,
  },
  { code: 'dengue', ratePer100k: 0.4, base: 0.1, waves: [[255, 2.5, 25]], yearNoise: 0.6, ages: [18, 60], confirmed: 0.9 },
  { code: 'typhoid_paratyphoid', ratePer100k: 0.6, base: 0.6, waves: [[200, 0.8, 40]], yearNoise: 0.3, ages: [5, 60], confirmed: 0.9 },
  { code: 'rubella', ratePer100k: 0.5, base: 0.5, waves: [[120, 1, 30]], yearNoise: 0.5, ages: [3, 25], confirmed: 0.7 },
  { code: 'malaria', ratePer100k: 0.3, base: 1, waves: [], yearNoise: 0.3, ages: [20, 55], confirmed: 1 },
  { code: 'brucellosis', ratePer100k: 0.3, base: 1, waves: [[150, 0.6, 40]], yearNoise: 0.3, ages: [25, 65], confirmed: 0.9 },
];

/** A past outbreak the district recorded: the history's extra cases and the record's title. */
export interface PastOutbreakSpec extends OutbreakSpec {
  where: { townshipRank: number };
  /** the title of the alert that recorded it */
  title: string;
}

/** The demo district's recorded past outbreaks (see OUTBREAKS). */
export const PAST_OUTBREAKS: readonly PastOutbreakSpec[] = [
  {
    disease: 'hfmd',
    where: { townshipRank: 3 },
    startDaysAgo: 640,
    endDaysAgo: 627,
    extraCases: 30,
    ages: [1, 5],
    communities: 1,
    title: '幼儿园手足口病聚集',
  },
  {
    disease: 'varicella',
    where: { townshipRank: 0 },
    startDaysAgo: 540,
    endDaysAgo: 526,
    extraCases: 28,
    ages: [6, 12],
    communities: 1,
    title: '小学水痘聚集',
  },
  {
    disease: 'mumps',
    where: { townshipRank: 2 },
    startDaysAgo: 470,
    endDaysAgo: 456,
    extraCases: 24,
    ages: [6, 14],
    communities: 1,
    title: '学校流行性腮腺炎聚集',
  },
  {
    disease: 'hfmd',
    where: { townshipRank: 4 },
    startDaysAgo: 420,
    endDaysAgo: 411,
    extraCases: 6,
    ages: [1, 5],
    communities: 1,
    title: '托育机构手足口病小范围聚集（学校报告）',
  },
  {
    disease: 'hfmd',
    where: { townshipRank: 1 },
    startDaysAgo: 95,
    endDaysAgo: 82,
    extraCases: 32,
    ages: [1, 5],
    communities: 2,
    title: '手足口病社区聚集',
  },
];
const PAST_OUTBREAKS_SPEC: OutbreakSpec[] = PAST_OUTBREAKS.map(({ title: _title, ...spec }) => spec);

/** A recent outbreak added on top of the background. */
export interface OutbreakSpec {
  disease: string;
  /** 'one' township (chosen by the seed, by population rank) or the whole district */
  where: { townshipRank: number } | 'district';
  /** days before "now" the extra cases start (onset) and stop */
  startDaysAgo: number;
  endDaysAgo: number;
  /** extra cases (a township) or multiplier of the background (district-wide) */
  extraCases?: number;
  multiplier?: number;
  ages: [number, number];
  /** how many of the township's communities carry the outbreak */
  communities?: number;
}

/**
 * The recent outbreaks: an HFMD cluster in the most populous township (望江街道 in District J, where the demo
 * incident is run from its alert: incidents.demo.ts), an infectious-diarrhoea rise in the 6th, and influenza
 * rising district-wide over the last two weeks.
 */
export const OUTBREAKS: OutbreakSpec[] = [
  { disease: 'hfmd', where: { townshipRank: 0 }, startDaysAgo: 17, endDaysAgo: 1, extraCases: 34, ages: [1, 5], communities: 2 },
  {
    disease: 'other_diarrhoea',
    where: { townshipRank: 5 },
    startDaysAgo: 11,
    endDaysAgo: 1,
    extraCases: 42,
    ages: [2, 75],
    communities: 1,
  },
  { disease: 'influenza', where: 'district', startDaysAgo: 15, endDaysAgo: 1, multiplier: 2.6, ages: [0, 14] },
  // Past township outbreaks the district recorded (alerts confirmed as events, alerts/outbreak-history.demo.ts), so
  // that the assessment's back-test of the methods in use (docs/assessment.md) has outbreaks to find on first start,
  // one of them too small for the moving percentile. Appended after the recent ones (their draws come first, so the
  // recent outbreaks are unchanged), and dated away from what a run on the demo's today reads: more than the scan's
  // 60 days ago, outside the 120–365 days the old double reports are drawn from, and outside the moving percentile's
  // same-season baseline weeks of the past three years (365/730/1095 ± 25 days ago).
  ...PAST_OUTBREAKS_SPEC,
];

export interface HistoryTownship {
  id: string;
  code: string;
  population: number;
  communities: Array<{ id: string; population: number }>;
}

export interface HistoryFacility {
  id: string;
  type: string;
  /** the facility's township (null when it sits at district level) */
  townshipId: string | null;
}

export interface HistoryDisease {
  id: string;
  code: string;
  reportDeadlineHours: number;
}

export interface HistoryInput {
  seed: number;
  now: Date;
  years: number;
  townships: HistoryTownship[];
  facilities: HistoryFacility[];
  diseases: HistoryDisease[];
  /** 6 digits: the first part of the demo people's resident IDs */
  divisionCode: string;
}

/** One generated case (what cases.demo.ts turns into a case_reports row). */
export interface HistoryCase {
  diseaseId: string;
  diseaseCode: string;
  townshipId: string;
  jurisdictionId: string;
  personName: string;
  sex: 'male' | 'female';
  birthDate: string;
  /** sequence part (0–999) of the resident ID: odd for men */
  idSequence: number;
  occupation: string;
  classification: 'suspected' | 'clinical' | 'confirmed' | 'excluded';
  onsetDate: string;
  diagnosisAt: Date;
  reportedAt: Date;
  facilityId: string | null;
  severity: 'mild' | 'moderate' | 'severe';
  outcome: 'under_treatment' | 'recovered' | 'died';
  /** which recent outbreak added it, if any */
  outbreak: string | null;
}

const DAY_MS = 86_400_000;
const CHINA_MS = DISTRICT_UTC_OFFSET_MS;

/** 'YYYY-MM-DD' of a UTC-midnight date value. */
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Today's date in China time, as the UTC-midnight millisecond value of that calendar day. */
export function chinaDayStart(now: Date): number {
  const local = now.getTime() + CHINA_MS;
  return local - (local % DAY_MS);
}

/** The seasonal shape of a profile, one value per day of year (1–366), with a mean of 1 over 365 days. */
export function seasonalShape(profile: Pick<DiseaseProfile, 'base' | 'waves'>): Float64Array {
  const raw = new Float64Array(367);
  for (let d = 1; d <= 366; d++) {
    let v = profile.base;
    for (const [peak, amp, width] of profile.waves) {
      const dist = Math.min(Math.abs(d - peak), 365 - Math.abs(d - peak));
      v += amp * Math.exp(-(dist * dist) / (2 * width * width));
    }
    raw[d] = v;
  }
  let mean = 0;
  for (let d = 1; d <= 365; d++) mean += raw[d]! / 365;
  for (let d = 1; d <= 366; d++) raw[d] = raw[d]! / mean;
  return raw;
}

/** Poisson draw: Knuth's product method for small means, a rounded normal approximation above 30. */
export function poisson(rnd: DemoRandom, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rnd)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rnd.next();
  while (p > limit) {
    k++;
    p *= rnd.next();
  }
  return k;
}

/** Standard normal draw (Box–Muller). */
export function normal(rnd: DemoRandom): number {
  const u = Math.max(rnd.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.next());
}

/** Day of year 1–366 of a UTC-midnight millisecond value. */
function dayOfYear(ms: number): number {
  const d = new Date(ms);
  return Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
}

/** A weighted pick: `cumulative` holds running totals. */
function pickWeighted<T>(rnd: DemoRandom, items: readonly T[], cumulative: readonly number[]): T {
  const x = rnd.next() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return items[lo]!;
}

function cumulate(weights: readonly number[]): number[] {
  let s = 0;
  return weights.map((w) => (s += w));
}

/** The occupation category of the national report card that fits an age. */
function occupationFor(rnd: DemoRandom, age: number): string {
  if (age < 3) return '散居儿童';
  if (age < 7) return rnd.next() < 0.8 ? '幼托儿童' : '散居儿童';
  if (age < 19) return '学生';
  if (age >= 60) return rnd.pick(['离退人员', '农民', '家务及待业']);
  return rnd.pick(['农民', '工人', '商业服务', '家务及待业', '干部职员', '民工', '餐饮食品业', '教师']);
}

function personName(rnd: DemoRandom): string {
  const given = rnd.next() < 0.35 ? rnd.pick(GIVEN_NAMES)[0].slice(0, 1) + rnd.pick(GIVEN_NAMES)[0].slice(-1) : rnd.pick(GIVEN_NAMES)[0];
  return `${rnd.pick(SURNAMES)[0]}${given}`;
}

/**
 * Generates the history. Deterministic for a given input; cases reported after `now` are left out (not yet
 * reported), so the last days look as incomplete as they do in real life.
 */
export function generateCaseHistory(input: HistoryInput): HistoryCase[] {
  const rnd = createDemoRandom(input.seed ^ 0x5eed_ca5e);
  const today = chinaDayStart(input.now);
  const firstDay = Date.UTC(new Date(today).getUTCFullYear() - input.years, new Date(today).getUTCMonth(), new Date(today).getUTCDate());
  const nowMs = input.now.getTime();
  const diseaseByCode = new Map(input.diseases.map((d) => [d.code, d]));
  const townships = input.townships.filter((t) => t.population > 0);
  const byPopulation = [...townships].sort((a, b) => b.population - a.population || a.code.localeCompare(b.code));
  const communityCum = new Map(townships.map((t) => [t.id, cumulate(t.communities.map((c) => Math.max(c.population, 1)))]));
  const localFacilities = new Map<string, HistoryFacility[]>();
  const reporting = input.facilities.filter((f) =>
    ['designated_hospital', 'general_hospital', 'fever_clinic', 'township_health_centre'].includes(f.type),
  );
  for (const f of reporting) if (f.townshipId) localFacilities.set(f.townshipId, [...(localFacilities.get(f.townshipId) ?? []), f]);
  const hospitals = reporting.filter((f) => f.type === 'designated_hospital' || f.type === 'general_hospital');
  const out: HistoryCase[] = [];

  const makeCase = (
    disease: HistoryDisease,
    profile: Pick<DiseaseProfile, 'ages' | 'confirmed'>,
    township: HistoryTownship,
    onsetMs: number,
    outbreak: string | null,
    community?: string,
  ) => {
    // Age: mostly within the disease's typical range, some anywhere.
    const [lo, hi] = profile.ages;
    const age = rnd.next() < 0.85 ? rnd.int(lo, hi) : rnd.int(0, 85);
    const birthMs = onsetMs - age * 365.25 * DAY_MS - rnd.int(0, 364) * DAY_MS;
    const sex = rnd.next() < 0.53 ? 'male' : 'female';
    // Diagnosis 0–5 days after onset (most within 2), in working hours China time.
    const diagDays = Math.min(5, Math.floor(-Math.log(Math.max(rnd.next(), 1e-9)) * 1.3));
    const diagnosisAt = new Date(onsetMs + diagDays * DAY_MS - CHINA_MS + (8 + rnd.next() * 10) * 3_600_000);
    // Report delay: about 96 % within the deadline (exponential, a fifth of it on average), the rest late.
    const deadlineH = disease.reportDeadlineHours;
    const late = rnd.next() < 0.04;
    const delayH = late
      ? deadlineH * (1 + rnd.next() * 2)
      : Math.min(deadlineH * 0.98, -Math.log(Math.max(rnd.next(), 1e-9)) * deadlineH * 0.2);
    const reportedAt = new Date(diagnosisAt.getTime() + delayH * 3_600_000);
    if (reportedAt.getTime() > nowMs) return;
    const communities = township.communities;
    const jurisdictionId =
      community ?? (communities.length > 0 ? pickWeighted(rnd, communities, communityCum.get(township.id)!).id : township.id);
    const local = localFacilities.get(township.id);
    const facility =
      local && local.length > 0 && rnd.next() < 0.55
        ? rnd.pick(local)
        : hospitals.length > 0
          ? rnd.pick(hospitals)
          : (reporting[0] ?? null);
    const ageDays = (nowMs - reportedAt.getTime()) / DAY_MS;
    const recent = ageDays < 7;
    const classification =
      rnd.next() < 0.008
        ? 'excluded'
        : recent && rnd.next() < 0.25
          ? 'suspected'
          : rnd.next() < profile.confirmed
            ? 'confirmed'
            : 'clinical';
    const severe = rnd.next();
    out.push({
      diseaseId: disease.id,
      diseaseCode: disease.code,
      townshipId: township.id,
      jurisdictionId,
      personName: personName(rnd),
      sex,
      birthDate: isoDay(birthMs - (birthMs % DAY_MS)),
      idSequence: rnd.int(0, 499) * 2 + (sex === 'male' ? 1 : 0),
      occupation: occupationFor(rnd, age),
      classification,
      onsetDate: isoDay(onsetMs),
      diagnosisAt,
      reportedAt,
      facilityId: facility?.id ?? null,
      severity: severe < 0.9 ? 'mild' : severe < 0.98 ? 'moderate' : 'severe',
      outcome: ageDays < 21 ? 'under_treatment' : severe > 0.999 ? 'died' : 'recovered',
      outbreak,
    });
  };

  // Background.
  const days = Math.round((today - firstDay) / DAY_MS);
  const firstYear = new Date(firstDay).getUTCFullYear();
  // calendar facts of each day, computed once (not once per disease and township)
  const doyOf = new Uint16Array(days);
  const yearOf = new Uint8Array(days);
  for (let i = 0; i < days; i++) {
    doyOf[i] = dayOfYear(firstDay + i * DAY_MS);
    yearOf[i] = new Date(firstDay + i * DAY_MS).getUTCFullYear() - firstYear;
  }
  for (const profile of DISEASE_PROFILES) {
    const disease = diseaseByCode.get(profile.code);
    if (!disease) continue;
    const shape = seasonalShape(profile);
    const yearFactor = Array.from({ length: input.years + 2 }, () =>
      Math.exp(profile.yearNoise * normal(rnd) - (profile.yearNoise * profile.yearNoise) / 2),
    );
    const townshipFactor = townships.map(() => Math.exp(0.2 * normal(rnd)));
    const district = OUTBREAKS.find((o) => o.where === 'district' && o.disease === profile.code);
    for (let ti = 0; ti < townships.length; ti++) {
      const township = townships[ti]!;
      const perDay = ((profile.ratePer100k / 100_000) * township.population * townshipFactor[ti]!) / 365;
      for (let i = 0; i < days; i++) {
        const day = firstDay + i * DAY_MS;
        let mean = perDay * shape[doyOf[i]!]! * yearFactor[yearOf[i]!]!;
        let tag: string | null = null;
        if (district) {
          const ago = (today - day) / DAY_MS;
          if (ago <= district.startDaysAgo && ago >= district.endDaysAgo) {
            // ramps up from 1× to the full multiplier over the outbreak's days
            const progress = (district.startDaysAgo - ago) / Math.max(1, district.startDaysAgo - district.endDaysAgo);
            mean *= 1 + (district.multiplier! - 1) * progress;
            tag = `${profile.code}-district`;
          }
        }
        const n = poisson(rnd, mean);
        for (let k = 0; k < n; k++) makeCase(disease, profile, township, day, tag);
      }
    }
  }

  // Township outbreaks: onsets rising then levelling, concentrated in one or two communities.
  for (const spec of OUTBREAKS) {
    if (spec.where === 'district') continue;
    const disease = diseaseByCode.get(spec.disease);
    const township = byPopulation[Math.min(spec.where.townshipRank, byPopulation.length - 1)];
    if (!disease || !township || !spec.extraCases) continue;
    const hot = rnd.shuffle(township.communities).slice(0, spec.communities ?? 1);
    const span = spec.startDaysAgo - spec.endDaysAgo;
    const weights = Array.from({ length: span + 1 }, (_, i) => Math.min(i + 1, Math.ceil((span + 1) * 0.6)));
    const cum = cumulate(weights);
    const offsets = weights.map((_, i) => i);
    for (let k = 0; k < spec.extraCases; k++) {
      const offset = pickWeighted(rnd, offsets, cum);
      const onsetMs = today - (spec.startDaysAgo - offset) * DAY_MS;
      const community = hot.length > 0 ? rnd.pick(hot).id : undefined;
      makeCase(disease, { ages: spec.ages, confirmed: 0.3 }, township, onsetMs, `${spec.disease}-township`, community);
    }
  }
  return out;
}
