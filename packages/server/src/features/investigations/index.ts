/**
 * The investigations feature's public entry (docs/travel.md): its tables. Everything else in the folder is private.
 */
export * from './investigations.tables.ts';
