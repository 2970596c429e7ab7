/**
 * The imports feature's public entry: what other features may use. Everything else in the folder is private
 * (the dependency rule, docs/architecture.md, refuses an import that bypasses this file).
 */
export * from './imports.kinds.ts';
export * from './imports.mapping.ts';
// reading a table (CSV in any encoding Chinese Excel writes, or XLSX) for imports that write in one request
// (a voyage's manifest, features/travel)
export { detectEncoding, detectFormat, inspectTable, readHeader, readTable } from './imports.parse.ts';
export { CASE_VALUE_WORDS, fieldError, type RowOutcome } from './imports.cases.ts';
export type { ExistingMatch } from './imports.tables.ts';
