// Runs inside the page before Mission Control loads (addInitScript, as is: plain browser JavaScript,
// so no bundler helper leaks in). Records when the first agent card reaches the screen and, for
// every state change, the kernel's timestamp (from the event frame itself) and the first frame in
// which the card showed it. The app is not changed for the benchmark.
(() => {
  const probe = { firstCardAt: null, eventAt: {}, shownAt: {} };
  window.__probe = probe;
  const now = () => performance.timeOrigin + performance.now();

  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (m) => {
        try {
          const e = JSON.parse(String(m.data));
          if (e.type === 'process.state' && e.at) probe.eventAt[`${e.pid}:${e.to}`] = e.at;
        } catch {
          /* not JSON */
        }
      });
    }
  };

  // The next animation frame after a DOM change is when it can be on screen.
  const onFrame = (f) => requestAnimationFrame(() => f(now()));
  new MutationObserver((records) => {
    for (const r of records) {
      if (probe.firstCardAt === null && r.type === 'childList' && document.querySelector('[data-testid=agent-card]')) {
        onFrame((t) => (probe.firstCardAt ??= t));
      }
      if (r.type === 'attributes' && r.target instanceof HTMLElement && r.target.dataset.testid === 'state') {
        const pid = r.target.closest('[data-testid=agent-card]')?.dataset.pid;
        const key = `${pid}:${r.target.dataset.state}`;
        if (pid) onFrame((t) => (probe.shownAt[key] ??= t));
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
})();
