/**
 * The cases feature's pages and navigation entries (pre-wired by the lead; the feature's owner fills it in).
 */
import type { FeatureModule } from '../../app/feature-module.ts';

export const casesModule: FeatureModule = {
  routes: [],
  nav: [],
};
