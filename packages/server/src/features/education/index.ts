/**
 * The education feature's public entry (response layer): its tables and routes for the composition.
 */
export * from './education.tables.ts';
export { registerEducationRoutes } from './education.routes.ts';
export { seedEducationDemo } from './education.demo.ts';
