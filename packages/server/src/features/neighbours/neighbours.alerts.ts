/**
 * Border alerts (docs/neighbours.md): an alert of ours on a township the agreement with a neighbour names as
 * bordering it (or on one of that township's communities) is shared with the neighbour — in the transaction of the
 * change, through the alerts feature's hook 'alerts.changed' (alerts sits below; it hands off without knowing
 * us). The first time, the alert as it stands (`alert.shared`); afterwards, when the agreement says "synced", each
 * change of status or warning level (`alert.status`). What goes: code, title, summaries, disease, place names,
 * status, warning level, first signal and closing times — alerts hold no personal data.
 *
 * The neighbour keeps them read-only in `neighbour_alerts` (GET /api/neighbours/alerts, alerts.read over its
 * district), their status as last sent.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { inScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Config } from '../../platform/config.ts';
import type { Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import type { HookHandler } from '../../platform/hooks/hooks.ts';
import { alerts } from '../alerts/index.ts';
import { diseases } from '../catalogue/index.ts';
import { agreementsOf } from './neighbours.agreements.ts';
import { notifyBorderAlertSubscribers } from './neighbours.alerts-inbox.ts';
import { keyConfigOf } from './neighbours.keys.ts';
import { enqueueMessage } from './neighbours.outbox.ts';
import type { LinkRow } from './neighbours.store.ts';
import { neighbourAlerts, neighbourAlertShares, neighbourLinks } from './neighbours.tables.ts';
import type { NeighbourDeps } from './neighbours.service.ts';

/** What a border alert message carries. */
export interface SharedAlertPayload {
  alertId: string;
  code: string;
  title: string;
  summary: string;
  summaryZh: string;
  disease: { code: string; name: string; nameEn: string } | null;
  place: { name: string; nameEn: string };
  status: string;
  warningLevel: string | null;
  firstSignalAt: string | null;
  closedAt: string | null;
  updatedAt: string;
}

/** The hook's handler: share what changed with the neighbours whose agreement covers its place. */
export const shareBorderAlerts: HookHandler<'alerts.changed'> = async (tx, { alertIds, now }) => {
  if (alertIds.length === 0) return;
  const links = (await tx.select().from(neighbourLinks).where(eq(neighbourLinks.state, 'active'))).filter((l) => {
    const agreement = agreementsOf(l.agreements).borderAlerts;
    return agreement.send && agreement.townshipIds.length > 0;
  });
  if (links.length === 0) return;
  // loaded at start (server.ts) or by the link's approval: a platform with links has loaded its identity
  const keyConfig = await keyConfigOf(tx);
  if (!keyConfig) throw new Error('border alerts: this platform has not loaded its identity (ensureIdentity at start)');
  const rows = await tx
    .select({
      alert: alerts,
      path: jurisdictions.path,
      placeName: jurisdictions.name,
      placeNameEn: jurisdictions.nameEn,
      disease: { code: diseases.code, name: diseases.name, nameEn: diseases.nameEn },
    })
    .from(alerts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
    .leftJoin(diseases, eq(diseases.id, alerts.diseaseId))
    .where(inArray(alerts.id, alertIds));
  for (const link of links) {
    const agreement = agreementsOf(link.agreements).borderAlerts;
    // an exercise's alerts stay inside the platform (docs/exercises.md): a neighbour is an outside recipient
    const covered = rows.filter((r) => r.alert.exerciseId === null && agreement.townshipIds.some((id) => r.path.includes(`/${id}/`)));
    for (const r of covered) await shareOne(tx, keyConfig, link, agreement.synced, r, now);
  }
};

async function shareOne(
  tx: Tx,
  config: Pick<Config, 'identityKey' | 'dataDir'>,
  link: LinkRow,
  synced: boolean,
  r: {
    alert: typeof alerts.$inferSelect;
    placeName: string;
    placeNameEn: string;
    disease: { code: string; name: string; nameEn: string } | null;
  },
  now: Date,
) {
  const a = r.alert;
  const [sent] = await tx
    .select()
    .from(neighbourAlertShares)
    .where(and(eq(neighbourAlertShares.linkId, link.id), eq(neighbourAlertShares.alertId, a.id)))
    .for('update');
  if (sent && (!synced || (sent.lastStatus === a.status && sent.lastWarningLevel === a.warningLevel))) return;
  const payload: SharedAlertPayload = {
    alertId: a.id,
    code: a.code,
    title: a.title,
    summary: a.summary,
    summaryZh: a.summaryZh,
    disease: r.disease?.code ? r.disease : null,
    place: { name: r.placeName, nameEn: r.placeNameEn },
    status: a.status,
    warningLevel: a.warningLevel,
    firstSignalAt: a.firstSignalAt?.toISOString() ?? null,
    closedAt: a.closedAt?.toISOString() ?? null,
    updatedAt: (a.updatedAt ?? now).toISOString(),
  };
  const kind = sent ? 'alert.status' : 'alert.shared';
  await enqueueMessage(tx, config, link, kind, { ...payload, synced }, { alertCode: a.code, status: a.status }, now);
  if (sent)
    await tx
      .update(neighbourAlertShares)
      .set({ lastStatus: a.status, lastWarningLevel: a.warningLevel, updatedAt: now })
      .where(and(eq(neighbourAlertShares.linkId, link.id), eq(neighbourAlertShares.alertId, a.id)));
  else
    await tx.insert(neighbourAlertShares).values({
      linkId: link.id,
      alertId: a.id,
      jurisdictionId: link.jurisdictionId,
      lastStatus: a.status,
      lastWarningLevel: a.warningLevel,
      sharedAt: now,
      updatedAt: now,
    });
}

/** The receiver: stores or updates a neighbour's border alert (inside the batch's transaction). */
export async function receiveBorderAlert(
  tx: Tx,
  link: LinkRow,
  kind: 'alert.shared' | 'alert.status',
  payload: Record<string, unknown>,
  now: Date,
) {
  if (!agreementsOf(link.agreements).borderAlerts.accept) return { status: 'recorded' as const, summary: { refused: 'not_in_agreement' } };
  const p = payload as unknown as SharedAlertPayload & { synced: boolean };
  const values = {
    code: String(p.code).slice(0, 40),
    title: String(p.title).slice(0, 300),
    summary: String(p.summary ?? '').slice(0, 2000),
    summaryZh: String(p.summaryZh ?? '').slice(0, 2000),
    diseaseCode: p.disease?.code ?? null,
    diseaseName: p.disease?.name ?? null,
    diseaseNameEn: p.disease?.nameEn ?? null,
    placeName: String(p.place?.name ?? ''),
    placeNameEn: String(p.place?.nameEn ?? ''),
    status: String(p.status),
    warningLevel: p.warningLevel ?? null,
    synced: p.synced !== false,
    firstSignalAt: p.firstSignalAt ? new Date(p.firstSignalAt) : null,
    closedAt: p.closedAt ? new Date(p.closedAt) : null,
    remoteUpdatedAt: new Date(p.updatedAt),
    updatedAt: now,
  };
  const [existing] = await tx
    .select({ id: neighbourAlerts.id })
    .from(neighbourAlerts)
    .where(and(eq(neighbourAlerts.linkId, link.id), eq(neighbourAlerts.remoteAlertId, p.alertId)));
  if (existing) {
    await tx.update(neighbourAlerts).set(values).where(eq(neighbourAlerts.id, existing.id));
  } else {
    const [created] = await tx
      .insert(neighbourAlerts)
      .values({ ...values, linkId: link.id, jurisdictionId: link.jurisdictionId, remoteAlertId: p.alertId, receivedAt: now })
      .returning({ id: neighbourAlerts.id });
    // the readers who see it, as their alert subscription says (neighbours.alerts-inbox.ts)
    await notifyBorderAlertSubscribers(tx, link, { title: values.title, diseaseCode: values.diseaseCode, neighbourAlertId: created!.id });
  }
  return { status: 'recorded' as const, summary: { alertCode: values.code, status: values.status, kind } };
}

/** The neighbours' border alerts in the reader's district, newest change first (alerts.read). */
export async function listBorderAlertsFor(deps: NeighbourDeps, principal: Principal) {
  const scope = scopeFor(principal, 'alerts.read');
  return deps.database.db
    .select({
      id: neighbourAlerts.id,
      linkId: neighbourAlerts.linkId,
      districtCode: neighbourLinks.districtCode,
      districtName: neighbourLinks.name,
      districtNameEn: neighbourLinks.nameEn,
      code: neighbourAlerts.code,
      title: neighbourAlerts.title,
      summary: neighbourAlerts.summary,
      summaryZh: neighbourAlerts.summaryZh,
      diseaseCode: neighbourAlerts.diseaseCode,
      diseaseName: neighbourAlerts.diseaseName,
      diseaseNameEn: neighbourAlerts.diseaseNameEn,
      placeName: neighbourAlerts.placeName,
      placeNameEn: neighbourAlerts.placeNameEn,
      status: neighbourAlerts.status,
      warningLevel: neighbourAlerts.warningLevel,
      synced: neighbourAlerts.synced,
      firstSignalAt: neighbourAlerts.firstSignalAt,
      closedAt: neighbourAlerts.closedAt,
      remoteUpdatedAt: neighbourAlerts.remoteUpdatedAt,
      receivedAt: neighbourAlerts.receivedAt,
    })
    .from(neighbourAlerts)
    .innerJoin(neighbourLinks, eq(neighbourLinks.id, neighbourAlerts.linkId))
    .where(inScope(scope, neighbourAlerts.jurisdictionId))
    .orderBy(desc(neighbourAlerts.remoteUpdatedAt))
    .limit(500);
}

/** Checks that the border townships of an agreement are townships of the link's district (a 400 otherwise). */
export async function borderTownshipIssues(tx: Tx, districtId: string, townshipIds: string[]): Promise<string[]> {
  if (townshipIds.length === 0) return [];
  const rows = await tx
    .select({ id: jurisdictions.id })
    .from(jurisdictions)
    .where(
      and(
        inArray(jurisdictions.id, townshipIds),
        eq(jurisdictions.level, 'township'),
        sql`${jurisdictions.path} LIKE ${`%/${districtId}/%`}`,
      ),
    );
  const ok = new Set(rows.map((r) => r.id));
  return townshipIds.filter((id) => !ok.has(id));
}
