/** HTTP adapter for user administration (right `users.manage`) and the role catalogue. */
import { createRoute } from '@hono/zod-openapi';
import { type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { IdParam, UUID_PATTERN, errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { RIGHTS, ROLES } from '../../platform/auth/rights.ts';
import { scopeFor } from '../../platform/auth/scope.ts';
import { notFound } from '../../platform/errors.ts';
import { createUserAs, listUsersFor, resetPasswordAs, updateUserAs } from './users.service.ts';
import { PasswordResetInput, RoleList, UserCreateInput, UserList, UserListQuery, UserSchema, UserUpdateInput } from './users.schema.ts';

const rolesRoute = createRoute({
  method: 'get',
  path: '/api/roles',
  tags: ['users'],
  summary: 'The roles and the rights each grants',
  responses: { 200: jsonResponse(RoleList, 'Roles'), ...errorResponses(401, 403) },
});
const listRoute = createRoute({
  method: 'get',
  path: '/api/users',
  tags: ['users'],
  summary: 'Users within your jurisdiction',
  request: { query: UserListQuery },
  responses: { 200: jsonResponse(UserList, 'A page of users'), ...errorResponses(400, 401, 403) },
});
const createUserRoute = createRoute({
  method: 'post',
  path: '/api/users',
  tags: ['users'],
  summary: 'Create a user with roles',
  request: { body: jsonBody(UserCreateInput) },
  responses: { 201: jsonResponse(UserSchema, 'Created'), ...errorResponses(400, 401, 403, 409, 413, 415) },
});
const updateRoute = createRoute({
  method: 'patch',
  path: '/api/users/{id}',
  tags: ['users'],
  summary: 'Change display name, disabled flag, language or roles',
  request: { params: IdParam, body: jsonBody(UserUpdateInput) },
  responses: { 200: jsonResponse(UserSchema, 'Changed'), ...errorResponses(400, 401, 403, 404, 415) },
});
const resetRoute = createRoute({
  method: 'post',
  path: '/api/users/{id}/reset-password',
  tags: ['users'],
  summary: 'Set a new password (ends the user’s sessions and lockout)',
  request: { params: IdParam, body: jsonBody(PasswordResetInput) },
  responses: { 204: { description: 'Reset' }, ...errorResponses(400, 401, 403, 404, 415) },
});

/** Mounts the user administration routes. */
export function registerUsersRoutes(app: AppOpenAPI): void {
  app.openapi(rolesRoute, async (c) => {
    scopeFor(requirePrincipal(c), 'users.manage');
    return c.json(
      {
        items: Object.entries(ROLES).map(([id, r]) => ({ id, name: r.name, nameEn: r.nameEn, rights: [...r.rights] })),
        rights: Object.entries(RIGHTS).map(([id, r]) => ({ id, name: r.name, nameEn: r.nameEn })),
      },
      200,
    );
  });

  app.openapi(listRoute, async (c) => {
    return c.json(await listUsersFor(c.get('deps').database, requirePrincipal(c), c.req.valid('query')), 200);
  });

  app.openapi(createUserRoute, async (c) => {
    const user = await createUserAs(c.get('deps').database, requirePrincipal(c), c.req.valid('json'), clientIp(c));
    return c.json(user, 201);
  });

  app.openapi(updateRoute, async (c) => {
    const principal = requirePrincipal(c);
    const { id } = c.req.valid('param');
    if (!UUID_PATTERN.test(id)) throw notFound('user');
    return c.json(await updateUserAs(c.get('deps').database, principal, id, c.req.valid('json'), clientIp(c)), 200);
  });

  app.openapi(resetRoute, async (c) => {
    const principal = requirePrincipal(c);
    const { id } = c.req.valid('param');
    if (!UUID_PATTERN.test(id)) throw notFound('user');
    await resetPasswordAs(c.get('deps').database, principal, id, c.req.valid('json').password, clientIp(c));
    return c.body(null, 204);
  });
}
