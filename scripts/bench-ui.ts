// `npm run bench:ui -- --tenants 10000 [--synced 200] [--loads 20] [--browser-loads 5] [--time-scale 0.05] [--profile FILE]`
//
// The tenants page at fleet scale, through the real portal in production mode: the same stack as
// bench:bulk (its own local cloud with --synced customer tenants, a scratch database, a portal worker
// that syncs them; the rest of the fleet are copies of those rows, bench-ui/fill.ts says why) plus the portal (`npm start` over the production build), signed in as the partner's
// admin in Debian's Chromium (Playwright). Measures the /tenants HTML (time to the last byte, over
// --loads loads), one page of the paged API (GET /api/tenants?page=…&pageSize=50, one page after
// another), the bytes of each, and the browser's time from navigation to the first grid rows visible.
// Prints them against the README's targets (HTML p95 ≤ 300 ms, API p95 ≤ 100 ms, rows ≤ 1.5 s); like
// every bench it never fails on a figure (timings depend on the machine).
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "../playwright.config";
import { signIn } from "../e2e/support/local-cloud";
import { BenchArgsError, parseUiBenchArgs, type UiBenchArgs } from "./bench-ui/args";
import { bytesText, spread, spreadText, targetText } from "./bench-ui/measure";
import { browserPhases, countLongTasks, phasesText, type BrowserPhases } from "./bench-ui/phases";
import { fillWithCopies } from "./bench-ui/fill";
import { syncFleet } from "./bench-bulk/fleet";
import { startBenchStack } from "./bench-bulk/stack";
import { buildPortalIfNeeded } from "@/dev/process/portal-build";
import { freePort } from "@/testing/free-port";

const say = (line: string) => process.stdout.write(`[bench:ui] ${line}\n`);
const PAGE_SIZE = 50;

/** Times `loads` GETs (after two untimed ones that warm the server) to the last byte; returns the timings and the last body. */
async function timedLoads(url: (i: number) => string, cookie: string, loads: number): Promise<{ ms: number[]; body: Buffer }> {
  const ms: number[] = [];
  let body = Buffer.alloc(0);
  for (let i = -2; i < loads; i++) {
    const started = performance.now();
    const res = await fetch(url(Math.max(0, i)), { headers: { cookie }, redirect: "manual" });
    body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`GET ${url(Math.max(0, i))} answered ${res.status}: ${body.toString("utf8").slice(0, 300)}`);
    if (i >= 0) ms.push(performance.now() - started);
  }
  return { ms, body };
}

async function main() {
  let args: UiBenchArgs;
  try {
    args = parseUiBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof BenchArgsError) {
      process.stderr.write(`bench:ui: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  // Built first: a build that fails says so before a fleet of 10,000 tenants is synced.
  buildPortalIfNeeded(say);
  const stack = await startBenchStack({ tenants: args.synced, policiesPerTenant: undefined, timeScale: args.timeScale, portalPort: await freePort(), say });
  const stopping = () => void stack.stop().finally(() => process.exit(130));
  process.once("SIGINT", stopping);
  process.once("SIGTERM", stopping);
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  try {
    const worker = await stack.startWorker(50);
    say(`worker pid ${worker.pid} (log: ${worker.logPath}); syncing ${args.synced} tenants`);
    await syncFleet(say, stack, args.synced);
    await worker.stop(); // nothing else runs while the page is measured
    const copies = await fillWithCopies(stack.prisma, args.tenants);
    const stored = await stack.prisma.customerTenant.count();
    say(`${stored} tenants stored: ${stored - copies} synced through the worker, ${copies} copies of them`);
    const portal = await stack.startPortal();
    say(`portal pid ${portal.pid} on ${stack.portalUrl} (production build; log: ${portal.logPath})`);

    const context = await browser.newContext({ baseURL: stack.portalUrl, viewport: { width: 1440, height: 900 } });
    await context.addInitScript(countLongTasks);
    const page = await context.newPage();
    const admin = stack.em.fleet.staff.find((s) => s.portalRole === "Portal.Admin" && !s.guestOf)!;
    await signIn(page, admin.displayName, "/status");
    const cookie = (await context.cookies(stack.portalUrl)).map((c) => `${c.name}=${c.value}`).join("; ");

    // The floor on this machine: a route that does nothing (GET /api/health/live), timed the same way.
    const floor = await timedLoads(() => `${stack.portalUrl}/api/health/live`, cookie, args.loads);
    const html = await timedLoads(() => `${stack.portalUrl}/tenants`, cookie, args.loads);
    const pages = Math.max(1, Math.ceil(stored / PAGE_SIZE));
    const api = await timedLoads((i) => `${stack.portalUrl}/api/tenants?page=${i % pages}&pageSize=${PAGE_SIZE}&sort=displayName&dir=asc`, cookie, args.loads);

    const toRows: number[] = [];
    const phases: BrowserPhases[] = [];
    for (let i = -1; i < args.browserLoads; i++) {
      const started = performance.now();
      await page.goto("/tenants", { waitUntil: "commit" });
      await page.locator(".MuiDataGrid-row[data-id]").first().waitFor({ state: "visible", timeout: 120_000 });
      if (i >= 0) toRows.push(performance.now() - started);
      if (i >= 0) phases.push(await page.evaluate(browserPhases));
    }
    if (args.profile) {
      const cdp = await context.newCDPSession(page);
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
      await page.goto("/tenants", { waitUntil: "commit" });
      await page.locator(".MuiDataGrid-row[data-id]").first().waitFor({ state: "visible", timeout: 120_000 });
      const { profile } = await cdp.send("Profiler.stop");
      writeFileSync(args.profile, JSON.stringify(profile));
      say(`CPU profile of one load written to ${args.profile} (open it in Chromium's DevTools, Performance)`);
    }
    await context.close();

    const htmlSpread = spread(html.ms);
    const apiSpread = spread(api.ms);
    const rowsSpread = spread(toRows);
    say(`— /tenants at ${stored} tenants (signed in as ${admin.userPrincipalName}, who sees them all) —`);
    say(`  floor (a route that does nothing)   ${spreadText(spread(floor.ms))}`);
    say(`  HTML                 ${spreadText(htmlSpread)}`);
    say(`  HTML bytes           ${bytesText(html.body.length)} (${bytesText(gzipSync(html.body).length)} gzipped)`);
    say(`  page API (${PAGE_SIZE} rows)   ${spreadText(apiSpread)}`);
    say(`  page API bytes       ${bytesText(api.body.length)} (${bytesText(gzipSync(api.body).length)} gzipped)`);
    say(`  browser: to rows     ${spreadText(rowsSpread)}`);
    say(`  browser phases (p50): ${phasesText(phases)}`);
    say("— targets —");
    say(`  ${targetText("/tenants HTML p95", htmlSpread.p95, 300)}`);
    say(`  ${targetText("page API p95", apiSpread.p95, 100)}`);
    say(`  ${targetText("browser time to rows p95", rowsSpread.p95, 1500)}`);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

await main();
process.exit(0);
