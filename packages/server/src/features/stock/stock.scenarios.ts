/**
 * "What if" scenarios (docs/stock.md): the inputs the browser needs to run a scenario with @outbreak/epimodels
 * (townships with populations and borders, the neighbouring districts with their daily flows by road, rail and
 * river, the port township, the last 28 days of cases per township, the registry's bed and ICU capacity, the
 * catalogue's consumption rates, and stock on hand, incoming and recent use per item and site), and saved
 * scenarios (inputs and computed result) for side-by-side comparison.
 *
 * The model runs in the browser (a web worker: deterministic runs in well under a second, stochastic ensembles
 * with progress and cancel), so the server is not tied up by long runs; what is saved is what the commander saw.
 * Rights: `models.run` to read inputs, save and delete; saved scenarios are scoped by the saver's area.
 */
import { and, desc, eq, gte, inArray, ne, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { inScope, inScopePath, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { notFound } from '../../platform/errors.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { careFacilities } from '../occupancy/index.ts';
import { adjacentDistricts, districtFlows, facilities, jurisdictionAdjacency } from '../registry/index.ts';
import { stockPicture } from './stock.service.ts';
import { listItems, presentItem } from './stock.store.ts';
import { stockScenarios } from './stock.tables.ts';

/** Days of case history given to the browser (Rt and calibration windows). */
export const CASE_HISTORY_DAYS = 28;

export async function scenarioInputsFor(database: Database, principal: Principal, query: { diseaseId?: string }, now = new Date()) {
  const scope = scopeFor(principal, 'models.run');
  const db = database.db;
  const places = await db
    .select({
      id: jurisdictions.id,
      code: jurisdictions.code,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      level: jurisdictions.level,
      population: jurisdictions.population,
      path: jurisdictions.path,
    })
    .from(jurisdictions)
    .where(and(inScopePath(scope, jurisdictions.path), inArray(jurisdictions.level, ['district', 'township'])));
  const districtsInScope = places.filter((p) => p.level === 'district');
  const townships = places.filter((p) => p.level === 'township');
  const townshipIds = townships.map((t) => t.id);
  const borders = townshipIds.length
    ? await db
        .select({ a: jurisdictionAdjacency.jurisdictionAId, b: jurisdictionAdjacency.jurisdictionBId })
        .from(jurisdictionAdjacency)
        .where(
          and(inArray(jurisdictionAdjacency.jurisdictionAId, townshipIds), inArray(jurisdictionAdjacency.jurisdictionBId, townshipIds)),
        )
    : [];
  const neighbours = districtsInScope.length
    ? await db
        .select({
          id: adjacentDistricts.id,
          code: adjacentDistricts.code,
          name: adjacentDistricts.name,
          nameEn: adjacentDistricts.nameEn,
          population: adjacentDistricts.population,
        })
        .from(adjacentDistricts)
        .where(
          inArray(
            adjacentDistricts.districtId,
            districtsInScope.map((d) => d.id),
          ),
        )
    : [];
  const flows = neighbours.length
    ? await db
        .select()
        .from(districtFlows)
        .where(
          inArray(
            districtFlows.adjacentDistrictId,
            neighbours.map((n) => n.id),
          ),
        )
    : [];
  // the port: townships with a port quarantine station
  const ports = await db
    .selectDistinct({ jurisdictionId: facilities.jurisdictionId })
    .from(facilities)
    .where(and(eq(facilities.type, 'port_quarantine'), inScope(scope, facilities.jurisdictionId)));
  const portTownships = townships.filter((t) => ports.some((p) => p.jurisdictionId === t.id || false)).map((t) => t.id);
  // a port facility may sit in a community: its township is the one whose path contains it
  if (portTownships.length === 0 && ports.length) {
    const paths = await db
      .select({ path: jurisdictions.path })
      .from(jurisdictions)
      .where(
        inArray(
          jurisdictions.id,
          ports.map((p) => p.jurisdictionId),
        ),
      );
    for (const t of townships) if (paths.some((p) => p.path.startsWith(t.path))) portTownships.push(t.id);
  }
  // diseases with cases in the window, most first; the chosen one's daily counts per township
  const from = districtToday(now, CASE_HISTORY_DAYS - 1);
  const dayOf = sql<string>`coalesce(${caseReports.onsetDate}, (${caseReports.reportedAt} AT TIME ZONE 'Asia/Shanghai')::date)::text`;
  const caseWhere = and(
    inScope(scope, caseReports.jurisdictionId),
    eq(caseReports.status, 'active'),
    ne(caseReports.classification, 'excluded'),
    gte(sql`coalesce(${caseReports.onsetDate}, (${caseReports.reportedAt} AT TIME ZONE 'Asia/Shanghai')::date)`, from),
  );
  const diseaseCounts = await db
    .select({ id: diseases.id, code: diseases.code, name: diseases.name, nameEn: diseases.nameEn, cases: sql<number>`count(*)::int` })
    .from(caseReports)
    .innerJoin(diseases, eq(diseases.id, caseReports.diseaseId))
    .where(caseWhere)
    .groupBy(diseases.id, diseases.code, diseases.name, diseases.nameEn)
    .orderBy(desc(sql`count(*)`));
  const diseaseId = query.diseaseId ?? diseaseCounts[0]?.id;
  const caseRows = diseaseId
    ? await db
        .select({ day: dayOf, path: jurisdictions.path, cases: sql<number>`count(*)::int` })
        .from(caseReports)
        .innerJoin(jurisdictions, eq(jurisdictions.id, caseReports.jurisdictionId))
        .where(and(caseWhere, eq(caseReports.diseaseId, diseaseId)))
        .groupBy(dayOf, jurisdictions.path)
    : [];
  const days = Array.from({ length: CASE_HISTORY_DAYS }, (_, i) => districtToday(now, CASE_HISTORY_DAYS - 1 - i));
  const byTownship = new Map(townships.map((t) => [t.id, new Array<number>(CASE_HISTORY_DAYS).fill(0)]));
  const district = new Array<number>(CASE_HISTORY_DAYS).fill(0);
  for (const r of caseRows) {
    const d = days.indexOf(r.day);
    if (d < 0) continue;
    district[d]! += Number(r.cases);
    const t = townships.find((x) => r.path.startsWith(x.path));
    if (t) byTownship.get(t.id)![d]! += Number(r.cases);
  }
  const care = await careFacilities(db, inScopePath(scope, jurisdictions.path));
  const picture = await stockPicture(db, scopeFor(principal, 'models.run'), { expiringDays: 30 }, now);
  const items = (await listItems(db, {})).map(presentItem);
  return {
    date: districtToday(now),
    townships: townships.map((t) => ({
      id: t.id,
      code: t.code,
      name: t.name,
      nameEn: t.nameEn,
      population: t.population ?? 0,
      port: portTownships.includes(t.id),
    })),
    borders,
    neighbours: neighbours.map((n) => ({
      ...n,
      population: n.population ?? 0,
      flows: flows.filter((f) => f.adjacentDistrictId === n.id).map((f) => ({ mode: f.mode, dailyIn: f.dailyIn, dailyOut: f.dailyOut })),
    })),
    diseases: diseaseCounts.map((d) => ({ ...d, cases: Number(d.cases) })),
    diseaseId: diseaseId ?? null,
    cases: { days, district, byTownship: [...byTownship.entries()].map(([id, counts]) => ({ id, counts })) },
    capacity: {
      beds: care.reduce((s, f) => s + f.beds, 0),
      icuBeds: care.reduce((s, f) => s + f.icuBeds, 0),
    },
    items,
    stock: picture.rows.map((r) => ({
      itemId: r.itemId,
      facilityId: r.facilityId,
      facilityName: r.facilityName,
      facilityNameEn: r.facilityNameEn,
      quantity: r.quantity,
      incoming: r.incoming,
      dailyUse: r.dailyUse,
    })),
  };
}

/** The outermost place of the principal's `models.run`: where a saved scenario belongs. */
async function homeOf(database: Database, principal: Principal): Promise<string> {
  const scope = scopeFor(principal, 'models.run');
  const [row] = await database.db.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.path, scope.paths[0]!));
  return row!.id;
}

export async function saveScenarioAs(
  database: Database,
  principal: Principal,
  body: { name: string; inputs: Record<string, unknown>; result: Record<string, unknown> },
  ip: string | null,
) {
  scopeFor(principal, 'models.run');
  const jurisdictionId = await homeOf(database, principal);
  const row = await database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(stockScenarios)
      .values({ name: body.name.trim(), jurisdictionId, inputs: body.inputs, result: body.result, createdBy: principal.id })
      .returning();
    // the result is derived from the inputs: the audit keeps the inputs and the name
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: 'create',
      entityType: 'stock_scenario',
      entityId: row!.id,
      after: { id: row!.id, name: row!.name, jurisdictionId, inputs: body.inputs },
    });
    return row!;
  });
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    createdByName: principal.displayName,
    inputs: row.inputs,
    result: row.result,
  };
}

export async function listScenariosFor(database: Database, principal: Principal) {
  const scope = scopeFor(principal, 'models.run');
  const rows = await database.db
    .select({ id: stockScenarios.id, name: stockScenarios.name, createdAt: stockScenarios.createdAt, createdByName: users.displayName })
    .from(stockScenarios)
    .leftJoin(users, eq(users.id, stockScenarios.createdBy))
    .where(inScope(scope, stockScenarios.jurisdictionId))
    .orderBy(desc(stockScenarios.createdAt))
    .limit(200);
  return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), createdByName: r.createdByName ?? '' })) };
}

export async function getScenarioFor(database: Database, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'models.run');
  const [row] = await database.db
    .select({ s: stockScenarios, createdByName: users.displayName })
    .from(stockScenarios)
    .leftJoin(users, eq(users.id, stockScenarios.createdBy))
    .where(and(eq(stockScenarios.id, id), inScope(scope, stockScenarios.jurisdictionId)));
  if (!row) throw notFound('scenario');
  return {
    id: row.s.id,
    name: row.s.name,
    createdAt: row.s.createdAt.toISOString(),
    createdByName: row.createdByName ?? '',
    inputs: row.s.inputs,
    result: row.s.result,
  };
}

export async function deleteScenarioAs(database: Database, principal: Principal, id: string, ip: string | null) {
  const scope = scopeFor(principal, 'models.run');
  await database.db.transaction(async (tx) => {
    const [before] = await tx
      .select({
        id: stockScenarios.id,
        name: stockScenarios.name,
        jurisdictionId: stockScenarios.jurisdictionId,
        inputs: stockScenarios.inputs,
      })
      .from(stockScenarios)
      .where(and(eq(stockScenarios.id, id), inScope(scope, stockScenarios.jurisdictionId)))
      .for('update');
    if (!before) throw notFound('scenario');
    await tx.delete(stockScenarios).where(eq(stockScenarios.id, id));
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: 'delete',
      entityType: 'stock_scenario',
      entityId: id,
      before,
    });
  });
}
