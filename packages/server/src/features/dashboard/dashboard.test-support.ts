/** Factories for the dashboard's tests: a disease and case rows with sensible defaults. */
import type { Database } from '../../platform/db/database.ts';
import { uniqueSuffix } from '../../test-support/index.ts';
import type { caseReports } from '../cases/cases.tables.ts';
import { diseases } from '../catalogue/index.ts';

export async function buildDisease(database: Database, code = `d${uniqueSuffix()}`) {
  const [row] = await database.db
    .insert(diseases)
    .values({ code, name: `病${code}`, nameEn: `Disease ${code}`, class: 'B', reportDeadlineHours: 24, defaultMethod: 'cidars_mpm' })
    .returning();
  return row!;
}

export function caseRow(diseaseId: string, jurisdictionId: string, over: Partial<typeof caseReports.$inferInsert> = {}) {
  return {
    diseaseId,
    jurisdictionId,
    personName: '测试',
    sex: 'male' as const,
    idType: 'none' as const,
    classification: 'confirmed' as const,
    onsetDate: '2026-03-01',
    diagnosisAt: new Date('2026-03-02T02:00:00Z'),
    reportedAt: new Date('2026-03-02T05:00:00Z'),
    source: 'form' as const,
    ...over,
  };
}
