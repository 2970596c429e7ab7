/**
 * The training feature's public entry (response layer): its tables and routes for the composition, and the
 * certificate arithmetic.
 */
export * from './training.tables.ts';
export { registerTrainingRoutes } from './training.routes.ts';
export { expiryOf, standingOf } from './readiness.ts';
export { seedTrainingDemo } from './training.demo.ts';
