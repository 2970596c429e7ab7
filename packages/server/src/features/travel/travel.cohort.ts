/**
 * The exposure cohort of a case on a trip (docs/travel.md): every other person of the manifest ranked by how
 * close they were to the case, with a suggested risk category the investigator confirms or changes.
 *
 * | trip         | rank 1 (high)                        | rank 2 (medium)           | rank 3 (low)          |
 * | ------------ | ------------------------------------ | ------------------------- | --------------------- |
 * | voyage       | same cabin                           | same deck                 | same vessel           |
 * | train        | same carriage, within 3 seat rows    | same carriage             | same train            |
 * | bus          | within 3 seat rows                   | same bus (closed vehicle) | —                     |
 * | flight       | within 3 seat rows (WHO: ±2 rows +1) | —                         | same flight           |
 * | port shift   | same post                            | same work area            | same shift at berth   |
 *
 * People whose part of the journey did not overlap the case's (both boarding and alighting stops known, in the
 * trip's order of stops) are left out. Pure functions: no database.
 */
import type { Proximity, TripCall, TripMode } from './travel.tables.ts';

export interface Position {
  deck: string;
  cabin: string;
  seat: string;
  boardedAt: string;
  alightedAt: string;
}
export interface CohortTrip {
  mode: TripMode;
  origin: string;
  destination: string;
  departsAt: Date;
  arrivesAt: Date;
  calls: readonly TripCall[];
}
export interface Placement {
  proximity: Proximity;
  rank: 1 | 2 | 3;
  risk: 'high' | 'medium' | 'low';
  lastExposureAt: Date;
}

const same = (a: string, b: string) => a.trim() !== '' && a.trim().toLowerCase() === b.trim().toLowerCase();

/** The row of a seat: its leading number ("12C" → 12, "05" → 5), or null. */
export function seatRow(seat: string): number | null {
  const m = /^\s*0*(\d{1,4})/.exec(seat);
  return m ? Number(m[1]) : null;
}

function nearSeat(a: string, b: string): boolean {
  if (same(a, b)) return true;
  const ra = seatRow(a);
  const rb = seatRow(b);
  return ra !== null && rb !== null && Math.abs(ra - rb) <= 3;
}

const RISK = { 1: 'high', 2: 'medium', 3: 'low' } as const;

function rankOf(mode: TripMode, c: Position, p: Position): { proximity: Proximity; rank: 1 | 2 | 3 } {
  switch (mode) {
    case 'voyage':
      if (same(c.deck, p.deck) && same(c.cabin, p.cabin)) return { proximity: 'same_cabin', rank: 1 };
      if (c.deck.trim() === '' && same(c.cabin, p.cabin)) return { proximity: 'same_cabin', rank: 1 };
      if (same(c.deck, p.deck)) return { proximity: 'same_deck', rank: 2 };
      return { proximity: 'same_vessel', rank: 3 };
    case 'train':
      if (same(c.deck, p.deck) && nearSeat(c.seat, p.seat)) return { proximity: 'near_seat', rank: 1 };
      if (same(c.deck, p.deck)) return { proximity: 'same_carriage', rank: 2 };
      return { proximity: 'same_vehicle', rank: 3 };
    case 'bus':
      if (nearSeat(c.seat, p.seat)) return { proximity: 'near_seat', rank: 1 };
      return { proximity: 'same_vehicle', rank: 2 };
    case 'flight':
      if (nearSeat(c.seat, p.seat)) return { proximity: 'near_seat', rank: 1 };
      return { proximity: 'same_vehicle', rank: 3 };
    case 'port_shift':
      if (same(c.deck, p.deck) && same(c.seat, p.seat)) return { proximity: 'same_post', rank: 1 };
      if (same(c.deck, p.deck)) return { proximity: 'same_area', rank: 2 };
      return { proximity: 'same_shift', rank: 3 };
  }
}

/** The stops of a trip in order with the time the trip is there (arrival; departure for the origin). */
export function stopsOf(trip: CohortTrip): { place: string; at: Date }[] {
  return [
    { place: trip.origin, at: trip.departsAt },
    ...trip.calls.map((c) => ({ place: c.place, at: new Date(c.arrivesAt ?? c.departsAt ?? trip.departsAt) })),
    { place: trip.destination, at: trip.arrivesAt },
  ];
}

function indexOf(stops: { place: string }[], place: string): number {
  if (place.trim() === '') return -1;
  return stops.findIndex((s) => same(s.place, place) || (s.place.trim() !== '' && s.place.includes(place.trim())));
}

/** The part of the trip a person was aboard, as stop indexes [from, to]; unknown ends are the trip's ends. */
function legOf(stops: { place: string }[], p: Position): [number, number] {
  const b = indexOf(stops, p.boardedAt);
  const a = indexOf(stops, p.alightedAt);
  return [b < 0 ? 0 : b, a < 0 ? stops.length - 1 : a];
}

/**
 * Where a manifest person stands to the case, or null when they were not aboard at the same time. The last
 * exposure is when the first of the two left the trip (the trip's arrival when unknown).
 */
export function placeInCohort(trip: CohortTrip, caseAt: Position, person: Position, stops = stopsOf(trip)): Placement | null {
  const [cb, ca] = legOf(stops, caseAt);
  const [pb, pa] = legOf(stops, person);
  const from = cb > pb ? cb : pb;
  const to = ca < pa ? ca : pa;
  if (from >= to && !(from === to && cb === ca)) return null;
  const { proximity, rank } = rankOf(trip.mode, caseAt, person);
  const at = stops[to]?.at ?? trip.arrivesAt;
  return { proximity, rank, risk: RISK[rank], lastExposureAt: at };
}
