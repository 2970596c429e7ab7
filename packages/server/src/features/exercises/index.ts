/**
 * The exercises feature's public entry (docs/exercises.md). A read model above the response: nothing imports it
 * but the composition; the marks it leaves on other features' records are their own columns.
 */
export * from './exercises.tables.ts';
export { registerExercisesHooks } from './exercises.hooks.ts';
