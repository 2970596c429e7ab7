/**
 * Every feature module of the web app, in navigation order (surveillance, then response). A feature adds its
 * pages and navigation entries in `features/<feature>/<feature>.module.tsx`.
 */
import type { FeatureModule } from './feature-module.ts';
import { alertsModule } from '../features/alerts/alerts.module.tsx';
import { casesModule } from '../features/cases/cases.module.tsx';
import { contactsModule } from '../features/contacts/contacts.module.tsx';
import { detectionModule } from '../features/detection/detection.module.tsx';
import { feedsModule } from '../features/feeds/feeds.module.tsx';
import { importsModule } from '../features/imports/imports.module.tsx';
import { incidentsModule } from '../features/incidents/incidents.module.tsx';
import { meetingsModule } from '../features/meetings/meetings.module.tsx';
import { notificationsModule } from '../features/notifications/notifications.module.tsx';
import { plansModule } from '../features/plans/plans.module.tsx';
import { psychModule } from '../features/psych/psych.module.tsx';
import { reportsModule } from '../features/reports/reports.module.tsx';
import { tasksModule } from '../features/tasks/tasks.module.tsx';
import { travelModule } from '../features/travel/travel.module.tsx';
import { investigationsModule } from '../features/investigations/investigations.module.tsx';
import { quarantineModule } from '../features/quarantine/quarantine.module.tsx';
import { assessmentModule } from '../features/assessment/assessment.module.tsx';
import { stockModule } from '../features/stock/stock.module.tsx';
import { bulletinsModule } from '../features/bulletins/bulletins.module.tsx';
import { volunteersModule } from '../features/volunteers/volunteers.module.tsx';
import { trainingModule } from '../features/training/training.module.tsx';
import { educationModule } from '../features/education/education.module.tsx';
import { neighboursModule } from '../features/neighbours/neighbours.module.tsx';
import { exercisesModule } from '../features/exercises/exercises.module.tsx';

export const FEATURE_MODULES: FeatureModule[] = [
  casesModule,
  contactsModule,
  importsModule,
  feedsModule,
  detectionModule,
  alertsModule,
  plansModule,
  incidentsModule,
  tasksModule,
  meetingsModule,
  reportsModule,
  notificationsModule,
  travelModule,
  investigationsModule,
  quarantineModule,
  psychModule,
  assessmentModule,
  stockModule,
  bulletinsModule,
  volunteersModule,
  trainingModule,
  educationModule,
  neighboursModule,
  exercisesModule,
];
