/**
 * The web's view of the API contract, all derived from the generated schema.d.ts (never written by hand):
 * `Schemas['Alert']` is the server's Alert schema, `ResponseOf<'/api/alerts/{id}', 'get'>` what that route
 * answers, `BodyOf<'/api/alerts', 'post'>` what it takes. docs/api-contract.md, "Typed web contract".
 *
 * @example
 * export type Alert = Schemas['Alert'];
 * const alert = await api.get<ResponseOf<'/api/alerts/{id}', 'get'>>(`/api/alerts/${id}`);
 */
import type { components, paths } from './schema.d.ts';

export type { paths } from './schema.d.ts';
export type Schemas = components['schemas'];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : undefined;
type SuccessOf<O> = O extends { responses: infer R }
  ? JsonOf<R extends { 200: infer S } ? S : R extends { 201: infer S } ? S : R extends { 202: infer S } ? S : never>
  : never;

/** The JSON a route answers on success (200, 201 or 202). */
export type ResponseOf<P extends keyof paths, M extends Method> = SuccessOf<Operation<P, M>>;
/** The JSON body a route takes. */
export type BodyOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The query parameters a route takes. */
export type QueryOf<P extends keyof paths, M extends Method> = NonNullable<Operation<P, M>['parameters']['query']>;

/**
 * Filters of a list page as the web keeps them (URL search parameters, form values): the keys are the route's
 * query parameters, so a filter the server does not know is a type error; the values stay loose strings or
 * numbers, since the server validates them (400 naming the parameter).
 */
export type FiltersOf<P extends keyof paths, M extends Method = 'get'> = { [K in keyof QueryOf<P, M>]?: string | number };

/** Why the server refused a write with 409 (`four_eyes`, `already_exists` …): translated as `conflicts.<reason>`. */
export type ConflictReason = NonNullable<Schemas['Error']['error']['reason']>;
/** Every error id of the contract. */
export type ErrorId = Schemas['Error']['error']['id'];

/**
 * A list of every value of a string union of the contract, checked by the compiler both ways: a value the server
 * does not know fails, and so does a value the server added but the list lacks. The web needs such lists at run
 * time (pickers, filters); this keeps them from drifting from the server's enums.
 *
 * @example
 * export const CONTACT_TYPES = everyValueOf<Schemas['Contact']['contactType']>()(['close', 'general']);
 */
export function everyValueOf<T extends string>() {
  return <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : { missing: Exclude<T, A[number]> })): A => values;
}
