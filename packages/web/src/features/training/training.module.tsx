/**
 * The training feature's pages: readiness, sessions, certificates and courses (/training) and one session with its
 * attendance (/training/sessions/:id).
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { RIGHTS } from '../../app/auth.ts';
import type { FeatureModule } from '../../app/feature-module.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const TrainingPage = page(() => import('./training-page.tsx'), 'TrainingPage');
const SessionPage = page(() => import('./session-page.tsx'), 'SessionPage');

export const trainingModule: FeatureModule = {
  routes: [
    { path: 'training', element: guarded(TrainingPage, RIGHTS.trainingRead) },
    { path: 'training/sessions/:id', element: guarded(SessionPage, RIGHTS.trainingRead) },
  ],
  nav: [
    {
      key: 'training',
      path: '/training',
      module: 'training',
      right: RIGHTS.trainingRead,
      label: 'training.nav',
      group: 'nav.response',
      icon: <SafetyCertificateOutlined />,
    },
  ],
};
