export type * from './types.ts';
export { DetectionInputError } from './errors.ts';
