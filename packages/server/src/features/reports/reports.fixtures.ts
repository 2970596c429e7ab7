/**
 * Test fixtures of reports and meetings: a district with two townships, an influenza incident and a known set of
 * cases, tasks, alerts and facilities, with the figures a report of REPORT_DAY must show (see the comments).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { RoleId } from '../../platform/auth/rights.ts';
import type { Principal } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import { buildDistrictTree, buildUser, uniqueSuffix } from '../../test-support/index.ts';
import type { TestClient } from '../../test-support/http.ts';
import { alerts } from '../alerts/index.ts';
import { incidents } from '../incidents/index.ts';
import { tasks } from '../tasks/index.ts';
import { caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { type AgencyKind, agencies, facilities } from '../registry/index.ts';
import { loadPrincipal } from '../users/index.ts';
import { addDays } from './reports.figures.ts';

/** The day reported on. */
export const REPORT_DAY = '2026-11-20';
/** The moment figures are drafted: 18:00 district time on REPORT_DAY. */
export const DRAFT_NOW = new Date('2026-11-20T10:00:00Z');

/** An instant at `hh:mm` district time on `date`. */
export function atLocal(date: string, hhmm: string): Date {
  return new Date(Date.parse(`${date}T${hhmm}:00+08:00`));
}

export async function buildAgency(database: Database, jurisdictionId: string, kind: AgencyKind) {
  const suffix = uniqueSuffix();
  const [row] = await database.db
    .insert(agencies)
    .values({ code: `AG-${suffix}`, name: `机构${suffix}`, nameEn: `Agency ${suffix}`, kind, jurisdictionId })
    .returning();
  return row!;
}

export async function buildMember(database: Database, options: { role: RoleId; jurisdictionId: string; agencyId?: string }) {
  const { user, password } = await buildUser(database, { role: options.role, jurisdictionId: options.jurisdictionId });
  if (options.agencyId) await database.db.update(users).set({ agencyId: options.agencyId }).where(eq(users.id, user.id));
  return { principal: (await loadPrincipal(database.db, user.id)) as Principal, password, username: user.username };
}

/** The disease of `code` (the catalogue may already hold it: migrations seed the statutory list). */
export async function buildDisease(database: Database, code: string) {
  const [existing] = await database.db.select().from(diseases).where(eq(diseases.code, code));
  if (existing) return existing;
  const [row] = await database.db
    .insert(diseases)
    .values({
      code: `${code}`,
      name: `病${code}`,
      nameEn: `Disease ${code}`,
      class: 'C',
      reportDeadlineHours: 24,
      defaultMethod: 'cidars_fixed',
    })
    .returning();
  return row!;
}

/** One case to insert: where, onset (null: unknown), diagnosis and report instants. */
export interface CaseSpec {
  jurisdictionId: string;
  diseaseId: string;
  onsetDate: string | null;
  diagnosisAt: Date;
  reportedAt: Date;
  classification?: 'suspected' | 'clinical' | 'confirmed' | 'excluded';
}

export async function insertCases(database: Database, specs: CaseSpec[]): Promise<void> {
  if (specs.length === 0) return;
  await database.db.insert(caseReports).values(
    specs.map((s, i) => ({
      diseaseId: s.diseaseId,
      jurisdictionId: s.jurisdictionId,
      personName: `病例${i}`,
      sex: 'unknown' as const,
      idType: 'none' as const,
      classification: s.classification ?? 'confirmed',
      onsetDate: s.onsetDate,
      diagnosisAt: s.diagnosisAt,
      reportedAt: s.reportedAt,
      source: 'demo' as const,
    })),
  );
}

/**
 * The world: district D with townships A, B (communities below them), another district elsewhere, influenza.
 * Cases (influenza unless said):
 * - A (community): 2 a day with onset D−13 … D, reported the same day 09:00;
 * - B (community): 1 a day with onset D−6 … D, reported the next day 09:00 (the one of onset D is not known by D);
 * - A: onset unknown, diagnosed D 10:00, reported D 10:30 (onset basis: the diagnosis date);
 * - A: onset D−1 reported D 23:30 (counts on D), onset D−1 reported D+1 00:30 (not known by D);
 * - A: excluded, onset D; another disease, onset D; the other district, onset D: none counted.
 * The incident started D−9 (cumulative from then).
 */
export async function buildReportWorld(database: Database) {
  const tree = await buildDistrictTree(database);
  const elsewhere = await buildDistrictTree(database);
  const flu = await buildDisease(database, `influenza`);
  const other = await buildDisease(database, `other${uniqueSuffix()}`);
  const police = await buildAgency(database, tree.district.id, 'public_security');
  const cdc = await buildAgency(database, tree.district.id, 'cdc');
  const commander = await buildMember(database, { role: 'commander', jurisdictionId: tree.district.id });
  const epidemiologist = await buildMember(database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
  const viewerB = await buildMember(database, { role: 'viewer', jurisdictionId: tree.townshipB.id });
  const liaison = await buildMember(database, { role: 'agency_liaison', jurisdictionId: tree.district.id, agencyId: police.id });
  const [incident] = await database.db
    .insert(incidents)
    .values({
      title: '流感聚集疫情',
      jurisdictionId: tree.district.id,
      diseaseId: flu.id,
      responseLevel: 'III',
      startedAt: atLocal(addDays(REPORT_DAY, -9), '08:00'),
      createdBy: commander.principal.id,
    })
    .returning();

  const D = REPORT_DAY;
  const specs: CaseSpec[] = [];
  for (let k = -13; k <= 0; k++) {
    const day = addDays(D, k);
    for (let n = 0; n < 2; n++)
      specs.push({
        jurisdictionId: tree.communityA.id,
        diseaseId: flu.id,
        onsetDate: day,
        diagnosisAt: atLocal(day, '08:00'),
        reportedAt: atLocal(day, '09:00'),
      });
  }
  for (let k = -6; k <= 0; k++) {
    const day = addDays(D, k);
    specs.push({
      jurisdictionId: tree.communityB.id,
      diseaseId: flu.id,
      onsetDate: day,
      diagnosisAt: atLocal(day, '20:00'),
      reportedAt: atLocal(addDays(day, 1), '09:00'),
    });
  }
  specs.push({
    jurisdictionId: tree.communityA.id,
    diseaseId: flu.id,
    onsetDate: null,
    diagnosisAt: atLocal(D, '10:00'),
    reportedAt: atLocal(D, '10:30'),
  });
  specs.push({
    jurisdictionId: tree.townshipA.id,
    diseaseId: flu.id,
    onsetDate: addDays(D, -1),
    diagnosisAt: atLocal(D, '22:00'),
    reportedAt: atLocal(D, '23:30'),
  });
  specs.push({
    jurisdictionId: tree.townshipA.id,
    diseaseId: flu.id,
    onsetDate: addDays(D, -1),
    diagnosisAt: atLocal(D, '23:00'),
    reportedAt: atLocal(addDays(D, 1), '00:30'),
  });
  specs.push({
    jurisdictionId: tree.communityA.id,
    diseaseId: flu.id,
    onsetDate: D,
    diagnosisAt: atLocal(D, '08:00'),
    reportedAt: atLocal(D, '09:00'),
    classification: 'excluded',
  });
  specs.push({
    jurisdictionId: tree.communityA.id,
    diseaseId: other.id,
    onsetDate: D,
    diagnosisAt: atLocal(D, '08:00'),
    reportedAt: atLocal(D, '09:00'),
  });
  specs.push({
    jurisdictionId: elsewhere.communityA.id,
    diseaseId: flu.id,
    onsetDate: D,
    diagnosisAt: atLocal(D, '08:00'),
    reportedAt: atLocal(D, '09:00'),
  });
  await insertCases(database, specs);

  // Tasks as at DRAFT_NOW: police done + overdue + open (not yet due); CDC rejected; a cancelled one (left out).
  const due = (h: number) => new Date(DRAFT_NOW.getTime() + h * 3600_000);
  const base = { incidentId: incident!.id, jurisdictionId: tree.district.id, origin: 'manual' as const };
  await database.db.insert(tasks).values([
    { ...base, title: '封控卡口', assigneeAgencyId: police.id, dueAt: due(-5), status: 'done', completedAt: due(-6) },
    { ...base, title: '协查密接', assigneeAgencyId: police.id, dueAt: due(-2), status: 'accepted' },
    { ...base, title: '交通管控', assigneeAgencyId: police.id, dueAt: due(24), status: 'assigned' },
    { ...base, title: '采样', assigneeAgencyId: cdc.id, dueAt: due(5), status: 'rejected', statusReason: '人手不足' },
    { ...base, title: '取消的任务', assigneeAgencyId: cdc.id, dueAt: due(-5), status: 'cancelled' },
  ]);

  await database.db.insert(alerts).values([
    { title: '流感样病例聚集', jurisdictionId: tree.townshipA.id, diseaseId: flu.id, status: 'verifying', warningLevel: 'yellow' },
    { title: '已关闭的预警', jurisdictionId: tree.townshipA.id, diseaseId: flu.id, status: 'closed' },
    { title: '别处的预警', jurisdictionId: elsewhere.townshipA.id, diseaseId: flu.id, status: 'new' },
  ]);
  const [hospital] = await database.db
    .insert(facilities)
    .values([
      {
        name: `定点医院${uniqueSuffix()}`,
        nameEn: 'Designated hospital',
        type: 'designated_hospital',
        jurisdictionId: tree.townshipA.id,
        beds: 100,
        icuBeds: 10,
        isolationRooms: 20,
      },
      { name: `仓库${uniqueSuffix()}`, nameEn: 'Warehouse', type: 'warehouse', jurisdictionId: tree.townshipA.id },
    ])
    .returning();

  return {
    tree,
    elsewhere,
    flu,
    other,
    police,
    cdc,
    commander,
    epidemiologist,
    viewerB,
    liaison,
    incident: incident!,
    hospital: hospital!,
    specs,
  };
}

/** The text of a PDF through poppler's pdftotext, white space removed (a sentence may wrap anywhere). */
export function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'oc-pdf-'));
  try {
    const file = join(dir, 'r.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Raw GET with the client's session (the test client parses bodies as text). */
export async function getBytes(client: TestClient, path: string): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await client.app.request(path, { headers: { cookie } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}
