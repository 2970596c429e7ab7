/**
 * The reports feature's pages and navigation entries (pre-wired by the lead; the feature's owner fills it in).
 */
import type { FeatureModule } from '../../app/feature-module.ts';

export const reportsModule: FeatureModule = {
  routes: [],
  nav: [],
};
