/**
 * Every hand-off between features that must not be an import (see docs/architecture.md, "Hooks"), wired once
 * at start: by createApp (server and HTTP tests), by the demo seeder (CLI seeding) and by the test database
 * (tests that call services directly), so that every way in runs with the same receivers. Idempotent.
 *
 * A feature that receives a hook exports `register<Feature>Hooks()` from `<feature>/<feature>.hooks.ts`; a
 * feature that runs one declares it there (name → payload and result, platform/hooks/hooks.ts).
 */
import { registerAlertsHooks } from './alerts/alerts.hooks.ts';
import { registerFeedsImportKind } from './feeds/feeds.import.ts';
import { registerIncidentsHooks } from './incidents/incidents.hooks.ts';
import { registerOccupancyImportKind } from './occupancy/occupancy.import.ts';
import { registerTasksHooks } from './tasks/tasks.hooks.ts';
import { registerContactsImportKind } from './contacts/contacts.import.ts';
import { registerNeighboursHooks } from './neighbours/neighbours.hooks.ts';
import { registerQuarantineHooks } from './quarantine/quarantine.hooks.ts';
import { registerExercisesHooks } from './exercises/exercises.hooks.ts';

export function registerFeatureHooks(): void {
  registerAlertsHooks(); // detection's new signals → the alerts intake
  registerTasksHooks(); // an incident's plan measures → tasks
  registerIncidentsHooks(); // the alert page's question: which incident came from this alert
  registerFeedsImportKind(); // the 'feeds' import kind → the import machinery
  registerOccupancyImportKind(); // the 'occupancy' import kind → the import machinery
  registerContactsImportKind(); // the 'contacts' import kind → the import machinery
  registerNeighboursHooks(); // a created or changed alert → border alerts shared with neighbours
  registerQuarantineHooks(); // a contact who became a case → their quarantine stay ends
  registerExercisesHooks(); // notify's question: does this record belong to an exercise (its mark, its test channel)
}
