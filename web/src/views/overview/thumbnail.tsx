/**
 * A live-ish thumbnail of an agent's desktop (GET /agents/:pid/desktop/screenshot, PNG), refreshed
 * while its card is on screen. Only mounted cards exist (the grid is virtualised), so at most the
 * visible agents are polled.
 */
import { useEffect, useState } from 'preact/hooks';
import { blobUrl } from '../../api/http';

const REFRESH_MS = 10_000;

export function Thumbnail({ pid, live }: { pid: number; live: boolean }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let current: string | null = null;
    let stop = false;
    const load = async () => {
      try {
        const url = await blobUrl(`/agents/${pid}/desktop/screenshot`);
        if (stop) return URL.revokeObjectURL(url);
        if (current) URL.revokeObjectURL(current);
        current = url;
        setSrc(url);
      } catch {
        /* starting, or gone: keep the last picture */
      }
    };
    void load();
    const t = live ? setInterval(() => void load(), REFRESH_MS) : undefined;
    return () => {
      stop = true;
      clearInterval(t);
      if (current) URL.revokeObjectURL(current);
    };
  }, [pid, live]);
  return (
    <div class="thumb" title="The agent's desktop" data-testid="thumbnail">
      {src ? <img src={src} alt="" /> : <span>▣</span>}
    </div>
  );
}
