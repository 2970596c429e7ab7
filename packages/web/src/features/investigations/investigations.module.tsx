/**
 * The investigations feature's page: the epidemiological investigation (流调) of a case, opened from the case
 * page's "Epidemiological investigation" card (case-investigation-section.tsx).
 */
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const InvestigationPage = page(() => import('./investigation-page.tsx'), 'InvestigationPage');

export const investigationsModule: FeatureModule = {
  routes: [{ path: 'cases/:id/investigation', element: guarded(InvestigationPage, RIGHTS.casesRead) }],
  nav: [],
};
