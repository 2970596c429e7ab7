/**
 * The cases feature's pages and navigation entries: case reports (list, form, detail), possible duplicates,
 * and the disease catalogue under administration.
 */
import { AuditOutlined, CopyOutlined, FieldTimeOutlined, FileTextOutlined, MedicineBoxOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const CasesPage = page(() => import('./cases-page.tsx'), 'CasesPage');
const CaseFormPage = page(() => import('./case-form-page.tsx'), 'CaseFormPage');
const CasePage = page(() => import('./case-page.tsx'), 'CasePage');
const DuplicatesPage = page(() => import('./duplicates-page.tsx'), 'DuplicatesPage');
const TimelinessPage = page(() => import('./timeliness-page.tsx'), 'TimelinessPage');
const DiseasesPage = page(() => import('./diseases-page.tsx'), 'DiseasesPage');
const ReviewQueuePage = page(() => import('./review-queue-page.tsx'), 'ReviewQueuePage');

export const casesModule: FeatureModule = {
  routes: [
    { path: 'cases', element: guarded(CasesPage, RIGHTS.casesRead) },
    { path: 'cases/new', element: guarded(CaseFormPage, RIGHTS.casesReport) },
    { path: 'cases/duplicates', element: guarded(DuplicatesPage, RIGHTS.casesRead) },
    { path: 'cases/timeliness', element: guarded(TimelinessPage, RIGHTS.casesRead) },
    { path: 'cases/review', element: guarded(ReviewQueuePage, RIGHTS.casesReview) },
    { path: 'cases/:id', element: guarded(CasePage, RIGHTS.casesRead) },
    { path: 'cases/:id/edit', element: guarded(CaseFormPage, RIGHTS.casesReport) },
    { path: 'admin/diseases', element: guarded(DiseasesPage, RIGHTS.diseasesManage) },
  ],
  nav: [
    {
      key: 'cases',
      path: '/cases',
      module: 'cases',
      right: RIGHTS.casesRead,
      label: 'cases.nav.list',
      group: 'nav.surveillance',
      icon: <FileTextOutlined />,
    },
    {
      key: 'cases-duplicates',
      path: '/cases/duplicates',
      module: 'cases',
      right: RIGHTS.casesRead,
      label: 'cases.nav.duplicates',
      group: 'nav.surveillance',
      icon: <CopyOutlined />,
    },
    {
      key: 'cases-review',
      path: '/cases/review',
      module: 'cases',
      right: RIGHTS.casesReview,
      label: 'cases.nav.review',
      group: 'nav.surveillance',
      icon: <AuditOutlined />,
    },
    {
      key: 'cases-timeliness',
      path: '/cases/timeliness',
      module: 'cases',
      right: RIGHTS.casesRead,
      label: 'cases.nav.timeliness',
      group: 'nav.surveillance',
      icon: <FieldTimeOutlined />,
    },
    {
      key: 'diseases',
      path: '/admin/diseases',
      module: 'cases',
      right: RIGHTS.diseasesManage,
      label: 'cases.nav.diseases',
      group: 'nav.admin',
      icon: <MedicineBoxOutlined />,
    },
  ],
};
