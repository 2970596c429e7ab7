/**
 * Drizzle definition of migrations/0014_case_daily_counts.sql (the SQL is the source of truth; the drift test
 * compares). The table is written only by the triggers on case_reports and refresh_case_daily_counts().
 */
import { date, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { diseases } from '../catalogue/index.ts';

export const COUNT_BASES = ['onset', 'report'] as const;
export type CountBasis = (typeof COUNT_BASES)[number];

export const caseDailyCounts = pgTable(
  'case_daily_counts',
  {
    diseaseId: uuid('disease_id')
      .notNull()
      .references(() => diseases.id),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    date: date('date').notNull(),
    basis: text('basis').$type<CountBasis>().notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.basis, t.diseaseId, t.date, t.jurisdictionId] })],
);
