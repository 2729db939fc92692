/** The installed MCP plugins a run may declare (`plugins: [{"name": …}]` at spawn): GET /api/v1/plugins. */
import { ErrorNote, Unavailable } from '../ui/common';
import { useApi } from '../ui/use-api';

interface InstalledPlugin {
  name: string;
  package: string;
  version: string | null;
  description: string;
  tools: string[] | null;
  installed: boolean;
}

export function PluginsPanel() {
  const plugins = useApi<{ plugins: InstalledPlugin[] }>('/plugins');
  if (plugins.unavailable) return <Unavailable what="MCP plugins" />;
  return (
    <div data-testid="plugins-panel">
      <ErrorNote error={plugins.error} />
      {plugins.data && (
        <table class="list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Package</th>
              <th>Version</th>
              <th>Tools</th>
              <th>What it does</th>
            </tr>
          </thead>
          <tbody>
            {plugins.data.plugins.map((p) => (
              <tr data-testid={`plugin-${p.name}`}>
                <td>{p.name}</td>
                <td class="mono">{p.package}</td>
                <td>{p.installed ? p.version : <span class="warn">not installed</span>}</td>
                <td class="muted">{p.tools ? p.tools.map((t) => `${p.name}__${t}`).join(', ') : 'listed at start'}</td>
                <td class="muted">{p.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
