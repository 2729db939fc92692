/** Backups of the appliance's state (POST /system/backup, GET /system/backups/:id, POST /system/restore). */
import type { Readable } from 'node:stream';
import type { Transport } from './transport.js';

export interface BackupInfo {
  id: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

export class Backups {
  constructor(private readonly t: Transport) {}

  /** Writes a backup on the appliance's disk; download it with download(id). */
  create(
    opts: { includeSnapshots?: boolean; includeSecrets?: boolean } = {},
  ): Promise<BackupInfo & { manifest: Record<string, unknown> }> {
    return this.t.json('POST', '/system/backup', { body: opts });
  }

  async list(): Promise<BackupInfo[]> {
    return (await this.t.json<{ backups: BackupInfo[] }>('GET', '/system/backups')).backups;
  }

  /** The backup file (a .tar.gz) as a stream. */
  download(id: string): Promise<Readable> {
    return this.t.raw('GET', `/system/backups/${encodeURIComponent(id)}`, { stream: true });
  }

  /** Uploads a backup file; the kernel verifies it, answers, then restarts on the restored state. */
  restore(
    file: Uint8Array | Readable | AsyncIterable<Uint8Array>,
    opts: { stopAgents?: boolean } = {},
  ): Promise<{ restarting: true; stopped: number[]; manifest: Record<string, unknown> }> {
    return this.t.json('POST', '/system/restore', {
      query: { stopAgents: opts.stopAgents ?? false },
      body: file,
      contentType: 'application/gzip',
      stream: true,
    });
  }
}
