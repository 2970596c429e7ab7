/**
 * The travel feature's public entry (docs/travel.md): its tables, and linking a case to a trip inside a
 * transaction (the investigation's journey entries use it). Everything else in the folder is private.
 */
export * from './travel.tables.ts';
export { linkCaseInTx } from './travel.service.ts';
