/**
 * The meetings feature's public entry: what other features may use (docs/architecture.md). A stock request raised
 * from a meeting decision names the decision through `visibleDecision`.
 */
export { visibleDecision } from './meetings.store.ts';
