/**
 * The alerts feature's public entry: what other features may use. Everything else in the folder is private
 * (the dependency rule, docs/architecture.md, refuses an import that bypasses this file).
 */
export * from './alerts.tables.ts';
// the incidents demo walks the demo outbreak's alert through the workflow before opening the incident from it
export { type AlertActionInput, actOnAlert } from './alerts.service.ts';
// the neighbours feature matches a neighbour's border alert against the same subscriptions (issue 16)
export { type AlertFacts, alertClassOf, loadSubscription, subscribersOf, subscriptionCovers } from './alerts.subscriptions.ts';
