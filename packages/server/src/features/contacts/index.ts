/**
 * The contacts feature's public entry: what other features may use (tables and status sets for read models,
 * the daily job's work). Everything else in the folder is private.
 */
export * from './contacts.tables.ts';
export { completeEndedFollowUps } from './contacts.service.ts';
// travel cohorts (features/travel) register their confirmed members as contacts of the source case
export { type CaseContactInput, registerCaseContactsInTx } from './contacts.service.ts';
// the situation report (features/reports) shows the area's tracing KPIs
export { tracingKpisOfArea } from './kpis.ts';
export { type Kpis as ContactKpis, KpiSchema as ContactKpisSchema } from './tracing.schema.ts';
// neighbours (issue 16): a contact's window moves with an update of its last exposure from a neighbour
export { followUpUntil } from './follow-up-clock.ts';
