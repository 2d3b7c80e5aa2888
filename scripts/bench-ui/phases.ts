// Where the browser's time to rows goes, from the page's own Performance timeline: when the HTML had
// arrived, when the document was parsed, how much script it ran, and when the rows were there.
import { quantile } from "../bench-guard/measure";
import { bytesText, msText } from "./measure";

export interface BrowserPhases {
  /** The last byte of the HTML, from navigation start. */
  htmlMs: number;
  /** DOMContentLoaded ended. */
  parsedMs: number;
  /** Measured right after the first row was seen visible (a few ms late at most). */
  rowsMs: number;
  /** Scripts the page loaded, decoded (cached loads transfer nothing but still parse and run these). */
  scriptBytes: number;
  scripts: number;
  /** Time the main thread spent in tasks longer than 50 ms (the long-task API). */
  longTaskMs: number;
}

/** Runs in the page before its own scripts (Playwright addInitScript): adds up the long tasks. */
export function countLongTasks(): void {
  const w = window as unknown as { __longTaskMs?: number };
  w.__longTaskMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.__longTaskMs = (w.__longTaskMs ?? 0) + entry.duration;
  }).observe({ type: "longtask", buffered: true });
}

/** Runs in the page (Playwright page.evaluate): reads the navigation and resource timings. */
export function browserPhases(): BrowserPhases {
  const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
  const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((r) => r.initiatorType === "script");
  return {
    htmlMs: nav.responseEnd,
    parsedMs: nav.domContentLoadedEventEnd,
    rowsMs: performance.now(),
    scriptBytes: scripts.reduce((sum, r) => sum + r.decodedBodySize, 0),
    scripts: scripts.length,
    longTaskMs: (window as unknown as { __longTaskMs?: number }).__longTaskMs ?? 0,
  };
}

export function phasesText(phases: readonly BrowserPhases[]): string {
  const p50 = (pick: (p: BrowserPhases) => number) => quantile(phases.map(pick), 0.5);
  return [
    `HTML in ${msText(p50((p) => p.htmlMs))}`,
    `parsed ${msText(p50((p) => p.parsedMs))}`,
    `rows ${msText(p50((p) => p.rowsMs))}`,
    `${phases[0]?.scripts ?? 0} scripts, ${bytesText(p50((p) => p.scriptBytes))} decoded`,
    `long tasks ${msText(p50((p) => p.longTaskMs))}`,
  ].join(" · ");
}
