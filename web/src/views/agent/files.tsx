/** The agent's home, read-only: browse directories, preview files (the kernel caps the size). */
import { useState } from 'preact/hooks';
import type { FileContent, FileEntry } from '../../api/types';
import { ErrorNote, Unavailable } from '../../ui/common';
import { bytes, clock } from '../../ui/format';
import { useApi } from '../../ui/use-api';

const q = (path: string) => encodeURIComponent(path);

export function Files({ pid }: { pid: number }) {
  const [dir, setDir] = useState('/');
  const [file, setFile] = useState<string | null>(null);
  const listing = useApi<{ path: string; entries: FileEntry[]; truncated?: boolean }>(`/agents/${pid}/files?path=${q(dir)}`);
  if (listing.unavailable) return <Unavailable what="The file browser" />;
  const crumbs = dir.split('/').filter(Boolean);
  const join = (name: string) => `${dir.replace(/\/$/, '')}/${name}`;

  return (
    <div class="files" data-testid="files">
      <div class="files-list">
        <div class="crumbs">
          <a onClick={() => (setDir('/'), setFile(null))}>~</a>
          {crumbs.map((c, i) => (
            <>
              {' / '}
              <a onClick={() => (setDir(`/${crumbs.slice(0, i + 1).join('/')}`), setFile(null))}>{c}</a>
            </>
          ))}
          <span class="spacer" />
          <button class="ghost small" onClick={listing.reload} title="Reload">
            ↻
          </button>
        </div>
        <ErrorNote error={listing.error} />
        {listing.data?.truncated && (
          <div class="warn small">Only the first {listing.data.entries.length} entries are listed.</div>
        )}
        <table class="list">
          <tbody>
            {dir !== '/' && (
              <tr class="clickable" onClick={() => setDir(`/${crumbs.slice(0, -1).join('/')}`)}>
                <td>
                  <span class="ficon">▸</span> ..
                </td>
                <td />
                <td />
              </tr>
            )}
            {listing.data?.entries.map((e) => (
              <tr
                class={`clickable${file === join(e.name) ? ' on' : ''}`}
                data-testid="file-entry"
                data-name={e.name}
                data-type={e.type}
                onClick={() => (e.type === 'directory' ? (setDir(join(e.name)), setFile(null)) : setFile(join(e.name)))}
              >
                <td>
                  <span class={`ficon ${e.type}`}>{e.type === 'directory' ? '▸' : e.type === 'symlink' ? '↪' : '·'}</span>{' '}
                  {e.name}
                  {e.target && <span class="muted small"> → {e.target}</span>}
                </td>
                <td class="num muted">{e.type === 'file' ? bytes(e.size) : ''}</td>
                <td class="muted small">{clock(e.modifiedAt)}</td>
              </tr>
            ))}
            {listing.data?.entries.length === 0 && (
              <tr>
                <td class="muted">(empty)</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div class="files-view">
        {file ? <Preview pid={pid} path={file} /> : <div class="muted">Select a file to preview it.</div>}
      </div>
    </div>
  );
}

function Preview({ pid, path }: { pid: number; path: string }) {
  const f = useApi<FileContent>(`/agents/${pid}/files/content?path=${q(path)}`);
  if (f.error) return <ErrorNote error={f.error} />;
  if (!f.data) return <div class="muted">Loading…</div>;
  return (
    <div class="preview" data-testid="file-preview">
      <div class="panel-bar">
        <b>{f.data.path}</b> <span class="muted">{bytes(f.data.size)}</span>
        {f.data.truncated && <span class="warn small">showing the first {bytes(f.data.content.length)}</span>}
      </div>
      {f.data.encoding === 'utf8' ? (
        <pre class="file-text">{f.data.content}</pre>
      ) : (
        <div class="muted">Binary file ({bytes(f.data.size)}); not shown.</div>
      )}
    </div>
  );
}
