/** Hash routing: #/, #/agents/12/terminal, #/approvals, #/system. Tiny on purpose. */
import { signal } from '@preact/signals';
import { parseRoute, type Route } from './route';

export type { Route };

export const route = signal<Route>(parseRoute(location.hash));
addEventListener('hashchange', () => {
  route.value = parseRoute(location.hash);
});

export function navigate(hash: string): void {
  location.hash = hash;
}
