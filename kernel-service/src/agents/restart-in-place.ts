import { AetherError } from '../errors/index.js';
import type { Policies, ProcessPolicies } from '../policies/index.js';
import type { SpawnRequest } from './supervisor-contract.js';
import type { ProcessRecord } from './types.js';

/**
 * The spawn's policies, checked before anything exists. A kernel without policies/ refuses them
 * rather than ignoring them; a restart of a GPU process is refused (its GPUs are released at the
 * exit and another process may take them during the backoff).
 */
export function checkPolicies(policies: ProcessPolicies | null, req: SpawnRequest): Policies | null {
  const asked = req.idle !== undefined || req.autoResume !== undefined || req.restart !== undefined;
  if (!asked) return null;
  if (!policies)
    throw new AetherError('POLICY_INVALID', 'idle/restart policies are not enabled in this kernel.', {
      details: { field: 'restart' },
    });
  const p = policies.check({
    ...(req.idle ? { idle: req.idle } : {}),
    ...(req.autoResume !== undefined ? { autoResume: req.autoResume } : {}),
    ...(req.restart ? { restart: req.restart } : {}),
  });
  if (p.restart && p.restart.policy !== 'no' && req.sandbox?.gpus) {
    throw new AetherError(
      'POLICY_INVALID',
      'restart: a process with GPUs cannot be restarted in place; spawn it again instead.',
      {
        details: { field: 'restart' },
      },
    );
  }
  return p;
}

/**
 * What a restart launches: the record's own command (already wrapped by the TCP endpoint when it
 * had one), environment, limits, network and sandbox options; the same PID, so its socket, logs
 * and record stay one identity. A prestarted sandbox is not reused: the restart is a cold start.
 */
export function relaunchSpec(rec: ProcessRecord, endpointPrefix: string[] | undefined) {
  const sandboxOptions = {
    ...(rec.sandbox.image ? { image: rec.sandbox.image } : {}),
    ...(rec.sandbox.gpus ? { gpus: rec.sandbox.gpus } : {}),
    ...(rec.sandbox.desktop ? { desktop: true } : {}),
    ...(rec.sandbox.egress ? { egress: rec.sandbox.egress } : {}),
  };
  const endpoint = !!endpointPrefix && endpointPrefix.every((a, i) => rec.command[i] === a) && rec.command.includes('--');
  return {
    command: rec.command,
    environment: sandboxOptions.desktop ? { DISPLAY: ':0', ...rec.environment } : rec.environment,
    limits: rec.limits,
    network: rec.network,
    sandboxOptions,
    endpoint,
  };
}
