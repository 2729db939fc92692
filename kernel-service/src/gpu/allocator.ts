import { AetherError } from '../errors/index.js';
import type { Db } from '../store/index.js';
import type { GpuHost, GpuDeviceNode } from './host.js';
import type { Gpu, GpuInventory } from './inventory.js';
import { describeGpuRequest, type GpuRequest } from './request.js';
import type { GpuSource } from './source.js';

export interface AssignedGpu {
  index: number;
  uuid: string;
}

/** The GPUs one process holds; `shared` ones may be held by other shared processes too. */
export interface GpuAssignment {
  pid: number;
  gpus: AssignedGpu[];
  shared: boolean;
  assignedAt: number;
}

/** What a sandbox driver gets: the GPUs, and the host files that pass them without a runtime. */
export interface GpuAttachment {
  gpus: AssignedGpu[];
  /** /dev/nvidia<N> of each GPU and the control nodes the host has. */
  devices: GpuDeviceNode[];
  /** Driver libraries and nvidia-smi, for sandboxes from an image (bound read-only). */
  files: string[];
}

/** The outcome of `choose`: the GPUs a process would get, checked against the holders of now. */
export interface GpuPlan {
  gpus: AssignedGpu[];
  shared: boolean;
}

interface Row {
  pid: number;
  gpu_uuid: string;
  gpu_index: number;
  shared: number;
  assigned_at: number;
}

/** Processes in these states hold nothing; their rows are stale (a kernel that died mid-exit). */
const ENDED = `('exited', 'killed', 'failed')`;

/**
 * Which process holds which GPU. Exclusive by default: a GPU held exclusively is nobody
 * else's; shared holders only share with other shared holders. Kept in SQLite, so a
 * restarted kernel knows who holds what; freed when the process ends.
 *
 * `choose` and `assign` are synchronous on purpose: the supervisor calls them back to back
 * with no await in between, so two spawns cannot both be promised the same GPU.
 */
export class GpuAllocator {
  private readonly stmts;

  constructor(
    db: Db,
    readonly source: GpuSource,
    readonly host: GpuHost,
  ) {
    this.stmts = {
      all: db.prepare<[], Row>(`SELECT * FROM gpu_assignments ORDER BY pid, gpu_index`),
      of: db.prepare<[number], Row>(`SELECT * FROM gpu_assignments WHERE pid = ? ORDER BY gpu_index`),
      insert: db.prepare(`INSERT INTO gpu_assignments (pid, gpu_uuid, gpu_index, shared, assigned_at) VALUES (?, ?, ?, ?, ?)`),
      release: db.prepare<[number]>(`DELETE FROM gpu_assignments WHERE pid = ?`),
      releaseEnded: db.prepare(`DELETE FROM gpu_assignments WHERE pid IN (SELECT pid FROM processes WHERE state IN ${ENDED})`),
    };
    this.insertAll = db.transaction((pid: number, plan: GpuPlan, at: number) => {
      for (const g of plan.gpus) this.stmts.insert.run(pid, g.uuid, g.index, plan.shared ? 1 : 0, at);
    });
  }

  private readonly insertAll: (pid: number, plan: GpuPlan, at: number) => void;

  inventory(): Promise<GpuInventory> {
    return this.source.inventory();
  }

  /**
   * The GPUs `request` would get on `inventory`, or why not: GPU_UNAVAILABLE when the host
   * lacks them (no GPUs, an unknown id, more than it has), GPU_BUSY when others hold them.
   */
  choose(request: GpuRequest, inventory: GpuInventory): GpuPlan {
    const shared = request.shared === true;
    const all = inventory.gpus;
    const what = describeGpuRequest(request);
    if (all.length === 0) {
      throw new AetherError('GPU_UNAVAILABLE', `No GPU on this host for ${what}: ${inventory.reason ?? 'none found'}.`, {
        details: { request },
      });
    }
    const holders = this.holders();
    const free = (g: Gpu) => {
      const h = holders.get(g.uuid) ?? [];
      return shared ? h.every((x) => x.shared) : h.length === 0;
    };
    const busy = (gpus: Gpu[]) =>
      new AetherError('GPU_BUSY', `${what}: GPU ${gpus.map((g) => g.index).join(', ')} held by other processes.`, {
        details: {
          request,
          busy: gpus.map((g) => ({ index: g.index, uuid: g.uuid, heldBy: (holders.get(g.uuid) ?? []).map((x) => x.pid) })),
        },
      });

    let wanted: Gpu[];
    if ('deviceIds' in request) {
      wanted = request.deviceIds.map((id) => {
        const g = all.find((x) => x.uuid === id || String(x.index) === id);
        if (!g) {
          throw new AetherError(
            'GPU_UNAVAILABLE',
            `No GPU "${id}" on this host (it has ${all.map((x) => x.index).join(', ')}).`,
            {
              details: { request, known: all.map((x) => ({ index: x.index, uuid: x.uuid })) },
            },
          );
        }
        return g;
      });
      wanted = [...new Set(wanted)]; // "0" and GPU 0's UUID are one GPU
    } else if (request.count === 'all') {
      wanted = all;
    } else {
      if (request.count > all.length) {
        throw new AetherError('GPU_UNAVAILABLE', `${what} asked for; this host has ${all.length}.`, {
          details: { request, total: all.length },
        });
      }
      // Shared requests go where the fewest others already are; ties by index.
      const candidates = all.filter(free).sort((a, b) => (holders.get(a.uuid)?.length ?? 0) - (holders.get(b.uuid)?.length ?? 0));
      if (candidates.length < request.count) throw busy(all.filter((g) => !free(g)));
      wanted = candidates.slice(0, request.count).sort((a, b) => a.index - b.index);
    }
    const taken = wanted.filter((g) => !free(g));
    if (taken.length > 0) throw busy(taken);
    return { gpus: wanted.map((g) => ({ index: g.index, uuid: g.uuid })), shared };
  }

  assign(pid: number, plan: GpuPlan): GpuAssignment {
    const at = Date.now();
    this.insertAll(pid, plan, at);
    return { pid, gpus: plan.gpus, shared: plan.shared, assignedAt: at };
  }

  /** The device nodes and driver files (host.files()) for a plan; GPU_UNAVAILABLE when the host lacks the nodes. */
  attachment(plan: GpuPlan, files: string[]): GpuAttachment {
    const devices = this.host.nodesFor(plan.gpus.map((g) => g.index));
    if (!devices) {
      throw new AetherError(
        'GPU_UNAVAILABLE',
        `nvidia-smi lists GPU ${plan.gpus.map((g) => g.index).join(', ')} but its device node is missing under /dev: is the NVIDIA kernel module loaded?`,
      );
    }
    return { gpus: plan.gpus, devices, files };
  }

  release(pid: number): void {
    this.stmts.release.run(pid);
  }

  /** Frees what ended processes still hold (after a crash); returns how many rows went. */
  releaseEnded(): number {
    return this.stmts.releaseEnded.run().changes;
  }

  of(pid: number): GpuAssignment | null {
    const rows = this.stmts.of.all(pid);
    return rows.length === 0 ? null : toAssignment(rows);
  }

  assignments(): GpuAssignment[] {
    const byPid = new Map<number, Row[]>();
    for (const r of this.stmts.all.all()) byPid.set(r.pid, [...(byPid.get(r.pid) ?? []), r]);
    return [...byPid.values()].map(toAssignment);
  }

  private holders(): Map<string, { pid: number; shared: boolean }[]> {
    const m = new Map<string, { pid: number; shared: boolean }[]>();
    for (const r of this.stmts.all.all())
      m.set(r.gpu_uuid, [...(m.get(r.gpu_uuid) ?? []), { pid: r.pid, shared: r.shared === 1 }]);
    return m;
  }
}

function toAssignment(rows: Row[]): GpuAssignment {
  return {
    pid: rows[0]!.pid,
    gpus: rows.map((r) => ({ index: r.gpu_index, uuid: r.gpu_uuid })),
    shared: rows[0]!.shared === 1,
    assignedAt: rows[0]!.assigned_at,
  };
}
