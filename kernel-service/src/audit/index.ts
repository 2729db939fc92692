export { AuditLog, type AuditEntry, type AuditQuery, type ChainVerdict, type NewAuditEntry } from './audit-log.js';
export { GENESIS, entryHash, type AuditFields, type AuditOutcome } from './chain.js';
export { installAuditHook, type Actor } from './hook.js';
