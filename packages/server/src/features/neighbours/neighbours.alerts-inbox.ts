/**
 * A neighbour's border alerts inside our own alert work (issue 16, item 4): who may see them, who is told of a new
 * one, and how we handle them locally.
 *
 * - **Who sees them** (`alerts.read`): the staff whose scope covers our district, and the staff of the townships
 *   our agreement names as bordering that neighbour (a township officer on the border sees what happens across
 *   it, and nothing of the other neighbours).
 * - **Who is told** of a new one: the same readers, filtered by their alert subscription exactly as our own
 *   alerts are (alerts.subscriptions.ts): its class comes from our catalogue by the disease's code (Class A reaches
 *   everyone, whatever their subscription), its place is our district.
 * - **Handling** (`alerts.verify`): the alert itself stays as the neighbour sent it (its status follows the
 *   neighbour when synced); we record what we do about it — acknowledged, monitoring, actioned (with a task of
 *   ours when one is asked for: tasks are never shared, each district's work is its own). Audited.
 */
import { desc, eq, inArray } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { holdersOf } from '../../platform/auth/holders.ts';
import { hasRight, type Principal, pathInScope, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { alertClassOf, loadSubscription, OPEN_ALERT_STATUSES, subscribersOf, subscriptionCovers } from '../alerts/index.ts';
import type { AlertClass } from '../alerts/index.ts';
import { diseases } from '../catalogue/index.ts';
import { notify } from '../notifications/index.ts';
import { createTasks } from '../tasks/index.ts';
import { type AlertHandlingState, neighbourAlertHandling } from './neighbours.aid-figures.tables.ts';
import { agreementsOf } from './neighbours.agreements.ts';
import type { NeighbourDeps } from './neighbours.service.ts';
import type { LinkRow } from './neighbours.store.ts';
import { neighbourAlerts, neighbourLinks } from './neighbours.tables.ts';

/** The places through which a link's alerts concern a reader: our district and our townships bordering it. */
async function placesOf(db: Executor, links: Pick<LinkRow, 'id' | 'jurisdictionId' | 'agreements'>[]) {
  const ids = [...new Set(links.flatMap((l) => [l.jurisdictionId, ...agreementsOf(l.agreements).borderAlerts.townshipIds]))];
  const paths = new Map<string, string>();
  if (ids.length > 0)
    for (const r of await db
      .select({ id: jurisdictions.id, path: jurisdictions.path })
      .from(jurisdictions)
      .where(inArray(jurisdictions.id, ids)))
      paths.set(r.id, r.path);
  return new Map(
    links.map((l) => [
      l.id,
      {
        districtPath: paths.get(l.jurisdictionId) ?? '',
        borderPaths: agreementsOf(l.agreements)
          .borderAlerts.townshipIds.map((id) => paths.get(id))
          .filter((p): p is string => Boolean(p)),
      },
    ]),
  );
}

/** The links whose border alerts a scope sees (see the module comment). */
export async function visibleLinkIds(db: Executor, scope: Scope): Promise<Map<string, string>> {
  const links = await db
    .select({ id: neighbourLinks.id, jurisdictionId: neighbourLinks.jurisdictionId, agreements: neighbourLinks.agreements })
    .from(neighbourLinks);
  const places = await placesOf(db, links);
  const out = new Map<string, string>();
  for (const l of links) {
    const p = places.get(l.id)!;
    if (pathInScope(scope, p.districtPath) || p.borderPaths.some((b) => pathInScope(scope, b))) out.set(l.id, p.districtPath);
  }
  return out;
}

/** Our catalogue's view of a disease code: its id and the alert class (unknown code: class C, as alerts rank it). */
async function classesOf(db: Executor, codes: string[]) {
  const out = new Map<string, { diseaseId: string; alertClass: AlertClass }>();
  const wanted = [...new Set(codes.filter(Boolean))];
  if (wanted.length === 0) return out;
  for (const d of await db
    .select({ id: diseases.id, code: diseases.code, class: diseases.class, managedAsClassA: diseases.managedAsClassA })
    .from(diseases)
    .where(inArray(diseases.code, wanted)))
    out.set(d.code, { diseaseId: d.id, alertClass: alertClassOf(d) });
  return out;
}

/** Tells the readers of a new border alert whose subscription covers it (inside the batch's transaction). */
export async function notifyBorderAlertSubscribers(
  tx: Tx,
  link: LinkRow,
  alert: { title: string; diseaseCode: string | null; neighbourAlertId: string },
): Promise<number> {
  const places = (await placesOf(tx, [link])).get(link.id)!;
  const readers = new Set(await holdersOf(tx, 'alerts.read', link.jurisdictionId));
  for (const id of agreementsOf(link.agreements).borderAlerts.townshipIds)
    for (const u of await holdersOf(tx, 'alerts.read', id, { grants: 'at-or-below' })) readers.add(u);
  const known = (await classesOf(tx, alert.diseaseCode ? [alert.diseaseCode] : [])).get(alert.diseaseCode ?? '');
  const recipients = await subscribersOf(
    tx,
    [...readers],
    { alertClass: known?.alertClass ?? 'C', diseaseId: known?.diseaseId ?? null, path: places.districtPath },
    { alwaysForClassA: true },
  );
  if (recipients.length === 0) return 0;
  await notify(tx, {
    recipients: { userIds: recipients },
    kind: 'neighbour.alert',
    severity: known?.alertClass === 'A' ? 'critical' : 'warning',
    title: `${link.name}边界预警：${alert.title}`,
    titleEn: `Border alert from ${link.nameEn || link.name}: ${alert.title}`,
    link: `/alerts?source=neighbours&neighbourAlert=${alert.neighbourAlertId}`,
    entity: { type: 'neighbour_link', id: link.id },
  });
  return recipients.length;
}

export interface SharedAlertQuery {
  linkId?: string | undefined;
  open?: 'true' | 'false' | undefined;
  handling?: 'unhandled' | AlertHandlingState | undefined;
  subscribed?: 'true' | 'false' | undefined;
  q?: string | undefined;
}

/**
 * The neighbours' border alerts the reader sees, with how we handle them and where they come from, newest change
 * first (at most 500).
 */
export async function listSharedAlertsFor(deps: NeighbourDeps, principal: Principal, query: SharedAlertQuery) {
  const scope = scopeFor(principal, 'alerts.read');
  const db = deps.database.db;
  const visible = await visibleLinkIds(db, scope);
  const linkIds = query.linkId ? [...visible.keys()].filter((id) => id === query.linkId) : [...visible.keys()];
  if (linkIds.length === 0) return [];
  const rows = await db
    .select({
      alert: neighbourAlerts,
      districtCode: neighbourLinks.districtCode,
      districtName: neighbourLinks.name,
      districtNameEn: neighbourLinks.nameEn,
      linkState: neighbourLinks.state,
      handling: neighbourAlertHandling,
    })
    .from(neighbourAlerts)
    .innerJoin(neighbourLinks, eq(neighbourLinks.id, neighbourAlerts.linkId))
    .leftJoin(neighbourAlertHandling, eq(neighbourAlertHandling.neighbourAlertId, neighbourAlerts.id))
    .where(inArray(neighbourAlerts.linkId, linkIds))
    .orderBy(desc(neighbourAlerts.remoteUpdatedAt))
    .limit(500);
  const classes = await classesOf(
    db,
    rows.map((r) => r.alert.diseaseCode ?? ''),
  );
  const subscription = query.subscribed === 'true' ? await loadSubscription(db, principal.id) : undefined;
  const subscriptionPlaces = new Map<string, string>();
  if (subscription && subscription.jurisdictionIds.length > 0)
    for (const r of await db
      .select({ id: jurisdictions.id, path: jurisdictions.path })
      .from(jurisdictions)
      .where(inArray(jurisdictions.id, subscription.jurisdictionIds)))
      subscriptionPlaces.set(r.id, r.path);
  const handlerIds = [...new Set(rows.map((r) => r.handling?.handledBy).filter((id): id is string => Boolean(id)))];
  const handlers = await namesOf(db, handlerIds);
  const needle = query.q?.toLowerCase();
  const open = OPEN_ALERT_STATUSES as readonly string[];
  return rows
    .map((r) => {
      const known = classes.get(r.alert.diseaseCode ?? '');
      return { r, alertClass: known?.alertClass ?? ('C' as AlertClass), diseaseId: known?.diseaseId ?? null };
    })
    .filter(({ r }) => query.open === undefined || open.includes(r.alert.status) === (query.open === 'true'))
    .filter(({ r }) => !query.handling || (query.handling === 'unhandled' ? !r.handling : r.handling?.localState === query.handling))
    .filter(({ r }) => !needle || r.alert.code.toLowerCase().includes(needle) || r.alert.title.toLowerCase().includes(needle))
    .filter(
      ({ r, alertClass, diseaseId }) =>
        !subscription ||
        alertClass === 'A' ||
        subscriptionCovers(subscription, { alertClass, diseaseId, path: visible.get(r.alert.linkId) ?? '' }, subscriptionPlaces),
    )
    .map(({ r, alertClass }) => ({
      id: r.alert.id,
      linkId: r.alert.linkId,
      source: 'neighbour' as const,
      provenance: {
        districtCode: r.districtCode,
        districtName: r.districtName,
        districtNameEn: r.districtNameEn,
        linkState: r.linkState,
        remoteCode: r.alert.code,
        receivedAt: r.alert.receivedAt,
        remoteUpdatedAt: r.alert.remoteUpdatedAt,
        synced: r.alert.synced,
      },
      code: r.alert.code,
      title: r.alert.title,
      summary: r.alert.summary,
      summaryZh: r.alert.summaryZh,
      alertClass,
      diseaseCode: r.alert.diseaseCode,
      diseaseName: r.alert.diseaseName,
      diseaseNameEn: r.alert.diseaseNameEn,
      placeName: r.alert.placeName,
      placeNameEn: r.alert.placeNameEn,
      status: r.alert.status,
      open: open.includes(r.alert.status),
      warningLevel: r.alert.warningLevel,
      firstSignalAt: r.alert.firstSignalAt,
      closedAt: r.alert.closedAt,
      handling: r.handling
        ? {
            state: r.handling.localState,
            note: r.handling.note,
            taskId: r.handling.taskId,
            handledBy: r.handling.handledBy ? (handlers.get(r.handling.handledBy) ?? null) : null,
            handledAt: r.handling.handledAt,
          }
        : null,
    }));
}

async function namesOf(db: Executor, ids: string[]) {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  for (const u of await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids)))
    out.set(u.id, u.displayName);
  return out;
}

export interface HandleSharedAlertInput {
  state: AlertHandlingState;
  note: string;
  /** a task of ours (tasks.assign over the district): to whom, by when */
  task?: { title: string; dueAt: Date; assigneeAgencyId?: string | undefined; assigneeJurisdictionId?: string | undefined } | undefined;
}

/** Records how we handle a neighbour's border alert (alerts.verify where we see it; audited). */
export async function handleSharedAlertAs(
  deps: NeighbourDeps,
  principal: Principal,
  id: string,
  input: HandleSharedAlertInput,
  ip: string | null,
) {
  const scope = scopeFor(principal, 'alerts.verify');
  const now = deps.now?.() ?? new Date();
  return deps.database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(neighbourAlerts).where(eq(neighbourAlerts.id, id)).for('update');
    const visible = await visibleLinkIds(tx, scope);
    if (!row || !visible.has(row.linkId)) throw notFound('neighbour_alert');
    const [before] = await tx.select().from(neighbourAlertHandling).where(eq(neighbourAlertHandling.neighbourAlertId, id));
    let taskId = before?.taskId ?? null;
    if (input.task) {
      if (!hasRight(principal, 'tasks.assign') || !pathInScope(scopeFor(principal, 'tasks.assign'), visible.get(row.linkId)!))
        throw forbidden('Assigning a task needs tasks.assign over the district');
      const [link] = await tx.select().from(neighbourLinks).where(eq(neighbourLinks.id, row.linkId));
      const [task] = await createTasks(
        tx,
        [
          {
            title: input.task.title,
            description: `${link!.name} ${row.code}：${row.title}\n${input.note}`.trim(),
            jurisdictionId: link!.jurisdictionId,
            assigneeAgencyId: input.task.assigneeAgencyId ?? null,
            assigneeJurisdictionId: input.task.assigneeJurisdictionId ?? null,
            dueAt: input.task.dueAt,
            origin: 'manual',
            originRef: row.id,
          },
        ],
        { actor: { id: principal.id, username: principal.username }, ip, paths: 'bare', now },
      );
      taskId = task!.id;
    }
    const values = { localState: input.state, note: input.note, taskId, handledBy: principal.id, handledAt: now };
    const [after] = await tx
      .insert(neighbourAlertHandling)
      .values({ neighbourAlertId: id, ...values })
      .onConflictDoUpdate({ target: neighbourAlertHandling.neighbourAlertId, set: values })
      .returning();
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: before ? 'update' : 'create',
      entityType: 'neighbour_alert_handling',
      entityId: id,
      before: before ?? undefined,
      after: after!,
      jurisdictionId: row.jurisdictionId,
    });
    return { id, state: after!.localState, note: after!.note, taskId: after!.taskId, handledAt: after!.handledAt };
  });
}

/** How many of the neighbours' open border alerts the reader sees are not yet handled here (the alert list's badge). */
export async function unhandledCountFor(deps: NeighbourDeps, principal: Principal): Promise<number> {
  const items = await listSharedAlertsFor(deps, principal, { open: 'true', handling: 'unhandled' });
  return items.length;
}
