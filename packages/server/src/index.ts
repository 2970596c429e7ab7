/**
 * @outbreak/server — the public surface used by the CLI and tools.
 */
export { createApp } from './app.ts';
export { startServer, openConfiguredDatabase, isEmptyDataDir, type RunningServer } from './server.ts';
export { loadConfig, loadConfigWith, ConfigError, pgliteDataDir, type Config } from './platform/config.ts';
export { createLogger, type Logger } from './platform/logger.ts';
export { openDatabase, type Database } from './platform/db/database.ts';
export { migrate, loadMigrations, appliedMigrations } from './platform/db/migrator.ts';
export { verifyAuditChain, type AuditVerification } from './platform/audit/audit.ts';
export { createUser, resetPasswordTrusted } from './features/users/users.service.ts';
export { findJurisdictionIdByCode } from './features/users/users.store.ts';
export { ROLES, ROLE_IDS, isRoleId } from './platform/auth/rights.ts';
export { AppError } from './platform/errors.ts';
export { seedDemoDistrict, type DemoUser } from './features/demo/demo.seeder.ts';
export { writeBackup, restoreBackup, isDatabaseEmpty } from './platform/backup/backup.ts';
export { DataDirLockedError } from './platform/db/data-dir-lock.ts';
