/**
 * The Farrington family of outbreak detection algorithms: {@link farrington} (Farrington et al.
 * 1996) and {@link farringtonFlexible} (Noufaily et al. 2013), both at parity with R `surveillance`.
 */
export { farrington, FARRINGTON_DEFAULTS, threshold1996 } from './farrington.ts';
export type { FarringtonControl, FarringtonPoint, FarringtonResult } from './farrington.ts';
export {
  farringtonFlexible,
  FARRINGTON_FLEXIBLE_DEFAULTS,
  thresholdDelta,
  thresholdNoufaily,
} from './farrington-flexible.ts';
export type { FarringtonFlexibleControl, FarringtonFlexiblePoint, FarringtonFlexibleResult } from './farrington-flexible.ts';
