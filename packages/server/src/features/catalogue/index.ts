/**
 * The catalogue feature's public entry: the disease catalogue and the feed types (reference data).
 */
export * from './catalogue.tables.ts';
export * from './catalogue.schema.ts';
export { type DiseaseRow, findDisease, listDiseases } from './diseases.store.ts';
export { type DiseaseView, listDiseasesFor } from './diseases.service.ts';
