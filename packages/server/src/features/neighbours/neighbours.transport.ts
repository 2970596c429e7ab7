/**
 * How messages travel between platforms: one interface, so that a city running a hub for its districts can put
 * a message broker in place of direct HTTP. The default, `httpTransport`, posts a batch of signed envelopes to
 * the neighbour's `POST /api/public/neighbours/messages` (HTTPS in production; the address is the link's
 * base URL) and reads back, per message, whether it was stored or was already there.
 *
 * @example
 * const result = await httpTransport().send({ baseUrl: 'https://shaxi.example' }, envelopes);
 * if (result.ok) markDelivered(result.outcomes.map((o) => o.id));
 */
import type { SignedEnvelope } from './neighbours.keys.ts';

/** What the receiver did with one message. */
export type MessageOutcome = 'stored' | 'duplicate';

export type TransportResult =
  | { ok: true; outcomes: { id: string; outcome: MessageOutcome }[] }
  /** not delivered: retried later (`error` is a short text for the delivery page, never a payload) */
  | { ok: false; error: string };

export interface NeighbourTransport {
  /** Delivers the envelopes (one link, in sequence order) and says what the receiver did with each. */
  send(link: { baseUrl: string }, envelopes: SignedEnvelope[]): Promise<TransportResult>;
}

/** The path every platform receives messages at (public: the signature authenticates the sender). */
export const RECEIVE_PATH = '/api/public/neighbours/messages';

export interface HttpTransportOptions {
  /** a neighbour that does not answer within this time is retried later */
  timeoutMs: number;
}

const DEFAULTS: HttpTransportOptions = { timeoutMs: 20_000 };

/** Direct HTTP(S) between platforms. */
export function httpTransport(options: Partial<HttpTransportOptions> = {}): NeighbourTransport {
  const { timeoutMs } = { ...DEFAULTS, ...options } satisfies HttpTransportOptions;
  return {
    async send(link, envelopes) {
      const url = new URL(RECEIVE_PATH, link.baseUrl.endsWith('/') ? link.baseUrl : `${link.baseUrl}/`);
      const request = JSON.stringify({ messages: envelopes });
      let response: Response | undefined;
      // A kept-alive connection the neighbour closed while idle fails at once with ECONNRESET: sent again on a
      // fresh one at once (harmless: the receiver stores each message once), instead of waiting for a retry.
      for (let attempt = 1; !response; attempt++) {
        try {
          response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: request,
            signal: AbortSignal.timeout(timeoutMs),
            redirect: 'error',
          });
        } catch (error) {
          const e = error as Error & { cause?: { code?: string } };
          const code = e.cause?.code ?? e.name;
          if (attempt < 2 && (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')) continue;
          return { ok: false, error: e.name === 'TimeoutError' ? 'timeout' : `unreachable (${code})` };
        }
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return { ok: false, error: `HTTP ${response.status}` };
      }
      if (!response.ok) {
        const err = (body as { error?: { id?: string; reason?: string; message?: string } }).error;
        return { ok: false, error: `HTTP ${response.status} ${err?.reason ?? err?.id ?? ''}`.trim() };
      }
      const outcomes = (body as { outcomes?: unknown }).outcomes;
      if (!Array.isArray(outcomes)) return { ok: false, error: 'malformed answer' };
      return { ok: true, outcomes: outcomes as { id: string; outcome: MessageOutcome }[] };
    },
  };
}
