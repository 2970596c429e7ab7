/**
 * The cases feature's public entry: what other features may use. Everything else in the folder is private
 * (the dependency rule, docs/architecture.md, refuses an import that bypasses this file).
 */
export * from './case-input.ts';
export * from './cases.tables.ts';
export * from './identity-protection.ts';
export * from './timeliness.ts';
// Case sets: the cases behind a signal, an alert or an incident, counted by detection's rule and listed within
// the reader's rights (case-sets.ts).
export {
  type CaseLineItem,
  type CaseLineList,
  type CaseSetCriteria,
  caseIdsOf,
  caseLineListFor,
  caseSetMatch,
  countCaseSet,
  countedCaseSql,
  countedCaseSqlFor,
  earliestOnsetOf,
  LINE_LIST_LIMIT,
  onsetDaySql,
  readableCaseIds,
  readableCaseRef,
} from './case-sets.ts';
export { CaseLineItemSchema, CaseLineListSchema } from './cases.schema.ts';
// contact tracing files a symptomatic contact's case report in its own transaction, and reads the source case
export { fileCaseReportInTx } from './cases.service.ts';
export { findCaseRow, type CaseRow } from './cases.store.ts';
export { makeResidentId, parseResidentId } from './resident-id.ts';
// re-imports (issue 12, item 2): the duplicate rules applied to incoming rows, and their updates as card versions
export { findExistingMatches, MATCH_WINDOW_DAYS, type ExistingReportMatch, type MatchCandidate } from './existing-matches.ts';
export { recordImportUpdates, type ImportUpdateVersion } from './case-corrections.ts';
// neighbours (issue 16): a neighbour's update of a case accepted from it is a version of the card, as a correction is
export { type NeighbourCaseValues, recordNeighbourUpdate } from './case-corrections.ts';
// the recorded past outbreaks of the demo history (alerts/outbreak-history.demo.ts records them)
export { PAST_OUTBREAKS, type PastOutbreakSpec } from './demo-history.ts';
