/**
 * Public entry of emergency materials and logistics (response layer, docs/stock.md): the tables (drift test), the
 * open request statuses, the stock picture (dashboards, scenarios), the routes, jobs and demo.
 */
export * from './stock.tables.ts';
export { fefoPick, type LotBalance, type LotPick } from './stock.ledger.ts';
export { coverOf, stockPicture } from './stock.service.ts';
export { getScenarioFor } from './stock.scenarios.ts';
export { registerStockRoutes } from './stock.routes.ts';
export {
  applyExerciseStockShock,
  archiveExerciseStockShocks,
  checkStockShockContent,
  exerciseStockPicture,
  type StockShockContent,
} from './stock.exercise.ts';
