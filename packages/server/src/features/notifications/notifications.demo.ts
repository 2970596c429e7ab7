/**
 * Demo data of the notifications feature for District J (called by seedFeatureDemos, features/demo/feature-demos.ts).
 * Must be idempotent: it runs at every start and writes only what is missing. Pre-wired by the lead; the
 * feature's owner fills it in.
 */
import type { Database } from '../../platform/db/database.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';

export async function seedNotificationsDemo(database: Database, ctx: DemoContext): Promise<void> {
  void database;
  void ctx;
}
