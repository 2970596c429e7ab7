/** Request and response schemas of sign-in, sign-out, the current user and password change. */
import { z } from '@hono/zod-openapi';

export const LoginInput = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .strict()
  .openapi('LoginInput');

export const MeSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    locale: z.enum(['zh-CN', 'en']),
    roles: z.array(z.object({ role: z.string(), jurisdictionId: z.string(), jurisdictionName: z.string() })),
    rights: z.array(z.string()),
    facilityId: z
      .string()
      .nullable()
      .openapi({ description: 'the facility the user reports for (users.facility_id): the case form prefills its reporting unit with it' }),
  })
  .openapi('Me');

export const MeResponse = z.object({ user: MeSchema }).openapi('MeResponse');

export const PasswordChangeInput = z
  .object({
    currentPassword: z.string().min(1).max(256),
    newPassword: z.string().min(1).max(256),
  })
  .strict()
  .openapi('PasswordChangeInput');

export const LocaleInput = z
  .object({ locale: z.enum(['zh-CN', 'en']) })
  .strict()
  .openapi('LocaleInput');
