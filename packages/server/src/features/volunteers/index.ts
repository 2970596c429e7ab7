/**
 * The volunteers feature's public entry (response layer): its tables (training enrols and certifies volunteers),
 * the routes for the composition, and the active rule.
 */
export * from './volunteers.tables.ts';
export { registerVolunteersRoutes } from './volunteers.routes.ts';
export { ACTIVE_HOURS_PER_MONTH, activityOf } from './volunteer-activity.ts';
export { seedVolunteersDemo } from './volunteers.demo.ts';
