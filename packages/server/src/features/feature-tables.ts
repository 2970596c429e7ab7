/**
 * Every Drizzle table of the application, one line per feature (composition level: the platform imports no
 * feature, and Drizzle needs no schema object because nothing uses `db.query.*`).
 *
 * A feature adds its `<feature>.tables.ts` here (and its SQL in migrations/NNNN_<feature>.sql); the drift test
 * (platform/db/schema-drift.test.ts) then checks its definitions against the migrated database, and backups
 * include its tables automatically.
 */
export * from '../platform/db/platform.tables.ts';
export * from '../platform/keys/keys.tables.ts';
export * from './registry/registry.tables.ts';
export * from './catalogue/catalogue.tables.ts';
export * from './cases/cases.tables.ts';
export * from './occupancy/occupancy.tables.ts';
export * from './feeds/feeds.tables.ts';
export * from './detection/signals.tables.ts';
export * from './detection/detection.tables.ts';
export * from './notifications/notifications.tables.ts';
export * from './alerts/alerts.tables.ts';
export * from './dashboard/dashboard.tables.ts';
export * from './tasks/tasks.tables.ts';
export * from './plans/plans.tables.ts';
export * from './incidents/incidents.tables.ts';
export * from './meetings/meetings.tables.ts';
export * from './reports/reports.tables.ts';
export * from './imports/imports.tables.ts';
export * from './contacts/contacts.tables.ts';
export * from './travel/travel.tables.ts';
export * from './investigations/investigations.tables.ts';
export * from './quarantine/quarantine.tables.ts';
export * from './psych/psych.tables.ts';
export * from './assessment/assessment.tables.ts';
export * from './stock/stock.tables.ts';
export * from './bulletins/bulletins.tables.ts';
export * from './volunteers/volunteers.tables.ts';
export * from './training/training.tables.ts';
export * from './education/education.tables.ts';
export * from './neighbours/neighbours.tables.ts';
export * from './exercises/exercises.tables.ts';
export * from './neighbours/neighbours.aid-figures.tables.ts';
