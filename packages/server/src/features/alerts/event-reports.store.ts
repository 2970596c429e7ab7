/**
 * Queries of event reports. Reads apply the caller's scope to the report's place (`inScope`), so a report of
 * another township is simply not found.
 */
import { type SQL, and, count, desc, eq } from 'drizzle-orm';
import { type Scope, inScope } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { type AlertStatus, alerts, eventReports } from './alerts.tables.ts';

const columns = {
  report: eventReports,
  alert: { code: alerts.code, status: alerts.status },
  jurisdiction: { id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn, level: jurisdictions.level },
  disease: { id: diseases.id, name: diseases.name, nameEn: diseases.nameEn },
  reporter: { id: users.id, displayName: users.displayName },
};

export type EventReportRecord = {
  report: typeof eventReports.$inferSelect;
  alert: { code: string; status: AlertStatus };
  jurisdiction: { id: string; name: string; nameEn: string; level: string };
  disease: { id: string; name: string; nameEn: string } | null;
  reporter: { id: string; displayName: string };
};

function selectReports(db: Executor) {
  return db
    .select(columns)
    .from(eventReports)
    .innerJoin(alerts, eq(alerts.id, eventReports.alertId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, eventReports.jurisdictionId))
    .innerJoin(users, eq(users.id, eventReports.reportedBy))
    .leftJoin(diseases, eq(diseases.id, eventReports.suspectedDiseaseId));
}

export async function insertEventReport(tx: Tx, values: typeof eventReports.$inferInsert) {
  const [row] = await tx.insert(eventReports).values(values).returning();
  return row!;
}

export async function findEventReport(db: Executor, scope: Scope, id: string): Promise<EventReportRecord | undefined> {
  const [row] = await selectReports(db).where(and(eq(eventReports.id, id), inScope(scope, eventReports.jurisdictionId)));
  return row as EventReportRecord | undefined;
}

/** The report behind an alert (read after the alert itself was found in scope). */
export async function eventReportOfAlert(db: Executor, alertId: string): Promise<EventReportRecord | undefined> {
  const [row] = await selectReports(db).where(eq(eventReports.alertId, alertId));
  return row as EventReportRecord | undefined;
}

export async function listEventReports(db: Executor, scope: Scope, filter: { reportedBy?: string; page: number; pageSize: number }) {
  const where: SQL[] = [inScope(scope, eventReports.jurisdictionId)];
  if (filter.reportedBy) where.push(eq(eventReports.reportedBy, filter.reportedBy));
  const [items, totals] = await Promise.all([
    selectReports(db)
      .where(and(...where))
      .orderBy(desc(eventReports.createdAt), desc(eventReports.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db
      .select({ total: count() })
      .from(eventReports)
      .where(and(...where)),
  ]);
  return { items: items as EventReportRecord[], total: totals[0]!.total };
}

export async function placeById(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: jurisdictions.id,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      path: jurisdictions.path,
      level: jurisdictions.level,
    })
    .from(jurisdictions)
    .where(eq(jurisdictions.id, id));
  return row;
}

export async function diseaseById(db: Executor, id: string) {
  const [row] = await db.select().from(diseases).where(eq(diseases.id, id));
  return row;
}
