/**
 * Serial intervals (days from a case's symptom onset to the onset of the case it infected) used to estimate Rt in
 * the daily report, per disease code. Parametric: EpiEstim's `parametric_si` (a gamma distribution shifted by one
 * day, with this mean and standard deviation; Cori et al. 2013). A disease not listed here has no Rt in the report
 * ("not estimable: no serial interval"): vector-borne and long-incubation diseases (dengue, malaria, hepatitis,
 * tuberculosis …) are not transmitted person to person on a serial-interval scale at all.
 *
 * Sources (the published point estimates; where a paper gives no standard deviation it says so):
 * - influenza 2.6 / 1.5: Cowling BJ et al., "Estimation of the serial interval of influenza", Epidemiology
 *   2009;20(3):344–347; the values of EpiEstim's Flu2009 example (Cori et al., Am J Epidemiol 2013;178:1505).
 * - COVID-19 4.7 / 2.9: Nishiura H, Linton NM, Akhmetzhanov AR, "Serial interval of novel coronavirus (COVID-19)
 *   infections", Int J Infect Dis 2020;93:284–286.
 * - hand, foot and mouth disease 3.7 / 2.6: mean from Ma E et al., "Estimation of the basic reproduction number of
 *   enterovirus 71 and coxsackievirus A16 in hand, foot, and mouth disease outbreaks", Pediatr Infect Dis J
 *   2011;30(8):675–679; the standard deviation is our assumption (coefficient of variation 0.7).
 * - norovirus 3.6 / 2.0: mean from Heijne JCM et al., "Enhanced hygiene measures and norovirus transmission during
 *   an outbreak", Emerg Infect Dis 2009;15(1):24–30; the standard deviation is our assumption.
 * - measles 11.7 / 2.0: Klinkenberg D, Nishiura H, "The correlation between infectivity and incubation period of
 *   measles, estimated from households with two cases", J Theor Biol 2011;284(1):52–60.
 * - SARS 8.4 / 3.8: Lipsitch M et al., "Transmission dynamics and control of severe acute respiratory syndrome",
 *   Science 2003;300(5627):1966–1970.
 */

/** One serial interval (days). */
export interface SerialInterval {
  /** mean, days (> 1, as EpiEstim requires) */
  mean: number;
  /** standard deviation, days */
  sd: number;
  /** short citation shown in the report */
  source: string;
}

const INFLUENZA: SerialInterval = { mean: 2.6, sd: 1.5, source: 'Cowling et al. 2009, Epidemiology 20:344' };
const COVID19: SerialInterval = { mean: 4.7, sd: 2.9, source: 'Nishiura et al. 2020, Int J Infect Dis 93:284' };
const HFMD: SerialInterval = { mean: 3.7, sd: 2.6, source: 'Ma et al. 2011, Pediatr Infect Dis J 30:675 (mean; SD assumed)' };
const NOROVIRUS: SerialInterval = { mean: 3.6, sd: 2.0, source: 'Heijne et al. 2009, Emerg Infect Dis 15:24 (mean; SD assumed)' };
const MEASLES: SerialInterval = { mean: 11.7, sd: 2.0, source: 'Klinkenberg & Nishiura 2011, J Theor Biol 284:52' };
const SARS: SerialInterval = { mean: 8.4, sd: 3.8, source: 'Lipsitch et al. 2003, Science 300:1966' };

/**
 * The table, by disease code (diseases.code). Several spellings of one disease are listed because the catalogue is
 * data a district may edit.
 */
export const SERIAL_INTERVALS: Readonly<Record<string, SerialInterval>> = {
  influenza: INFLUENZA,
  flu: INFLUENZA,
  influenza_a: INFLUENZA,
  influenza_b: INFLUENZA,
  h1n1: INFLUENZA,
  covid19: COVID19,
  'covid-19': COVID19,
  covid: COVID19,
  hfmd: HFMD,
  norovirus: NOROVIRUS,
  measles: MEASLES,
  sars: SARS,
};

/** The serial interval of a disease code, or null when the table has none. */
export function serialIntervalFor(diseaseCode: string | null | undefined): SerialInterval | null {
  if (!diseaseCode) return null;
  return SERIAL_INTERVALS[diseaseCode.toLowerCase()] ?? null;
}
