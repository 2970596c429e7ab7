/**
 * The application's configuration, from environment variables, validated once at start-up.
 * A wrong value stops the start with a message naming the variable (never a half-working server).
 *
 * @example
 * const config = loadConfig(process.env); // throws ConfigError listing every bad variable
 * config.port; // 8080
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** Default location of the built web app (packages/web/dist). */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const EnvSchema = z.object({
  PORT: int(8080, 1, 65_535),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SESSION_IDLE_MINUTES: int(30, 1, 24 * 60),
  SESSION_MAX_HOURS: int(12, 1, 24 * 30),
  LOGIN_MAX_FAILURES: int(5, 1, 100),
  LOGIN_LOCKOUT_MINUTES: int(15, 1, 24 * 60),
  LOGIN_RATE_LIMIT: int(10, 1, 1000),
  LOGIN_RATE_WINDOW_MINUTES: int(15, 1, 24 * 60),
  BODY_LIMIT_BYTES: int(1024 * 1024, 1024, 100 * 1024 * 1024),
  UPLOAD_LIMIT_BYTES: int(64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  ATTACHMENT_LIMIT_BYTES: int(10 * 1024 * 1024, 1024, 512 * 1024 * 1024),
  IMPORT_FILE_RETENTION_HOURS: int(24, 1, 24 * 30),
  IDENTITY_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (a 256-bit key)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  AUDIT_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (a 256-bit key)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SMTP_FROM: z.string().min(3).default('Outbreak Command <noreply@localhost>'),
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\//, 'must be an http:// or https:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // 'true'/'yes' mean one proxy (the common nginx in front); a number says how many proxies of yours append to
  // X-Forwarded-For, so that the entry the outermost of them wrote is taken and nothing the client wrote.
  TRUST_PROXY: z
    .enum(['true', 'false', 'yes', 'no'])
    .transform((v) => (v === 'true' || v === 'yes' ? 1 : 0))
    .or(z.coerce.number().int().min(0).max(10))
    .default(0),
  WEBHOOK_ALLOW_PRIVATE: flag(false),
  SEED_DEMO: flag(true),
  WEB_DIST: z.string().min(1).default(DEFAULT_WEB_DIST),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

/** The validated configuration (camelCase, units in the names). */
export interface Config {
  port: number;
  host: string;
  /** absolute path; the PGlite data directory is `${dataDir}/db` */
  dataDir: string;
  /** set: PostgreSQL; unset: PGlite in dataDir */
  databaseUrl?: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  loginLockoutMinutes: number;
  /** failed sign-ins allowed per IP + username within the window */
  loginRateLimit: number;
  loginRateWindowMinutes: number;
  bodyLimitBytes: number;
  /** request size limit of file uploads (paths under /api/imports/ and ending in /files) */
  uploadLimitBytes: number;
  /** largest attachment accepted */
  attachmentLimitBytes: number;
  /**
   * hours an uploaded import file is kept when its import is never run (or was interrupted): a job deletes it
   * after that; a file is deleted at once when its import ends
   */
  importFileRetentionHours: number;
  /**
   * 256-bit key (hex) protecting identity numbers at rest; when unset, the cases feature uses a key file in
   * dataDir (generated on first use) — set it in production and keep it out of backups.
   */
  identityKey?: string;
  /**
   * 256-bit key (hex) of the audit chain's HMAC (src/platform/audit/audit.ts); when unset, `${dataDir}/audit.key`
   * (generated on first use). Kept outside the database, so whoever controls the database alone cannot rewrite
   * the chain; keep it out of database backups like IDENTITY_KEY.
   */
  auditKey?: string;
  /** SMTP server for e-mail notifications (smtp://user:pass@host:587); unset: no e-mail channel */
  smtpUrl?: string;
  smtpFrom: string;
  /** the address users open the platform at, for links in outbound notifications */
  publicUrl?: string;
  /**
   * how many reverse proxies of yours stand in front (0: none, use the socket's address). The client address
   * is the `trustProxyHops`-th X-Forwarded-For entry from the right: the one the outermost trusted proxy saw.
   */
  trustProxyHops: number;
  /** allow webhooks to loopback, private and link-local addresses (off: refused, against SSRF) */
  webhookAllowPrivate: boolean;
  /** seed the demo district on first start */
  seedDemo: boolean;
  /** absolute path of the built web app */
  webDist: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

/** A configuration error: its message lists each variable and what is wrong. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration from `env` (default `process.env`). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockoutMinutes: e.LOGIN_LOCKOUT_MINUTES,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    loginRateWindowMinutes: e.LOGIN_RATE_WINDOW_MINUTES,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadLimitBytes: e.UPLOAD_LIMIT_BYTES,
    attachmentLimitBytes: e.ATTACHMENT_LIMIT_BYTES,
    importFileRetentionHours: e.IMPORT_FILE_RETENTION_HOURS,
    identityKey: e.IDENTITY_KEY?.toLowerCase(),
    auditKey: e.AUDIT_KEY?.toLowerCase(),
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    trustProxyHops: e.TRUST_PROXY,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    seedDemo: e.SEED_DEMO,
    webDist: resolve(e.WEB_DIST),
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * `loadConfig` over `env` with some variables replaced (command-line options); undefined overrides are ignored.
 *
 * @example
 * loadConfigWith({ PORT: '9000' }); // everything else from process.env
 */
export function loadConfigWith(
  overrides: Record<string, string | undefined>,
  env: Record<string, string | undefined> = process.env,
): Config {
  const merged: Record<string, string | undefined> = { ...env };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) merged[key] = value;
  return loadConfig(merged);
}

/** Where the PGlite data lives for a configuration. */
export function pgliteDataDir(config: Pick<Config, 'dataDir'>): string {
  return resolve(config.dataDir, 'db');
}

/** The documented variables, for the README table and `outbreak serve --help`. */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);
