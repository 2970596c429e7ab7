/**
 * The rules of a daily occupancy report, one place for the form and the import (docs/occupancy.md):
 * whole numbers, none negative; occupied within the facility's capacity unless the report is flagged as above
 * capacity (surge beds, corridor beds) with a note saying why; the day not in the future (district time).
 */
export interface OccupancyFigures {
  bedsOccupied: number;
  icuBedsOccupied: number;
  isolationRoomsOccupied: number;
}

export interface FacilityCapacity {
  beds: number;
  icuBeds: number;
  isolationRooms: number;
}

export interface OccupancyIssue {
  path: string;
  code: 'required' | 'not_integer' | 'negative' | 'over_capacity' | 'note_required' | 'future_date';
  message: string;
  params?: Record<string, string | number>;
}

const FIELDS = [
  ['bedsOccupied', 'beds'],
  ['icuBedsOccupied', 'icuBeds'],
  ['isolationRoomsOccupied', 'isolationRooms'],
] as const;

/** China Standard Time calendar day of an instant. */
export function districtDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The problems of one report against its facility's capacity (empty when it may be saved). */
export function occupancyIssues(
  report: OccupancyFigures & { reportDate: string; overCapacity: boolean; note: string },
  capacity: FacilityCapacity,
  now: Date,
): OccupancyIssue[] {
  const issues: OccupancyIssue[] = [];
  if (report.reportDate > districtDay(now)) issues.push({ path: 'date', code: 'future_date', message: 'must not be after today' });
  let over = false;
  for (const [field, cap] of FIELDS) {
    const value = report[field];
    if (!Number.isFinite(value)) issues.push({ path: field, code: 'required', message: 'must be a number' });
    else if (!Number.isInteger(value)) issues.push({ path: field, code: 'not_integer', message: 'must be a whole number' });
    else if (value < 0) issues.push({ path: field, code: 'negative', message: 'must not be negative' });
    else if (value > capacity[cap]) {
      over = true;
      if (!report.overCapacity) {
        issues.push({
          path: field,
          code: 'over_capacity',
          message: `more than the ${capacity[cap]} registered; flag the report as above capacity to keep it`,
          params: { capacity: capacity[cap] },
        });
      }
    }
  }
  if (over && report.overCapacity && report.note.trim() === '')
    issues.push({ path: 'note', code: 'note_required', message: 'say why the facility is above capacity' });
  return issues;
}

/** Occupied share of a capacity, per cent with one decimal; null without capacity. */
export function occupancyRate(occupied: number, capacity: number): number | null {
  return capacity > 0 ? Math.round((occupied / capacity) * 1000) / 10 : null;
}
