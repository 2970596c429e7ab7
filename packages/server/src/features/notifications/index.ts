/**
 * The notifications feature's public entry: what other features may use. Everything else in the folder is private
 * (the dependency rule, docs/architecture.md, refuses an import that bypasses this file).
 */
export * from './notifications.tables.ts';
export * from './notify.ts';
export * from './notifications.hooks.ts';
