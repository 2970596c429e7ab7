/**
 * The reports feature's public entry: what other features may use. Everything else in the folder is private
 * (the dependency rule, docs/architecture.md, refuses an import that bypasses this file). Public bulletins
 * (features/bulletins) read their figures through areaCaseFigures: the situation report's queries.
 */
export * from './reports.tables.ts';
// assessment prints its reviews with the same font and the same treatment of missing glyphs
export { MISSING_GLYPH, printableText, REPORT_FONT_PATH, table as pdfTable } from './reports.pdf.ts';
export {
  AGE_BANDS,
  type AgeBand,
  type AgeSexRow,
  type AreaCaseFigures,
  areaCaseFigures,
  addDays,
  CURVE_DAYS,
  type TownshipCases,
} from './reports.figures.ts';
