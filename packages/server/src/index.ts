/**
 * @outbreak/server — the public surface used by the CLI and tools.
 */
export { createApp } from './app.ts';
export { startServer, openConfiguredDatabase, isEmptyDataDir, checkDataKeys, type RunningServer } from './server.ts';
export { loadConfig, loadConfigWith, ConfigError, pgliteDataDir, type Config } from './platform/config.ts';
export { createLogger, type Logger } from './platform/logger.ts';
export { openDatabase, type Database } from './platform/db/database.ts';
export { migrate, loadMigrations, appliedMigrations } from './platform/db/migrator.ts';
export { verifyAuditChain, type AuditVerification, type AuditCheckpoint } from './platform/audit/audit.ts';
export {
  writeAuditCheckpointFile,
  readAuditCheckpoint,
  latestCheckpointFile,
  CheckpointFileError,
} from './platform/audit/audit-checkpoints.ts';
export { DataKeyError, recordedKeyCheck, keyFilePath, IDENTITY_KEY_SPEC, AUDIT_KEY_SPEC } from './platform/keys/data-keys.ts';
export { createUser, resetPasswordTrusted } from './features/users/users.service.ts';
export { findJurisdictionIdByCode } from './features/users/users.store.ts';
export { ROLES, ROLE_IDS, isRoleId } from './platform/auth/rights.ts';
export { AppError, CONFLICT_REASONS, type ConflictReason } from './platform/errors.ts';
export { openApiDocument } from './openapi-document.ts';
export { seedDemoDistrict, type DemoUser } from './features/demo/demo.seeder.ts';
export { DEMO_NEIGHBOUR_CODES, neighbourSpec } from './features/demo/neighbour-district.ts';
export { writeBackup, restoreBackup, isDatabaseEmpty } from './platform/backup/backup.ts';
export { DataDirLockedError } from './platform/db/data-dir-lock.ts';
