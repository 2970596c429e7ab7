/**
 * Hooks: how a feature hands work to a feature of a higher layer (or of its own layer, where an import would
 * close a cycle) without importing it — detection's new signals to the alerts intake, an incident's launched
 * measures to the tasks. The writer names the hook and runs it inside its own transaction; the receiving
 * feature registers a handler; the composition root (features/feature-hooks.ts) registers every handler once
 * at start, so the writer never knows who receives.
 *
 * Typed by declaration merging: the feature that RUNS a hook declares its name, payload and result
 * (`declare module '../../platform/hooks/hooks.ts' { interface Hooks { 'detection.signals': { payload; result } } }`),
 * so the platform imports no feature and both sides are checked against one definition.
 */
import type { Tx } from '../db/database.ts';

/** Hook name → { payload, result }; each writing feature adds its own hooks (see the header). */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging (each feature adds its hooks); a type alias could not be merged
export interface Hooks {}

export type HookName = keyof Hooks;
export type HookPayload<N extends HookName> = Hooks[N] extends { payload: infer P } ? P : never;
export type HookResult<N extends HookName> = Hooks[N] extends { result: infer R } ? R : never;
/** A handler runs inside the writer's transaction: what it writes commits or rolls back with the writer's rows. */
export type HookHandler<N extends HookName> = (tx: Tx, payload: HookPayload<N>) => Promise<HookResult<N>>;

// biome-ignore lint/suspicious/noExplicitAny: handlers of every hook share one map; onHook and runHook type each by its name
const handlers = new Map<HookName, Array<HookHandler<any>>>();

/** Registers a handler; registering the same function again changes nothing (start-up may run twice in tests). */
export function onHook<N extends HookName>(name: N, handler: HookHandler<N>): void {
  const list = handlers.get(name) ?? [];
  if (!list.includes(handler)) list.push(handler);
  handlers.set(name, list);
}

/**
 * Runs every handler of `name` in registration order inside `tx` and returns their results. A hook without a
 * handler is a wiring mistake (the composition did not register the receiving feature), not "nobody cares":
 * it throws, so that a hand-off is never silently dropped.
 */
export async function runHook<N extends HookName>(tx: Tx, name: N, payload: HookPayload<N>): Promise<Array<HookResult<N>>> {
  const list = handlers.get(name);
  if (!list || list.length === 0)
    throw new Error(`hook "${name}" has no handler: call registerFeatureHooks() at start (features/feature-hooks.ts)`);
  const results: Array<HookResult<N>> = [];
  for (const handler of list) results.push((await handler(tx, payload)) as HookResult<N>);
  return results;
}
