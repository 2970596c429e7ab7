/**
 * Every query of the disease catalogue: district-wide reference data, without scope.
 */
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { diseases } from './catalogue.tables.ts';
import type { DiseaseCreate, DiseasePatch } from './catalogue.schema.ts';

export type DiseaseRow = typeof diseases.$inferSelect;

export async function listDiseases(db: Executor, includeInactive: boolean): Promise<DiseaseRow[]> {
  return db
    .select()
    .from(diseases)
    .where(includeInactive ? undefined : eq(diseases.active, true))
    .orderBy(asc(diseases.sortOrder), asc(diseases.code));
}

export async function findDisease(db: Executor, id: string): Promise<DiseaseRow | undefined> {
  const [row] = await db.select().from(diseases).where(eq(diseases.id, id));
  return row;
}

export async function insertDisease(
  db: Executor,
  values: DiseaseCreate & { reportDeadlineHours: number; verificationHours: number },
): Promise<DiseaseRow> {
  const [row] = await db.insert(diseases).values(values).returning();
  return row!;
}

export async function updateDisease(db: Executor, id: string, patch: DiseasePatch): Promise<DiseaseRow | undefined> {
  const [row] = await db
    .update(diseases)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(diseases.id, id))
    .returning();
  return row;
}
