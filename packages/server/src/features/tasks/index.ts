/**
 * The tasks feature's public entry: what other features may use. Everything else in the folder is private
 * (the dependency rule, docs/architecture.md, refuses an import that bypasses this file).
 */
export * from './task-creation.ts';
export * from './tasks.tables.ts';
export { transitionTask, visibleTask } from './tasks.service.ts';
