/** What page-probe.js leaves in the page (window.__probe). */
export interface Probe {
  firstCardAt: number | null;
  /** `${pid}:${state}` -> kernel time (ms since epoch) of the event. */
  eventAt: Record<string, number>;
  /** `${pid}:${state}` -> time (ms since epoch) of the first frame that showed it. */
  shownAt: Record<string, number>;
}
