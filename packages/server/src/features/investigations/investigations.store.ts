/**
 * Every query of the investigations feature; investigations and their entries are scoped by the case's
 * jurisdiction (the case's own scope check comes first, in the service).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { travelExposures, travelTrips } from '../travel/index.ts';
import { investigationEvents, investigations } from './investigations.tables.ts';

export type InvestigationRow = typeof investigations.$inferSelect;
export type EventRow = typeof investigationEvents.$inferSelect;

export async function findInvestigationOfCase(db: Executor, caseId: string, forUpdate = false): Promise<InvestigationRow | undefined> {
  const q = db.select().from(investigations).where(eq(investigations.caseId, caseId));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function findInvestigation(db: Executor, id: string, forUpdate = false): Promise<InvestigationRow | undefined> {
  const q = db.select().from(investigations).where(eq(investigations.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function investigatorName(db: Executor, id: string | null): Promise<string | null> {
  if (!id) return null;
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, id));
  return row?.name ?? null;
}

export async function eventsOf(db: Executor, investigationId: string, caseId: string) {
  return db
    .select({
      event: investigationEvents,
      tripCode: travelTrips.code,
      tripMode: travelTrips.mode,
      tripNumber: travelTrips.serviceNumber,
      exposureId: travelExposures.id,
    })
    .from(investigationEvents)
    .leftJoin(travelTrips, eq(travelTrips.id, investigationEvents.tripId))
    .leftJoin(travelExposures, and(eq(travelExposures.tripId, investigationEvents.tripId), eq(travelExposures.caseId, caseId)))
    .where(eq(investigationEvents.investigationId, investigationId))
    .orderBy(asc(investigationEvents.startsAt), asc(investigationEvents.createdAt));
}

export async function findEvent(db: Executor, investigationId: string, eventId: string): Promise<EventRow | undefined> {
  const [row] = await db
    .select()
    .from(investigationEvents)
    .where(and(eq(investigationEvents.id, eventId), eq(investigationEvents.investigationId, investigationId)))
    .for('update');
  return row;
}

export async function incubationOf(db: Executor, diseaseId: string): Promise<number> {
  const [row] = await db.select({ days: diseases.maxIncubationDays }).from(diseases).where(eq(diseases.id, diseaseId));
  return row?.days ?? 14;
}

export async function findTripBrief(db: Executor, id: string) {
  const [row] = await db
    .select({ id: travelTrips.id, mode: travelTrips.mode, number: travelTrips.serviceNumber })
    .from(travelTrips)
    .where(eq(travelTrips.id, id));
  return row;
}
