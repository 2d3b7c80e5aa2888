import { defineConfig } from "@playwright/test";

// The end-to-end tests run against the real stack (`scripts/demo.ts`) on their own ports and data
// dir, started fresh, so a demo you are running is untouched. E2E_PORT_OFFSET moves all three ports,
// so two checkouts can run their end-to-end tests at the same time.
const OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0);
const PORT = 3100 + OFFSET;
export const E2E_ENV = {
  PORT: String(PORT),
  DATA_DIR: ".data/e2e",
  EMBEDDED_PG_PORT: String(54349 + OFFSET),
  EMULATOR_PORT: String(4453 + OFFSET),
  // The local cloud runs 20x faster for tests; the portal's pacer keeps to its (scaled) limit.
  GRAPH_CA_REQUESTS_PER_SECOND: "20",
  // The guard's sweep every 5 minutes at the same time scale (e2e/guard.spec.ts).
  GUARD_SWEEP_INTERVAL_SECONDS: "15",
  LOG_LEVEL: "info",
};

/** How Chromium is started, for the end-to-end tests and `npm run bench:ui`. */
export const CHROMIUM_LAUNCH_OPTIONS = {
  // Debian's Chromium: `npx playwright install` cannot download browsers here.
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-report.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
  webServer: {
    command: "node --import tsx scripts/demo.ts --fresh --time-scale 0.05",
    url: `http://127.0.0.1:${PORT}/api/health`,
    env: E2E_ENV,
    reuseExistingServer: false,
    timeout: 300_000,
    // The launcher stops the portal and worker (up to 15 s each, at once), then its Postgres (up to
    // 25 s). Killed before that, the Postgres (its own process group) outlived the run and held the
    // port for the next one.
    gracefulShutdown: { signal: "SIGTERM", timeout: 60_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});
