/**
 * Live events: a change committed by any request or job reaches the browsers that may see it, over
 * Server-Sent Events (GET /api/live, see live.routes.ts).
 *
 * `publishLive(tx, event)` sends a PostgreSQL NOTIFY inside the caller's transaction, so an event is delivered
 * only if (and when) the change commits, never for a rolled-back one, and on PostgreSQL it reaches every server
 * process. The `LiveHub` listens on the channel and hands each event to the connections allowed to see it.
 * Events carry ids, not records: a browser refetches through the API, where the usual rights and scope apply.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   const [task] = await tx.update(tasks).set({ status: 'done' }).where(eq(tasks.id, id)).returning();
 *   await publishLive(tx, { topic: 'tasks', id: task.id, right: 'tasks.read', jurisdictionPath: path });
 * });
 */
import { sql } from 'drizzle-orm';
import type { Right } from '../auth/rights.ts';
import { type Principal, pathInScope, scopeFor } from '../auth/scope.ts';
import type { Database, Executor } from '../db/database.ts';
import type { Logger } from '../logger.ts';

/** The NOTIFY channel of live events. */
export const LIVE_CHANNEL = 'oc_live';

/**
 * One live event. Who receives it:
 * - `userIds` given: exactly those users;
 * - otherwise users holding `right` (every signed-in user when absent) whose scope of that right contains
 *   `jurisdictionPath` (anywhere when absent), plus, when `agencyId` is given, the users of that agency who hold
 *   the right anywhere.
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
  agencyId?: string;
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
  if (!event.right) return true;
  let paths: string[];
  try {
    paths = scopeFor(principal, event.right).paths;
  } catch {
    return false; // the right is not held anywhere
  }
  if (event.agencyId && principal.agencyId === event.agencyId) return true;
  return event.jurisdictionPath === undefined || pathInScope({ right: event.right, paths }, event.jurisdictionPath);
}

/** A browser connection: who it is, and how to send it an event. */
export interface LiveSubscriber {
  principal: Principal;
  send(event: LiveEvent): void;
}

/** Fans NOTIFY payloads out to the subscribers allowed to see them. One per server process. */
export class LiveHub {
  readonly #subscribers = new Set<LiveSubscriber>();
  readonly #serverListeners = new Set<(event: LiveEvent) => void>();
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

  get size(): number {
    return this.#subscribers.size;
  }

  async stop(): Promise<void> {
    const started = this.#started;
    this.#started = null;
    this.#subscribers.clear();
    this.#serverListeners.clear();
    if (started) await (await started)();
  }
}
