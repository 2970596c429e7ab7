/**
 * Writing feed values: a multi-row upsert on feed_counts' unique key (type, jurisdiction, site, day), so that
 * re-reporting a day replaces its value. Used by the entry grid, the batch API, CSV imports and the demo.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import type { FeedCountRow } from './feeds.rules.ts';
import { type FEED_SOURCES, feedCounts } from './feeds.tables.ts';

/** Rows per INSERT: 8 parameters a row stays far below PostgreSQL's 65,535 bind parameters. */
export const FEED_BATCH = 1000;

/** Upserts the rows (no two with the same key: the caller refuses repeats) in batches. */
export async function upsertFeedCounts(
  db: Executor,
  rows: readonly FeedCountRow[],
  ctx: { source: (typeof FEED_SOURCES)[number]; createdBy: string | null },
): Promise<void> {
  for (let i = 0; i < rows.length; i += FEED_BATCH) {
    const batch = rows.slice(i, i + FEED_BATCH).map((r) => ({ ...r, source: ctx.source, createdBy: ctx.createdBy }));
    await db
      .insert(feedCounts)
      .values(batch)
      .onConflictDoUpdate({
        // the key includes the exercise mark (0060): a real count and an exercise's count of the same day are two rows
        target: [feedCounts.feedTypeId, feedCounts.jurisdictionId, feedCounts.siteId, feedCounts.date, feedCounts.exerciseId],
        set: {
          value: sql`excluded.value`,
          denominator: sql`excluded.denominator`,
          source: sql`excluded.source`,
          createdBy: sql`excluded.created_by`,
          updatedAt: sql`now()`,
        },
      });
  }
}
