/** Drizzle definition of the table created by migrations/0027_audit_keys.sql (see data-keys.ts). */
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** One check value per data key ('identity', 'audit'): HMAC of a fixed text under the key. */
export const dataKeyChecks = pgTable('data_key_checks', {
  name: text('name').$type<'identity' | 'audit'>().primaryKey(),
  checkValue: text('check_value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
