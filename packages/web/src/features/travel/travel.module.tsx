/**
 * The travel feature's pages (docs/travel.md): trips (voyages, bus and train runs, flights, port shifts), one
 * trip with its manifest and cases, and the exposure cohort of a case on a trip.
 */
import { CompassOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const TripsPage = page(() => import('./trips-page.tsx'), 'TripsPage');
const TripPage = page(() => import('./trip-page.tsx'), 'TripPage');
const CohortPage = page(() => import('./cohort-page.tsx'), 'CohortPage');

export const travelModule: FeatureModule = {
  routes: [
    { path: 'travel', element: guarded(TripsPage, RIGHTS.travelRead) },
    { path: 'travel/:id', element: guarded(TripPage, RIGHTS.travelRead) },
    { path: 'travel/exposures/:id', element: guarded(CohortPage, RIGHTS.travelRead) },
  ],
  nav: [
    {
      key: 'travel',
      path: '/travel',
      module: 'travel',
      right: RIGHTS.travelRead,
      label: 'travel.nav.trips',
      group: 'nav.surveillance',
      icon: <CompassOutlined />,
    },
  ],
};
