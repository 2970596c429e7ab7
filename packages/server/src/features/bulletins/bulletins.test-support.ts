/**
 * Test world of bulletins: district D with townships A and B, influenza cases with realistic names, phones and
 * addresses (for the guard and the crawl), a press officer, a commander and a user holding both roles.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { districtInstant, districtToday } from '../../platform/time/district-time.ts';
import { caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { facilities } from '../registry/index.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, TEST_PASSWORD } from '../../test-support/index.ts';

export const CASE_NAMES = ['欧阳锦程', '司马青云', '诸葛红梅', '上官明轩'];
export const CASE_PHONES = ['13912345678', '18623456789'];
export const CASE_ADDRESS = '双龙湖街道龙湖路88号3栋2单元501室';

export async function buildBulletinWorld(database: Database) {
  const tree = await buildDistrictTree(database);
  const [flu] = await database.db.select().from(diseases).where(eq(diseases.code, 'influenza'));
  const today = districtToday();
  const at = (hhmm: string) => districtInstant(today, hhmm);
  // A: 7 reported today (published as is: ≥ 5), B: 2 (small: suppressed, with A as its complement)
  const specs = [
    ...Array.from({ length: 7 }, (_, i) => ({ jurisdictionId: tree.communityA.id, name: CASE_NAMES[i % 2]! + (i > 1 ? String(i) : '') })),
    ...Array.from({ length: 2 }, (_, i) => ({ jurisdictionId: tree.communityB.id, name: CASE_NAMES[2 + i]! })),
  ];
  await database.db.insert(caseReports).values(
    specs.map((s, i) => ({
      diseaseId: flu!.id,
      jurisdictionId: s.jurisdictionId,
      personName: s.name,
      sex: 'female' as const,
      idType: 'none' as const,
      phone: CASE_PHONES[i % 2]!,
      address: CASE_ADDRESS,
      classification: 'confirmed' as const,
      onsetDate: today,
      diagnosisAt: at('08:00'),
      reportedAt: at('09:00'),
      source: 'demo' as const,
    })),
  );
  await database.db.insert(facilities).values({
    name: `发热门诊 ${tree.townshipA.name}`,
    nameEn: 'Fever clinic',
    type: 'fever_clinic',
    jurisdictionId: tree.townshipA.id,
    address: '健康路1号',
    phone: '023-68881234',
  });
  const press = await buildUser(database, { role: 'press_officer', jurisdictionId: tree.district.id });
  const leader = await buildUser(database, { role: 'commander', jurisdictionId: tree.district.id });
  const both = await buildUser(database, {
    roles: [
      { role: 'press_officer', jurisdictionId: tree.district.id },
      { role: 'commander', jurisdictionId: tree.district.id },
    ],
  });
  const app = createTestApp(database);
  return {
    tree,
    flu: flu!,
    today,
    app,
    press: await signIn(app, press.user.username, TEST_PASSWORD),
    leader: await signIn(app, leader.user.username, TEST_PASSWORD),
    both: await signIn(app, both.user.username, TEST_PASSWORD),
    pressUser: press.user,
  };
}
