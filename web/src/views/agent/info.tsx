/** The process record as the kernel keeps it: command, limits, sandbox, exit. */
import type { Process } from '../../api/types';
import { bytes, clock } from '../../ui/format';

/** "host" is the host's own network (its loopback services, the LAN, other agents): said plainly. */
export function networkLabel(p: Process): string {
  if (p.network === 'host') return "host — DANGEROUS: the host's own network, its loopback services and the LAN";
  if (p.network !== 'egress') return p.network;
  const e = p.sandbox.egress ?? {};
  const parts = [
    e.allow ? `allow ${e.allow.join(', ') || 'nothing'}` : 'any public destination',
    e.deny?.length ? `deny ${e.deny.join(', ')}` : '',
    e.ports ? `ports ${e.ports.join(', ')}` : '',
    e.approval ? 'new names need approval' : '',
    e.maxConnections ? `≤ ${e.maxConnections} connections` : '',
    e.bandwidthKBps ? `≤ ${e.bandwidthKBps} KB/s` : '',
  ];
  return `egress: ${parts.filter(Boolean).join(' · ')}`;
}

export function Info({ p }: { p: Process }) {
  const rows: [string, string][] = [
    ['Agent', `${p.agent.name} (${p.agent.id})`],
    ['Parent', p.ppid === null ? '—' : `#${p.ppid}`],
    ['Command', p.command.join(' ') || '(agent runtime)'],
    ['Limits', `${bytes(p.limits.memoryMax)} memory · ${p.limits.cpuQuota}% CPU · ${p.limits.tasksMax} tasks`],
    ['Network', networkLabel(p)],
    [
      'Sandbox',
      `${p.sandbox.driver}${p.sandbox.id ? ` · ${p.sandbox.id}` : ''}${p.sandbox.image ? ` · ${p.sandbox.image}` : ''}`,
    ],
    ['Pause method', p.sandbox.pauseMethod ?? '—'],
    ['Created', clock(p.createdAt)],
    ['Started', clock(p.startedAt)],
    ['Ended', clock(p.endedAt)],
    [
      'Exit',
      p.exit
        ? `${p.exit.reason}${p.exit.code !== null ? ` · code ${p.exit.code}` : ''}${p.exit.signal ? ` · ${p.exit.signal}` : ''}`
        : '—',
    ],
    ['Environment', Object.keys(p.environment).join(', ') || '—'],
  ];
  return (
    <table class="kv">
      <tbody>
        {rows.map(([k, v]) => (
          <tr>
            <th>{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
