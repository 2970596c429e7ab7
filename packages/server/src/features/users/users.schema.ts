/** Request and response schemas of user administration and roles. */
import { z } from '@hono/zod-openapi';
import { ROLE_IDS } from '../../platform/auth/rights.ts';
import { PageQuery } from '../../platform/http/schemas.ts';

const RoleInput = z
  .object({
    role: z.enum(ROLE_IDS),
    jurisdictionId: z.uuid(),
  })
  .strict();

export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    locale: z.enum(['zh-CN', 'en']),
    disabled: z.boolean(),
    lockedUntil: z.string().nullable(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
    roles: z.array(z.object({ role: z.string(), jurisdictionId: z.string(), jurisdictionName: z.string() })),
    agencyId: z.string().nullable().openapi({ description: 'The agency the user works for (task inbox of an agency liaison)' }),
    agencyName: z.string().nullable(),
    agencyNameEn: z.string().nullable(),
    facilityId: z
      .string()
      .nullable()
      .openapi({ description: 'The facility the user reports for: a hospital reporter sees and corrects only its case reports' }),
    facilityName: z.string().nullable(),
    facilityNameEn: z.string().nullable(),
  })
  .openapi('User');

export const UserList = z.object({ items: z.array(UserSchema), total: z.number().int() }).openapi('UserList');

export const UserCreateInput = z
  .object({
    username: z.string().min(1).max(64),
    displayName: z.string().min(1).max(100),
    password: z.string().min(1).max(256),
    locale: z.enum(['zh-CN', 'en']).optional(),
    roles: z.array(RoleInput).max(50),
    agencyId: z.uuid().nullish().openapi({ description: 'The agency the user works for' }),
    facilityId: z.uuid().nullish().openapi({ description: 'The facility the user reports for; required with the hospital_reporter role' }),
  })
  .strict()
  .openapi('UserCreateInput');

export const UserUpdateInput = z
  .object({
    displayName: z.string().min(1).max(100).optional(),
    disabled: z.boolean().optional(),
    locale: z.enum(['zh-CN', 'en']).optional(),
    roles: z.array(RoleInput).max(50).optional(),
    agencyId: z.uuid().nullish().openapi({ description: 'The agency the user works for; null: none' }),
    facilityId: z
      .uuid()
      .nullish()
      .openapi({ description: 'The facility the user reports for; null: none (refused while the user holds hospital_reporter)' }),
  })
  .strict()
  .openapi('UserUpdateInput');

export const PasswordResetInput = z
  .object({ password: z.string().min(1).max(256) })
  .strict()
  .openapi('PasswordResetInput');

export const UserListQuery = PageQuery.extend({ q: z.string().max(100).optional() });

export const RoleList = z
  .object({
    items: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string(), rights: z.array(z.string()) })),
    rights: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string() })),
  })
  .openapi('RoleList');
