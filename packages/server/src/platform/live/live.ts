/**
 * Live events: a change committed by any request or job reaches the browsers that may see it, over
 * Server-Sent Events (GET /api/live, see live.routes.ts).
 *
 * `publishLive(tx, event)` sends a PostgreSQL NOTIFY inside the caller's transaction, so an event is delivered
 * only if (and when) the change commits, never for a rolled-back one, and on PostgreSQL it reaches every server
 * process. The `LiveHub` listens on the channel and hands each event to the connections allowed to see it.
 * Events carry ids, not records: a browser refetches through the API, where the usual rights and scope apply.
 *
 * Scope (issue 11 item 5): an event reaches a user only when it names them (`userIds`), or lies within their
 * scope of `right` (`jurisdictionPath`, like the record it is about: use `publishLiveIn` for records in several
 * places), or is explicitly about no place (`everywhere: true`: catalogue changes). An event with none of these
 * reaches nobody — never every holder of a right. Streams end with the session: a trigger (migration 0028)
 * notifies when a session is deleted (sign-out, expiry purge, password change, account disabled) or a user's
 * roles, password or state change, and the hub closes that session's or user's streams at once.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   const [task] = await tx.update(tasks).set({ status: 'done' }).where(eq(tasks.id, id)).returning();
 *   await publishLive(tx, { topic: 'tasks', id: task.id, right: 'tasks.read', jurisdictionPath: path });
 * });
 */
import { inArray, isNull, sql } from 'drizzle-orm';
import type { Right } from '../auth/rights.ts';
import { type Principal, type Scope, facilityScopeFor, recordInFacilityScope } from '../auth/scope.ts';
import type { Database, Executor } from '../db/database.ts';
import { jurisdictions } from '../db/platform.tables.ts';
import type { Logger } from '../logger.ts';

/** The NOTIFY channel of live events. */
export const LIVE_CHANNEL = 'oc_live';

/**
 * One live event. Who receives it:
 * - `userIds` given: exactly those users;
 * - `jurisdictionPath` given: users holding `right` (any role when absent) whose scope of it contains the path,
 *   plus, when `agencyId` is given, the users of that agency who hold the right anywhere;
 * - `everywhere: true` (records about no place, e.g. the disease catalogue): every holder of `right` (every
 *   signed-in user when absent);
 * - none of these: nobody.
 */
export interface LiveEvent {
  /** what changed: 'alerts', 'tasks', 'incidents', 'notifications', … (the web app subscribes by topic) */
  topic: string;
  /** the record that changed */
  id?: string;
  /** a short verb for the receiver ('created', 'updated', 'status') */
  action?: string;
  userIds?: string[];
  right?: Right;
  /** materialised path of the record's jurisdiction (jurisdictions.path) */
  jurisdictionPath?: string;
  /** the record is about no place (reference data): every holder of `right` may hear of it */
  everywhere?: true;
  agencyId?: string;
  /**
   * The facility that filed the record (case reports): a user holding `right` only over its facility's records
   * (a hospital reporter) receives the event only when it is theirs.
   */
  facilityId?: string | null;
  /** small extra data for the receiver (keep it well under PostgreSQL's 8000-byte NOTIFY limit) */
  data?: Record<string, string | number | boolean | null>;
}

/** Queues a live event in the caller's transaction; it is delivered when that transaction commits. */
export async function publishLive(db: Executor, event: LiveEvent): Promise<void> {
  await db.execute(sql`SELECT pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(event)})`);
}

/** Whether `principal` may receive `event` (see {@link LiveEvent}). */
export function mayReceive(principal: Principal, event: LiveEvent): boolean {
  if (event.userIds) return event.userIds.includes(principal.id);
  const path = event.jurisdictionPath;
  if (!event.everywhere && !path) return false; // about some place, but which one is not said: nobody
  if (!event.right) return event.everywhere === true || principal.grants.some((g) => path!.startsWith(g.jurisdictionPath));
  let scope: Scope;
  try {
    scope = facilityScopeFor(principal, event.right);
  } catch {
    return false; // the right is not held anywhere
  }
  if (event.everywhere) return true;
  if (event.agencyId && principal.agencyId === event.agencyId) return true;
  return recordInFacilityScope(scope, path!, event.facilityId ?? null);
}

/**
 * Publishes `event` once per jurisdiction of the records it is about (e.g. the rows of an import), each copy
 * scoped to that jurisdiction; with a Map (jurisdiction id → number of records) each copy's `data.count` is
 * its own number, so nobody learns the count of another place.
 */
export async function publishLiveIn(
  db: Executor,
  event: Omit<LiveEvent, 'jurisdictionPath' | 'userIds' | 'everywhere'>,
  where: Iterable<string> | Map<string, number>,
): Promise<void> {
  const counts = where instanceof Map ? where : undefined;
  const ids = [...new Set<string>(counts ? counts.keys() : (where as Iterable<string>))];
  if (ids.length === 0) return;
  const places = await db
    .select({ id: jurisdictions.id, path: jurisdictions.path })
    .from(jurisdictions)
    .where(inArray(jurisdictions.id, ids));
  for (const place of places) {
    const data = counts ? { ...event.data, count: counts.get(place.id) ?? 0 } : event.data;
    await publishLive(db, { ...event, jurisdictionPath: place.path, ...(data ? { data } : {}) });
  }
}

/**
 * Publishes an event about a district-wide record (a detection run): to holders of the right over a whole
 * root of the jurisdiction tree, not to every township.
 */
export async function publishLiveDistrictWide(
  db: Executor,
  event: Omit<LiveEvent, 'jurisdictionPath' | 'userIds' | 'everywhere'>,
): Promise<void> {
  const roots = await db.select({ id: jurisdictions.id }).from(jurisdictions).where(isNull(jurisdictions.parentId));
  await publishLiveIn(
    db,
    event,
    roots.map((r) => r.id),
  );
}

/**
 * Notices the database sends on the live channel when sessions end or users change (migration 0028), or when
 * what a kept principal holds changes otherwise (0073: a user's name, language or facility; a renamed or moved
 * jurisdiction, which every grant's path and name come from).
 */
export interface LiveControl {
  control: 'session_ended' | 'user_changed' | 'principal_changed' | 'jurisdictions_changed';
  sessionId?: string;
  userId?: string;
}

/** A browser connection: who it is, and how to send it an event. */
export interface LiveSubscriber {
  principal: Principal;
  /** the session the stream belongs to: its end closes the stream */
  sessionId?: string;
  send(event: LiveEvent): void;
  /** ends the stream (its session ended, or its user's rights changed: the browser reconnects and is checked again) */
  close?(): void;
}

/** Fans NOTIFY payloads out to the subscribers allowed to see them. One per server process. */
export class LiveHub {
  readonly #subscribers = new Set<LiveSubscriber>();
  readonly #serverListeners = new Set<(event: LiveEvent) => void>();
  readonly #controlListeners = new Set<(control: LiveControl) => void>();
  #started: Promise<() => Promise<void>> | null = null;

  constructor(private readonly log?: Logger) {}

  /** Starts listening on the database (idempotent, also when called concurrently). */
  async start(database: Database): Promise<void> {
    this.#started ??= database.listen(LIVE_CHANNEL, (payload) => this.dispatch(payload));
    await this.#started;
  }

  /** Delivers one payload (the NOTIFY text) to every allowed subscriber. */
  dispatch(payload: string): void {
    let event: LiveEvent;
    try {
      event = JSON.parse(payload) as LiveEvent;
    } catch {
      this.log?.warn('live: ignored a malformed event', { payload: payload.slice(0, 200) });
      return;
    }
    if ('control' in event) {
      const control = event as unknown as LiveControl;
      // the server's own caches of who may do what first (platform/http/session-principals.ts), then the streams
      for (const listener of this.#controlListeners) {
        try {
          listener(control);
        } catch (error) {
          this.log?.error('live: a control listener failed', { error });
        }
      }
      this.endStreams(control);
      return;
    }
    for (const listener of this.#serverListeners) {
      try {
        listener(event);
      } catch (error) {
        this.log?.error('live: a server listener failed', { error });
      }
    }
    for (const subscriber of this.#subscribers) {
      if (!mayReceive(subscriber.principal, event)) continue;
      try {
        subscriber.send(event);
      } catch (error) {
        this.log?.debug('live: a subscriber failed; dropping it', { error });
        this.#subscribers.delete(subscriber);
      }
    }
  }

  /** Closes the streams of an ended session, or of a user whose rights or state changed. */
  endStreams(control: LiveControl): void {
    for (const subscriber of this.#subscribers) {
      const ended =
        (control.control === 'session_ended' && control.sessionId !== undefined && subscriber.sessionId === control.sessionId) ||
        (control.control === 'user_changed' && control.userId !== undefined && subscriber.principal.id === control.userId);
      if (!ended) continue;
      this.#subscribers.delete(subscriber);
      try {
        subscriber.close?.();
      } catch (error) {
        this.log?.debug('live: closing a stream failed', { error });
      }
    }
  }

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(subscriber: LiveSubscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  /** Every event, unfiltered, for the server's own reactions (e.g. sending queued deliveries at once). */
  onEvent(listener: (event: LiveEvent) => void): () => void {
    this.#serverListeners.add(listener);
    return () => this.#serverListeners.delete(listener);
  }

  /** Every control notice (a session ended, a user or the jurisdictions changed), for the server's caches. */
  onControl(listener: (control: LiveControl) => void): () => void {
    this.#controlListeners.add(listener);
    return () => this.#controlListeners.delete(listener);
  }

  /** Whether the hub listens (started, not stopped): only then does it hear other processes' changes. */
  get listening(): boolean {
    return this.#started !== null;
  }

  get size(): number {
    return this.#subscribers.size;
  }

  async stop(): Promise<void> {
    const started = this.#started;
    this.#started = null;
    this.#subscribers.clear();
    this.#serverListeners.clear();
    this.#controlListeners.clear();
    if (started) await (await started)();
  }
}
