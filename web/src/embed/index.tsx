/**
 * Embeddable components: <aether-agent pid=… url=… token=…> and <aether-grid url=… token=…>,
 * custom elements that render Mission Control's own views (views/agent, views/overview) into a
 * shadow root with Mission Control's styles, for a page on another origin. Built by
 * vite.embed.config.ts into dist/embed/aether-embed.js, an ES module the kernel serves at
 * /embed/aether-embed.js to any origin (public code, no secret). The API calls need CORS: the
 * administrator lists the page's origin in api.cors.origins; without it this says so.
 *
 * One kernel per page: the elements share Mission Control's stores (one token, one event stream).
 */
import { render, type ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import css from '../styles.css?inline';
import { apiBase } from '../api/base';
import { startEvents } from '../api/events';
import { loadAgents, wireAgents } from '../state/agents';
import { token } from '../state/session';
import { AgentView } from '../views/agent/agent-view';
import { Overview } from '../views/overview/overview';

// In a shadow root :root matches nothing: the palette goes on the host element instead.
// The views are flex columns filling their parent (Mission Control's <main>); the mount is one too,
// so the grid's scroller gets the element's height (give <aether-grid> one, e.g. style="height:500px").
const SHADOW_CSS = `${css.replace(/:root/g, ':host').replace(/\bhtml,\s*body\b/g, ':host')}
:host{display:flex;flex-direction:column;overflow:auto}
.aether-embed{flex:1;display:flex;flex-direction:column;min-height:0}`;

type Probe = { state: 'checking' } | { state: 'ok' } | { state: 'error'; message: string };

/** Checks that this page may reach the kernel before showing a view that would only say "loading". */
async function probe(url: string, bearer: string): Promise<Probe> {
  let res: Response;
  try {
    res = await fetch(`${url}/api/v1/system`, { headers: { authorization: `Bearer ${bearer}` } });
  } catch {
    // A CORS refusal and an unreachable host look the same to a page; name the likely cause.
    return {
      state: 'error',
      message: `Cannot reach the Aether kernel at ${url} from ${location.origin}. If the kernel is up, it does not allow this origin: add "${location.origin}" to api.cors.origins in its configuration.`,
    };
  }
  if (res.status === 401) return { state: 'error', message: `The Aether kernel at ${url} refused the token.` };
  if (!res.ok) return { state: 'error', message: `The Aether kernel at ${url} answered HTTP ${res.status}.` };
  return { state: 'ok' };
}

let wired = false;
/** Points the shared stores at one kernel and starts its event stream (once per page). */
function connect(url: string, bearer: string): void {
  apiBase.value = url;
  token.value = bearer;
  if (wired) return;
  wired = true;
  wireAgents();
  startEvents();
  void loadAgents();
}

function Gate({ url, bearer, children }: { url: string; bearer: string; children: ComponentChildren }) {
  const [p, setP] = useState<Probe>({ state: 'checking' });
  useEffect(() => {
    let live = true;
    void probe(url, bearer).then((r) => {
      if (!live) return;
      if (r.state === 'ok') connect(url, bearer);
      setP(r);
    });
    return () => {
      live = false;
    };
  }, [url, bearer]);
  if (p.state === 'checking') return <div class="empty">Connecting to Aether…</div>;
  if (p.state === 'error') {
    return (
      <div class="error" role="alert" data-testid="embed-error">
        {p.message}
      </div>
    );
  }
  return <>{children}</>;
}

abstract class AetherElement extends HTMLElement {
  static observedAttributes = ['pid', 'url', 'token', 'tab'];
  private mount: HTMLElement | null = null;

  connectedCallback(): void {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    if (!this.mount) {
      const style = document.createElement('style');
      style.textContent = SHADOW_CSS;
      this.mount = document.createElement('div');
      this.mount.className = 'aether-embed';
      root.append(style, this.mount);
    }
    this.update();
  }

  disconnectedCallback(): void {
    if (this.mount) render(null, this.mount);
  }

  attributeChangedCallback(): void {
    if (this.mount) this.update();
  }

  protected abstract view(): ComponentChildren;

  private update(): void {
    const url = (this.getAttribute('url') ?? '').replace(/\/+$/, '');
    const bearer = this.getAttribute('token') ?? '';
    const body =
      !url || !bearer ? (
        <div class="error" role="alert" data-testid="embed-error">
          {`<${this.localName}> needs url="https://your-appliance" and token="…" attributes.`}
        </div>
      ) : (
        <Gate url={url} bearer={bearer}>
          {this.view()}
        </Gate>
      );
    render(body, this.mount!);
  }
}

class AetherAgentElement extends AetherElement {
  protected view(): ComponentChildren {
    const pid = Number(this.getAttribute('pid'));
    if (!Number.isInteger(pid) || pid < 1) {
      return (
        <div class="error" role="alert" data-testid="embed-error">
          {'<aether-agent> needs a pid="…" attribute (a positive integer).'}
        </div>
      );
    }
    return <AgentView pid={pid} tab={this.getAttribute('tab') ?? 'info'} />;
  }
}

class AetherGridElement extends AetherElement {
  protected view(): ComponentChildren {
    return <Overview />;
  }
}

if (!customElements.get('aether-agent')) customElements.define('aether-agent', AetherAgentElement);
if (!customElements.get('aether-grid')) customElements.define('aether-grid', AetherGridElement);
