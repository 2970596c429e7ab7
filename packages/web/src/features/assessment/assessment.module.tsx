/**
 * The assessment feature's pages (docs/assessment.md): 7-1-7, indicators, reviews, the lessons library, the
 * preparedness self-assessment and the detection performance.
 */
import { AuditOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const EventsPage = page(() => import('./events-page.tsx'), 'EventsPage');
const EventPage = page(() => import('./event-page.tsx'), 'EventPage');
const IndicatorsPage = page(() => import('./indicators-page.tsx'), 'IndicatorsPage');
const ReviewsPage = page(() => import('./reviews-page.tsx'), 'ReviewsPage');
const ReviewPage = page(() => import('./review-page.tsx'), 'ReviewPage');
const LessonsPage = page(() => import('./lessons-page.tsx'), 'LessonsPage');
const SparPage = page(() => import('./spar-page.tsx'), 'SparPage');
const SparRoundPage = page(() => import('./spar-round-page.tsx'), 'SparRoundPage');
const DetectionPage = page(() => import('./detection-page.tsx'), 'DetectionPage');

export const assessmentModule: FeatureModule = {
  routes: [
    { path: 'assessment', element: guarded(EventsPage, RIGHTS.assessmentRead) },
    { path: 'assessment/717/:kind/:id', element: guarded(EventPage, RIGHTS.assessmentRead) },
    { path: 'assessment/indicators', element: guarded(IndicatorsPage, RIGHTS.assessmentRead) },
    { path: 'assessment/reviews', element: guarded(ReviewsPage, RIGHTS.assessmentRead) },
    { path: 'assessment/reviews/:id', element: guarded(ReviewPage, RIGHTS.assessmentRead) },
    { path: 'assessment/lessons', element: guarded(LessonsPage, RIGHTS.assessmentRead) },
    { path: 'assessment/spar', element: guarded(SparPage, RIGHTS.assessmentRead) },
    { path: 'assessment/spar/:id', element: guarded(SparRoundPage, RIGHTS.assessmentRead) },
    { path: 'assessment/detection', element: guarded(DetectionPage, RIGHTS.assessmentRead) },
  ],
  nav: [
    {
      key: 'assessment',
      path: '/assessment',
      module: 'assessment',
      right: RIGHTS.assessmentRead,
      label: 'assessment.nav',
      group: 'nav.response',
      icon: <AuditOutlined />,
    },
  ],
};
