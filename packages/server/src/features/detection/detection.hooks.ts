/**
 * The hand-off detection runs: new signals, stored in a run's transaction, go to whoever turns signals into
 * work (the alerts intake, registered by the composition in features/feature-hooks.ts). Detection does not
 * import alerts: alerts builds on detection's signals, not the other way round.
 */
import type { signals } from './signals.tables.ts';

declare module '../../platform/hooks/hooks.ts' {
  interface Hooks {
    /** signals just inserted by a detection run (already-absorbed ones may be among them) */
    'detection.signals-created': {
      payload: { signals: Array<typeof signals.$inferSelect>; now: Date };
      /** ids of the alerts the receiver opened and of those it updated */
      result: { created: string[]; updated: string[] };
    };
    /** the code and status of the alerts that signals went into, by alert id (for the signal list and page) */
    'detection.alert-labels': {
      payload: { alertIds: string[] };
      result: Record<string, { code: string; status: string }>;
    };
  }
}
