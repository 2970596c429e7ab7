import type { RouteObject } from 'react-router';
import type { NavEntry } from './navigation.ts';

/**
 * What a feature adds to the web app: its pages (children of the signed-in layout, paths without a leading
 * slash, built with `page()` and `guarded()` from route-helpers.tsx) and its side-navigation entries. Its
 * messages live in `<feature>.messages.ts` (see feature-messages.ts). Listed in feature-modules.ts.
 */
export interface FeatureModule {
  routes: RouteObject[];
  nav: NavEntry[];
}
