/**
 * Every Drizzle table of the application, one line per feature.
 *
 * A feature adds its `<feature>.tables.ts` here (and its SQL in migrations/NNNN_<feature>.sql); the drift test
 * then checks its definitions against the migrated database, and backups include its tables automatically.
 */
export * from './platform.tables.ts';
export * from '../../features/registry/registry.tables.ts';
export * from '../../features/cases/cases.tables.ts';
export * from '../../features/feeds/feeds.tables.ts';
export * from '../../features/detection/signals.tables.ts';
export * from '../../features/detection/detection.tables.ts';
export * from '../../features/alerts/alerts.core.tables.ts';
export * from '../../features/notifications/notifications.tables.ts';
export * from '../../features/incidents/incidents.core.tables.ts';
export * from '../../features/alerts/alerts.tables.ts';
export * from '../../features/dashboard/dashboard.tables.ts';
export * from '../../features/tasks/tasks.tables.ts';
export * from '../../features/plans/plans.tables.ts';
export * from '../../features/incidents/incidents.tables.ts';
export * from '../../features/meetings/meetings.tables.ts';
export * from '../../features/reports/reports.tables.ts';
export * from '../../features/imports/imports.tables.ts';
