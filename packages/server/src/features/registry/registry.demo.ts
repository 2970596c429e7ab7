/**
 * The demo district's mental-health centre (issue 17): where psychological assistance refers clients. Seeded
 * after every other demo step and without a random draw, so the demo's seeded random stream — and every demo
 * figure drawn from it — stays as it was before the facility existed. Idempotent.
 */
import { and, eq, like } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { facilities } from './registry.tables.ts';

export const DEMO_MENTAL_HEALTH_CENTRE = {
  name: '嘉江区精神卫生中心',
  nameEn: 'District J Mental Health Centre',
  /** the township it stands in (the district's administrative centre) */
  township: '文昌街道',
  address: '文昌街道康宁路 18 号',
  phone: '023-6888 5120',
  beds: 160,
} as const;

/** Seeds the district's mental-health centre when it is missing; answers its id (undefined without its township). */
export async function seedMentalHealthCentreDemo(database: Database, ctx: DemoContext): Promise<string | undefined> {
  const db = database.db;
  const [district] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, ctx.districtId));
  if (!district) return undefined;
  const [township] = await db
    .select({ id: jurisdictions.id, centroid: jurisdictions.centroid })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.name, DEMO_MENTAL_HEALTH_CENTRE.township), like(jurisdictions.path, `${district.path}%`)));
  if (!township) return undefined;
  const [existing] = await db
    .select({ id: facilities.id })
    .from(facilities)
    .where(and(eq(facilities.jurisdictionId, township.id), eq(facilities.name, DEMO_MENTAL_HEALTH_CENTRE.name)));
  if (existing) return existing.id;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(facilities)
      .values({
        name: DEMO_MENTAL_HEALTH_CENTRE.name,
        nameEn: DEMO_MENTAL_HEALTH_CENTRE.nameEn,
        type: 'mental_health_centre',
        jurisdictionId: township.id,
        address: DEMO_MENTAL_HEALTH_CENTRE.address,
        // a fixed offset from the township's centre (no random draw): 600 m east, 300 m north
        location: township.centroid ? [township.centroid[0] + 0.006, township.centroid[1] + 0.003] : null,
        beds: DEMO_MENTAL_HEALTH_CENTRE.beds,
        phone: DEMO_MENTAL_HEALTH_CENTRE.phone,
      })
      .returning();
    await audit(tx, { actor: null, ip: null, action: 'create', entityType: 'facility', entityId: row!.id, after: row });
    return row!.id;
  });
}
