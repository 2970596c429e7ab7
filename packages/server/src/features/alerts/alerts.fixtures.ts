/**
 * Test fixtures of the alerts feature: catalogue entries and signals written straight into the tables (the
 * detection feature's own code is not needed to test intake and the workflow).
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/db/database.ts';
import { diseases } from '../catalogue/index.ts';
import { signals } from '../detection/index.ts';
import { feedTypes } from '../catalogue/index.ts';
import { uniqueSuffix } from '../../test-support/index.ts';
import { intakeSignals } from './alert-intake.ts';

export async function buildDisease(database: Database, cls: 'A' | 'B' | 'C', overrides: Partial<typeof diseases.$inferInsert> = {}) {
  const suffix = uniqueSuffix();
  const urgent = cls === 'A' || overrides.managedAsClassA === true;
  const [row] = await database.db
    .insert(diseases)
    .values({
      code: `d${suffix}`,
      name: `病${suffix}`,
      nameEn: `Disease ${suffix}`,
      class: cls,
      reportDeadlineHours: urgent ? 2 : 24,
      defaultMethod: urgent ? 'cidars_fixed' : 'cidars_mpm',
      verificationHours: urgent ? 2 : 24,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function buildFeedType(database: Database) {
  const suffix = uniqueSuffix();
  const [row] = await database.db
    .insert(feedTypes)
    .values({ code: `f${suffix}`, name: `发热门诊${suffix}`, nameEn: `Fever clinic ${suffix}`, measure: 'count' })
    .returning();
  return row!;
}

/** Inserts signals (defaults: an aberration of 5 observed against a threshold of 2) and returns the rows. */
export async function insertSignals(database: Database, rows: Array<Partial<typeof signals.$inferInsert> & { jurisdictionId: string }>) {
  return database.db
    .insert(signals)
    .values(
      rows.map((r) => ({
        kind: 'aberration' as const,
        method: 'cidars_mpm',
        parameters: { percentile: 80 },
        periodStart: '2026-11-20',
        periodEnd: '2026-11-26',
        observed: 5,
        expected: 1.5,
        threshold: 2,
        explanation: { baseline: [1, 2, 1, 2, 1] },
        dedupeKey: randomUUID(),
        ...r,
      })),
    )
    .returning();
}

/** Inserts signals and passes them through intake; returns intake's result. */
export async function signalsToAlerts(database: Database, rows: Parameters<typeof insertSignals>[1], now = new Date()) {
  const stored = await insertSignals(database, rows);
  return database.db.transaction((tx) => intakeSignals(tx, stored, { now }));
}
