/** Backup and restore of the appliance's state (docs/ARCHITECTURE.md "Backup and restore"). */
export { BackupService, type BackupInfo, type BackupServiceDeps } from './service.js';
export { FORMAT_VERSION, parseManifest, readBackup, writeBackup, type Manifest } from './archive.js';
export { applyPendingRestore, stageRestore, PENDING } from './restore.js';
export { backupRoutes } from './routes.js';
