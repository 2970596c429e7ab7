import { describe, expect, it } from 'vitest';
import { capacityCheck, censusFromAdmissions, estimateDemand } from './demand.ts';

describe('estimateDemand', () => {
  it('census is admissions convolved with the length of stay (CHIME build_census_df)', () => {
    // cumsum(admits) − cumsum(admits) shifted by LOS = 3
    expect(Array.from(censusFromAdmissions([1, 2, 3, 4, 5, 0, 0, 0], 3))).toEqual([1, 3, 6, 9, 12, 9, 5, 0]);
  });

  it('applies rates, market share and delays to infections', () => {
    const infections = new Float64Array(40).fill(0);
    infections[0] = 10_000;
    const d = estimateDemand(infections, {
      clinical: {
        hospital: { rate: 0.02, delayDays: 5, lengthOfStay: 7 },
        icu: { rate: 0.005, delayDays: 6, lengthOfStay: 10 },
        ventilation: { rate: 0.002, delayDays: 6, lengthOfStay: 3 },
        deathRate: 0.001,
        deathDelayDays: 20,
        marketShare: 0.5,
      },
    });
    expect(d.admissions.hospital[5]).toBeCloseTo(100, 12); // 10 000 · 0.02 · 0.5
    expect(d.census.hospital[4]).toBe(0);
    expect(d.census.hospital[11]).toBeCloseTo(100, 12);
    expect(d.census.hospital[12]).toBe(0);
    expect(d.census.icu[15]).toBeCloseTo(25, 12);
    expect(d.census.icu[16]).toBe(0);
    expect(d.census.ventilation[8]).toBeCloseTo(10, 12);
    expect(d.census.ventilation[9]).toBe(0);
    expect(d.deaths[20]).toBeCloseTo(10, 12);
    // default detection 0.5 after 7 days, 10 contacts per case
    expect(d.cases[7]).toBe(5000);
    expect(d.contactsTraced[7]).toBe(50_000);
  });

  it('gives the day beds are exceeded and the day a supply runs out', () => {
    const infections = new Float64Array(30).fill(1000); // constant 1000 infections a day
    const d = estimateDemand(infections, {
      clinical: {
        hospital: { rate: 0.01, delayDays: 0, lengthOfStay: 5 },
        icu: { rate: 0, lengthOfStay: 1 },
        ventilation: { rate: 0, lengthOfStay: 1 },
      },
      response: { caseDetection: 0, healthWorkersPerPatient: 0, healthWorkersPerIcuPatient: 0, baseHealthWorkers: 0 },
      capacities: { beds: 35 },
      supplies: [
        // 10 admissions a day, census 10, 20, …, 50; 2 masks per patient-day: use 20, 40, 60, 80, 100, 100 …
        { id: 'masks', stock: 500, perHospitalPatientDay: 2 },
        { id: 'gloves', stock: 500, perHospitalPatientDay: 2, resupplyPerDay: 100 },
      ],
    });
    expect(d.capacity.hospital).toEqual({ capacity: 35, peak: 50, peakDay: 4, firstDayOver: 3, daysOver: 27 });
    // stock after each day: 480, 440, 380, 300, 200, 100, 0, −100 → runs out on day 7
    expect(d.supplies[0].runOutDay).toBe(7);
    expect(d.supplies[0].stock[6]).toBeCloseTo(0, 9);
    expect(d.supplies[1].runOutDay).toBeNull();
    expect(d.supplies[0].totalUse).toBeCloseTo(20 + 40 + 60 + 80 + 100 * 26, 9);
  });

  it('uses health workers and contacts for supplies', () => {
    const d = estimateDemand([0, 0, 100], {
      response: {
        caseDetection: 1,
        reportDelayDays: 0,
        contactsPerCase: 4,
        baseHealthWorkers: 30,
        healthWorkersPerPatient: 0,
        healthWorkersPerIcuPatient: 0,
      },
      supplies: [{ id: 'kits', stock: 1e6, perContactTraced: 1, perCase: 1, perHealthWorkerDay: 0.5 }],
    });
    expect(Array.from(d.supplies[0].use)).toEqual([15, 15, 15 + 400 + 100]);
  });

  it('names the offending field', () => {
    expect(() => estimateDemand([1, 2], { clinical: { deathRate: 2 } })).toThrow('clinical.deathRate: must be ≤ 1');
    expect(() => estimateDemand([1, 2], { supplies: [{ id: 'a', stock: -1 }] })).toThrow('supplies[0].stock: must be ≥ 0');
    expect(() => estimateDemand([1, Number.NaN])).toThrow('infections[1]');
    expect(() => estimateDemand([1], { clinical: { hospital: { rate: 0.1, lengthOfStay: 2.5 } } })).toThrow(
      'clinical.hospital.lengthOfStay',
    );
  });

  it('capacityCheck without a capacity reports the peak only', () => {
    expect(capacityCheck([1, 5, 2], null)).toEqual({ capacity: null, peak: 5, peakDay: 1, firstDayOver: null, daysOver: 0 });
  });
});
