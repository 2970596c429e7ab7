/**
 * A typed face of the one HTTP client (client.ts keeps the CSRF header, credentials and error handling): the
 * path is a path of the generated schema, its `{params}` are filled in (encoded), and the answer is typed by the
 * route's success response, the body and query by the route's own. A path the server does not have, a missing
 * path parameter or a wrong body is a type error.
 *
 * @example
 * const typed = typedClient(api);
 * const plan = await typed.get('/api/plans/{id}', { path: { id } });       // Schemas['PlanDetail']
 * await typed.post('/api/plans/{id}/versions/{versionId}/approve', { path: { id, versionId }, body: {} });
 */
import type { ApiClient, Query } from './client.ts';
import type { paths } from './schema.d.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type PathsWith<M extends Method> = { [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never }[keyof paths];
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Success<O> = O extends { responses: infer R }
  ? (
      R extends { 200: infer S }
        ? S
        : R extends { 201: infer S }
          ? S
          : R extends { 202: infer S }
            ? S
            : R extends { 204: unknown }
              ? { content: { 'application/json': undefined } }
              : never
    ) extends {
      content: { 'application/json': infer J };
    }
    ? J
    : undefined
  : never;
type PathParams<O> = O extends { parameters: { path: infer A } }
  ? A extends Record<string, unknown>
    ? { path: { [K in keyof A]: string } }
    : { path?: never }
  : { path?: never };
type QueryParams<O> = O extends { parameters: { query?: infer Q } }
  ? [Q] extends [undefined]
    ? { query?: never }
    : { query?: { [K in keyof NonNullable<Q>]?: Query[string] } }
  : { query?: never };
type BodyParams<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? { body: B }
  : O extends { requestBody?: { content: { 'application/json': infer B } } }
    ? { body?: B }
    : { body?: never };
type Options<O> = PathParams<O> & QueryParams<O> & BodyParams<O>;
// biome-ignore lint/complexity/noBannedTypes: `{} extends X` is the test for "every option is optional", not a use of {} as a type
type Args<O> = {} extends Options<O> ? [options?: Options<O>] : [options: Options<O>];

/** `/api/plans/{id}` + `{ id: 'a b' }` → `/api/plans/a%20b`; a parameter left unfilled is a programming error. */
export function fillPath(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`fillPath: no value for {${name}} in ${template}`);
    return encodeURIComponent(value);
  });
}

export interface TypedClient {
  get<P extends PathsWith<'get'>>(path: P, ...args: Args<Operation<P, 'get'>>): Promise<Success<Operation<P, 'get'>>>;
  post<P extends PathsWith<'post'>>(path: P, ...args: Args<Operation<P, 'post'>>): Promise<Success<Operation<P, 'post'>>>;
  put<P extends PathsWith<'put'>>(path: P, ...args: Args<Operation<P, 'put'>>): Promise<Success<Operation<P, 'put'>>>;
  patch<P extends PathsWith<'patch'>>(path: P, ...args: Args<Operation<P, 'patch'>>): Promise<Success<Operation<P, 'patch'>>>;
  delete<P extends PathsWith<'delete'>>(path: P, ...args: Args<Operation<P, 'delete'>>): Promise<Success<Operation<P, 'delete'>>>;
}

type Loose = { path?: Record<string, string>; query?: Query; body?: unknown };

/** The typed client over `client`: every request still goes through client.ts. */
export function typedClient(client: ApiClient): TypedClient {
  const url = (path: string, options?: Loose) => fillPath(path, options?.path);
  return {
    get: (path: string, options?: Loose) => client.get(url(path, options), options?.query),
    post: (path: string, options?: Loose) => client.post(url(path, options), options?.body),
    put: (path: string, options?: Loose) => client.put(url(path, options), options?.body),
    patch: (path: string, options?: Loose) => client.patch(url(path, options), options?.body),
    delete: (path: string, options?: Loose) => client.delete(url(path, options)),
  } as TypedClient;
}
