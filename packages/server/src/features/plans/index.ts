/**
 * The plans feature's public entry: what other features may use. Everything else in the folder is private
 * (the dependency rule, docs/architecture.md, refuses an import that bypasses this file).
 */
export * from './plans.content.ts';
export * from './plans.demo-content.ts';
export * from './plans.store.ts';
export * from './plans.tables.ts';
export * from './response-vocabulary.ts';
