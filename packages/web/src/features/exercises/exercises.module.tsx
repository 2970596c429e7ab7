/**
 * The exercises feature's pages and navigation entry (docs/exercises.md): the list and one exercise's console.
 */
import { ExperimentOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature-module.ts';
import { RIGHTS } from '../../app/auth.ts';
import { guarded, page } from '../../app/route-helpers.tsx';

const ExercisesPage = page(() => import('./exercises-page.tsx'), 'ExercisesPage');
const ExercisePage = page(() => import('./exercise-page.tsx'), 'ExercisePage');

export const exercisesModule: FeatureModule = {
  routes: [
    { path: 'exercises', element: guarded(ExercisesPage, RIGHTS.exercisesRead) },
    { path: 'exercises/:id', element: guarded(ExercisePage, RIGHTS.exercisesRead) },
  ],
  nav: [
    {
      key: 'exercises',
      path: '/exercises',
      module: 'exercises',
      right: RIGHTS.exercisesRead,
      label: 'exercises.nav.list',
      group: 'nav.response',
      icon: <ExperimentOutlined />,
    },
  ],
};
