/**
 * Public entry of bed occupancy (surveillance layer): what other features may use — the picture of an area for
 * the daily report and the command board, the rules and writer for the import kind, the table for the drift test.
 */
export { bedOccupancy, type BedOccupancyRow, OCCUPANCY_SOURCES } from './occupancy.tables.ts';
export { CARE_FACILITY_TYPES, type CareFacility, careFacilities, findFacility } from './occupancy.store.ts';
export { districtDay, type OccupancyIssue, occupancyIssues, occupancyRate } from './occupancy.rules.ts';
export { type OccupancyInput, type OccupancyPicture, occupancyOfArea, occupancyPicture, writeOccupancy } from './occupancy.service.ts';
export { registerOccupancyRoutes } from './occupancy.routes.ts';
export { OccupancyPictureSchema } from './occupancy.schema.ts';
export { seedOccupancyDemo } from './occupancy.demo.ts';
