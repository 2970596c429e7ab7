/**
 * The cohort rules (travel.cohort.ts): proximity ranks per kind of trip, suggested risk, legs that do not overlap,
 * and the last exposure when the first of the two left.
 */
import { describe, expect, it } from 'vitest';
import { placeInCohort, seatRow } from './travel.cohort.ts';

const at = (h: number) => new Date(Date.UTC(2026, 10, 28, h));
const voyage = {
  mode: 'voyage' as const,
  origin: '重庆朝天门',
  destination: '宜昌',
  departsAt: at(0),
  arrivesAt: at(30),
  calls: [
    { place: '涪陵', arrivesAt: at(4).toISOString(), departsAt: at(5).toISOString() },
    { place: '万州', arrivesAt: at(12).toISOString(), departsAt: at(13).toISOString() },
  ],
};
const pos = (deck: string, cabin: string, seat = '', boardedAt = '', alightedAt = '') => ({ deck, cabin, seat, boardedAt, alightedAt });

describe('exposure cohort placement', () => {
  it('voyage: same cabin > same deck > same vessel, with high / medium / low', () => {
    const c = pos('3', '305');
    expect(placeInCohort(voyage, c, pos('3', '305'))).toMatchObject({ proximity: 'same_cabin', rank: 1, risk: 'high' });
    expect(placeInCohort(voyage, c, pos('3', '310'))).toMatchObject({ proximity: 'same_deck', rank: 2, risk: 'medium' });
    expect(placeInCohort(voyage, c, pos('2', '305'))).toMatchObject({ proximity: 'same_vessel', rank: 3, risk: 'low' });
    // an empty deck on both sides is not "the same deck"
    expect(placeInCohort(voyage, pos('', ''), pos('', ''))).toMatchObject({ proximity: 'same_vessel', rank: 3 });
  });

  it('leaves out people whose leg did not overlap, and dates the last exposure at the first to leave', () => {
    const c = pos('3', '305', '', '重庆朝天门', '涪陵');
    expect(placeInCohort(voyage, c, pos('3', '305', '', '万州', '宜昌'))).toBeNull();
    expect(placeInCohort(voyage, c, pos('3', '305', '', '', ''))?.lastExposureAt).toEqual(at(4));
    expect(placeInCohort(voyage, pos('3', '305'), pos('3', '301'))?.lastExposureAt).toEqual(at(30));
    // boarding where the case left: never aboard together
    expect(placeInCohort(voyage, c, pos('3', '305', '', '涪陵', '万州'))).toBeNull();
  });

  it('train: same carriage within 3 rows > same carriage > same train; bus and flight; port shift', () => {
    const train = { ...voyage, mode: 'train' as const, calls: [] };
    expect(placeInCohort(train, pos('5', '', '12A'), pos('5', '', '15F'))).toMatchObject({ proximity: 'near_seat', rank: 1 });
    expect(placeInCohort(train, pos('5', '', '12A'), pos('5', '', '16F'))).toMatchObject({ proximity: 'same_carriage', rank: 2 });
    expect(placeInCohort(train, pos('5', '', '12A'), pos('6', '', '12A'))).toMatchObject({ proximity: 'same_vehicle', rank: 3 });
    const bus = { ...train, mode: 'bus' as const };
    expect(placeInCohort(bus, pos('', '', '7'), pos('', '', '9'))).toMatchObject({ rank: 1, risk: 'high' });
    expect(placeInCohort(bus, pos('', '', '7'), pos('', '', '30'))).toMatchObject({ proximity: 'same_vehicle', rank: 2, risk: 'medium' });
    const flight = { ...train, mode: 'flight' as const };
    expect(placeInCohort(flight, pos('', '', '21C'), pos('', '', '40A'))).toMatchObject({ rank: 3, risk: 'low' });
    const shift = { ...train, mode: 'port_shift' as const };
    expect(placeInCohort(shift, pos('B区', '', '吊机'), pos('B区', '', '吊机'))).toMatchObject({ proximity: 'same_post', rank: 1 });
    expect(placeInCohort(shift, pos('B区', '', '吊机'), pos('B区', '', '理货'))).toMatchObject({ proximity: 'same_area', rank: 2 });
    expect(placeInCohort(shift, pos('B区', '', '吊机'), pos('C区', '', '吊机'))).toMatchObject({ proximity: 'same_shift', rank: 3 });
  });

  it('reads seat rows', () => {
    expect(seatRow('05A')).toBe(5);
    expect(seatRow('12')).toBe(12);
    expect(seatRow('上铺')).toBeNull();
  });
});
