/**
 * The assessment feature's public entry (a read model: it reads cases, alerts, incidents, plans, tasks and
 * reports through their entries; nothing below may import it). Everything else in the folder is private.
 */
export * from './assessment.tables.ts';
// exercises (docs/exercises.md): an exercise's scorecard becomes the draft of its after-action review
export { createReviewAs } from './reviews.service.ts';
