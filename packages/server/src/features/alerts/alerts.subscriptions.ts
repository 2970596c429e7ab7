/**
 * Alert subscriptions: what each user wants to be told about when a new alert opens (issue 12, item 4: "the
 * leader does not get every alert"). A subscription names alert classes ('A', 'B', 'C', 'syndromic'), diseases
 * (none: every disease) and places (none: the user's whole area). A user without a stored subscription has their
 * roles' default: the surveillance staff who verify (epidemiologists) and the township officers hear of every
 * class; commanders and leaders only of Class A alerts (2-hour diseases) — they still hear of alerts that
 * missed their deadline (escalation) and of confirmed events, which are not subscriptions but duties.
 *
 * Class A alerts reach every verifier whatever their subscription says: nobody can mute a plague or cholera alert.
 * Subscriptions decide who is notified; they never widen what anyone may see (the recipients are always the
 * holders of the right over the place, filtered here).
 *
 * @example
 * const subscribers = await subscribersOf(tx, verifierIds, { alertClass: 'B', diseaseId, path: place.path });
 */
import { eq, inArray } from 'drizzle-orm';
import { ROLES, type RoleId } from '../../platform/auth/rights.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions, userRoles } from '../../platform/db/platform.tables.ts';
import { ALERT_CLASSES, type AlertClass, alertSubscriptions } from './alerts.tables.ts';

/** What a role is told of by default (union over a user's roles; a role not listed: nothing). */
export const ROLE_SUBSCRIPTION_DEFAULTS: Partial<Record<RoleId, readonly AlertClass[]>> = {
  epidemiologist: ALERT_CLASSES,
  township_officer: ALERT_CLASSES,
  commander: ['A'],
};

export interface Subscription {
  alertClasses: AlertClass[];
  /** empty: every disease */
  diseaseIds: string[];
  /** empty: the user's whole area */
  jurisdictionIds: string[];
  /** true: no stored subscription, the roles' default applies */
  isDefault: boolean;
}

/** The class of an alert: its disease's statutory class (managed as A counts as A), or 'syndromic' for a feed. */
export function alertClassOf(disease: { class: string; managedAsClassA: boolean } | null, options: { feed?: boolean } = {}): AlertClass {
  // a syndromic feed's alert; an alert with neither disease nor feed (an event report naming no disease) is
  // "C and others", as alerts.store.ts ranks it
  if (options.feed) return 'syndromic';
  if (!disease) return 'C';
  if (disease.class === 'A' || disease.managedAsClassA) return 'A';
  if (disease.class === 'B') return 'B';
  return 'C';
}

/** The default classes of a set of roles, in ALERT_CLASSES order. */
export function defaultClassesFor(roles: readonly string[]): AlertClass[] {
  const wanted = new Set<AlertClass>();
  for (const role of roles) {
    if (!(role in ROLES)) continue;
    for (const c of ROLE_SUBSCRIPTION_DEFAULTS[role as RoleId] ?? []) wanted.add(c);
  }
  return ALERT_CLASSES.filter((c) => wanted.has(c));
}

/** The subscriptions of these users (stored, else their roles' default). */
export async function loadSubscriptions(db: Executor, userIds: readonly string[]): Promise<Map<string, Subscription>> {
  const out = new Map<string, Subscription>();
  if (userIds.length === 0) return out;
  const ids = [...new Set(userIds)];
  const stored = await db.select().from(alertSubscriptions).where(inArray(alertSubscriptions.userId, ids));
  for (const row of stored) {
    out.set(row.userId, {
      alertClasses: row.alertClasses,
      diseaseIds: row.diseaseIds,
      jurisdictionIds: row.jurisdictionIds,
      isDefault: false,
    });
  }
  const missing = ids.filter((id) => !out.has(id));
  if (missing.length > 0) {
    const roles = await db
      .select({ userId: userRoles.userId, role: userRoles.role })
      .from(userRoles)
      .where(inArray(userRoles.userId, missing));
    for (const id of missing) {
      out.set(id, {
        alertClasses: defaultClassesFor(roles.filter((r) => r.userId === id).map((r) => r.role)),
        diseaseIds: [],
        jurisdictionIds: [],
        isDefault: true,
      });
    }
  }
  return out;
}

/** The subscription of one user. */
export async function loadSubscription(db: Executor, userId: string): Promise<Subscription> {
  return (await loadSubscriptions(db, [userId])).get(userId)!;
}

/** What an alert is, for matching subscriptions. */
export interface AlertFacts {
  alertClass: AlertClass;
  diseaseId: string | null;
  /** the alert's place (jurisdictions.path) */
  path: string;
}

/**
 * Whether a subscription covers an alert. A place chosen covers the alerts inside it and those of a wider area
 * containing it (a district-wide alert concerns whoever follows one of its townships). The disease list applies
 * to disease alerts; feeds are chosen by the class 'syndromic'.
 */
export function subscriptionCovers(sub: Subscription, alert: AlertFacts, pathsOfPlaces: ReadonlyMap<string, string>): boolean {
  if (!sub.alertClasses.includes(alert.alertClass)) return false;
  if (alert.diseaseId && sub.diseaseIds.length > 0 && !sub.diseaseIds.includes(alert.diseaseId)) return false;
  if (sub.jurisdictionIds.length > 0) {
    const paths = sub.jurisdictionIds.map((id) => pathsOfPlaces.get(id)).filter((p): p is string => Boolean(p));
    if (!paths.some((p) => alert.path.startsWith(p) || p.startsWith(alert.path))) return false;
  }
  return true;
}

/**
 * The users among `userIds` to notify of a new alert: those whose subscription covers it; for a Class A alert,
 * everyone (`alwaysForClassA`, the verifiers) — see the module comment.
 */
export async function subscribersOf(
  db: Executor,
  userIds: readonly string[],
  alert: AlertFacts,
  options: { alwaysForClassA: boolean },
): Promise<string[]> {
  if (userIds.length === 0) return [];
  if (alert.alertClass === 'A' && options.alwaysForClassA) return [...userIds];
  const subs = await loadSubscriptions(db, userIds);
  const placeIds = [...new Set([...subs.values()].flatMap((s) => s.jurisdictionIds))];
  const paths = new Map<string, string>();
  if (placeIds.length > 0) {
    for (const row of await db
      .select({ id: jurisdictions.id, path: jurisdictions.path })
      .from(jurisdictions)
      .where(inArray(jurisdictions.id, placeIds))) {
      paths.set(row.id, row.path);
    }
  }
  return userIds.filter((id) => subscriptionCovers(subs.get(id)!, alert, paths));
}

/** Stores a user's subscription (replacing the default or the previous one); returns the row. */
export async function storeSubscription(db: Executor, userId: string, values: Omit<Subscription, 'isDefault'>) {
  const set = {
    alertClasses: values.alertClasses,
    diseaseIds: values.diseaseIds,
    jurisdictionIds: values.jurisdictionIds,
    updatedAt: new Date(),
  };
  const [row] = await db
    .insert(alertSubscriptions)
    .values({ userId, ...set })
    .onConflictDoUpdate({ target: alertSubscriptions.userId, set })
    .returning();
  return row!;
}

/** Removes a stored subscription: the roles' default applies again. */
export async function removeSubscription(db: Executor, userId: string) {
  const [row] = await db.delete(alertSubscriptions).where(eq(alertSubscriptions.userId, userId)).returning();
  return row;
}
