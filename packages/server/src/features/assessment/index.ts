/**
 * The assessment feature's public entry (a read model: it reads cases, alerts, incidents, plans, tasks and
 * reports through their entries; nothing below may import it). Everything else in the folder is private.
 */
export * from './assessment.tables.ts';
