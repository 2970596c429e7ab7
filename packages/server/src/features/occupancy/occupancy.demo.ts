/**
 * Demo bed occupancy: the last 14 days of daily reports of the district's care facilities, rising with the
 * example outbreak. Today, the district people's hospital (the demo reporter's own, so that the form has work to
 * do) and one township health centre have not reported yet — what a real morning looks like on the board.
 * Idempotent: a facility's day already reported is left alone.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { districtDay } from './occupancy.rules.ts';
import { careFacilities } from './occupancy.store.ts';
import { bedOccupancy } from './occupancy.tables.ts';

const DAYS = 14;
/** facilities that have not reported today in the demo (by name) */
const LATE_TODAY = ['嘉江区人民医院'];

export async function seedOccupancyDemo(database: Database, ctx: { districtId: string; now: Date }): Promise<void> {
  const [district] = await database.db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, ctx.districtId));
  if (!district) return;
  const list = (await careFacilities(database.db, sql`${jurisdictions.path} LIKE ${`${district.path}%`}`)).filter(
    (f) => f.beds + f.icuBeds + f.isolationRooms > 0,
  );
  const today = districtDay(ctx.now);
  const townshipCentre = list.find((f) => f.type === 'township_health_centre');
  const late = new Set([...LATE_TODAY, ...(townshipCentre ? [townshipCentre.name] : [])]);
  const rows: (typeof bedOccupancy.$inferInsert)[] = [];
  list.forEach((f, i) => {
    for (let back = DAYS - 1; back >= 0; back--) {
      const date = districtDay(new Date(ctx.now.getTime() - back * 86_400_000));
      if (date === today && late.has(f.name)) continue;
      // a base share per facility, rising by up to 20 points over the fortnight (the outbreak's admissions)
      const share = Math.min(0.95, 0.45 + ((i * 7) % 20) / 100 + ((DAYS - 1 - back) / (DAYS - 1)) * 0.2);
      const part = (capacity: number, factor: number) => Math.min(capacity, Math.round(capacity * share * factor));
      rows.push({
        facilityId: f.id,
        jurisdictionId: f.jurisdictionId,
        reportDate: date,
        bedsOccupied: part(f.beds, 1),
        icuBedsOccupied: part(f.icuBeds, 0.8),
        isolationRoomsOccupied: part(f.isolationRooms, 0.9),
        bedsCapacity: f.beds,
        icuBedsCapacity: f.icuBeds,
        isolationRoomsCapacity: f.isolationRooms,
        source: 'demo',
      });
    }
  });
  if (rows.length === 0) return;
  await database.db
    .insert(bedOccupancy)
    .values(rows)
    .onConflictDoNothing({ target: [bedOccupancy.facilityId, bedOccupancy.reportDate] });
}
