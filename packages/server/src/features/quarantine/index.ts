/**
 * The quarantine feature's public entry (docs/quarantine.md): tables and status sets, and the occupancy read
 * the dashboard shows. Everything else in the folder is private.
 */
export * from './quarantine.tables.ts';
export { occupancyFor } from './quarantine.service.ts';
export { seedQuarantineDemo } from './quarantine.demo.ts';
