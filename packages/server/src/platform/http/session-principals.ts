/**
 * The principals of live sessions, kept for a short while by a server process so that an API request does not
 * read its session, user and roles from the database every time (issue 11: under 50 clients on the case list
 * that statement was one of every three the server sent).
 *
 * Correctness comes first; an entry is used only while all of these hold:
 * - the session, as read, has not expired and has not idled out (checked against the clock on every use);
 * - its idle clock needs no refresh: once a minute a request goes to the database anyway (it refreshes
 *   `last_seen_at` and reads the principal afresh), so no entry is older than a minute after its last read;
 * - nothing was written since through this process: every request other than GET/HEAD forgets every kept
 *   principal when it has finished (after its transaction committed, before its answer leaves), so a sign-out,
 *   a disabled account, a changed role or a moved jurisdiction takes effect for the very next request in this
 *   process, whichever service made the change;
 * - no other process (or the CLI, or plain SQL) said otherwise: the database's triggers (migrations 0028 and 0073)
 *   notify every process at commit when a session ends, a user's roles, state, password, agency, name, language,
 *   username or facility change, or a jurisdiction is renamed or moved, and the live hub hands those notices here.
 * A load that started before a forgetting is not kept when it finishes (it may predate the change).
 *
 * Only a server with a live hub keeps principals (it hears the other processes); without one (tests, scripts)
 * every request reads the database, as before.
 */
import type { Principal } from '../auth/scope.ts';
import type { SessionBounds } from '../auth/sessions.ts';
import type { LiveControl, LiveHub } from '../live/live.ts';

/** A kept principal lives at most this long (ms): the interval at which a session's idle clock is refreshed. */
export const PRINCIPAL_KEEP_MS = 60_000;
/** Kept sessions at most (the oldest go first). */
const MAX_ENTRIES = 10_000;

export interface SessionPrincipal {
  principal: Principal;
  /** the session's idle clock as read (or as refreshed by this request) */
  lastSeenAt: Date;
  expiresAt: Date;
}

export class SessionPrincipals {
  readonly #entries = new Map<string, SessionPrincipal>();
  /** bumped by every forgetting: a load started under an older generation is not kept */
  #generation = 0;

  /** The kept principal of a session, when it may still be used at `bounds.now`. */
  get(sessionId: string, bounds: SessionBounds): Principal | undefined {
    const entry = this.#entries.get(sessionId);
    if (!entry) return undefined;
    const now = bounds.now.getTime();
    const usable =
      entry.expiresAt.getTime() > now &&
      entry.lastSeenAt.getTime() > bounds.idleCutoff.getTime() &&
      now - entry.lastSeenAt.getTime() < PRINCIPAL_KEEP_MS;
    if (!usable) {
      this.#entries.delete(sessionId);
      return undefined;
    }
    return entry.principal;
  }

  /** The generation to pass to `keep` (read before loading). */
  get generation(): number {
    return this.#generation;
  }

  /** Keeps a principal loaded under `generation`, unless something was forgotten since. */
  keep(sessionId: string, entry: SessionPrincipal, generation: number): void {
    if (generation !== this.#generation) return;
    this.#entries.delete(sessionId);
    this.#entries.set(sessionId, entry);
    if (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** Forgets every kept principal (a write went through this process, or the jurisdictions changed). */
  forgetAll(): void {
    this.#generation += 1;
    this.#entries.clear();
  }

  /** Forgets what a control notice of the database makes stale. */
  forget(control: LiveControl): void {
    this.#generation += 1;
    if (control.control === 'session_ended' && control.sessionId) {
      this.#entries.delete(control.sessionId);
    } else if ((control.control === 'user_changed' || control.control === 'principal_changed') && control.userId) {
      for (const [id, entry] of this.#entries) if (entry.principal.id === control.userId) this.#entries.delete(id);
    } else {
      this.#entries.clear();
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}

const byHub = new WeakMap<LiveHub, SessionPrincipals>();

/** The kept principals of a server, listening to its live hub's control notices; none without a hub. */
export function sessionPrincipalsFor(live: LiveHub | undefined): SessionPrincipals | undefined {
  if (!live) return undefined;
  let kept = byHub.get(live);
  if (!kept) {
    const created = new SessionPrincipals();
    live.onControl((control) => created.forget(control));
    byHub.set(live, created);
    kept = created;
  }
  return kept;
}
