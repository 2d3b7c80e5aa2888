// `npm test`: every check the project has, in one command, on a fresh machine.
// Type check, lint, unit tests, integration tests (real Postgres), end-to-end tests (Chromium
// against the running stack). Each stage runs even if an earlier one failed, so one run tells
// everything; the last line counts the tests of all runners.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { childEnv } from "../lib/config";

interface Stage {
  name: string;
  command: string[];
  report?: string; // JSON report with test counts
  kind?: "vitest" | "playwright";
}

const CHROMIUM = "/usr/bin/chromium";

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    console.error(`Debian's Chromium is needed for the end-to-end tests: sudo apt-get install -y chromium`);
    process.exit(1);
  }
  console.log("[test] installing Debian's chromium for the end-to-end tests…");
  const env = childEnv({ DEBIAN_FRONTEND: "noninteractive" });
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "chromium"],
  ]) {
    const r = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (r.status !== 0) {
      console.error(`[test] apt-get ${args.join(" ")} failed`);
      process.exit(1);
    }
  }
}

const stages: Stage[] = [
  { name: "typecheck", command: ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."] },
  { name: "lint", command: ["node_modules/eslint/bin/eslint.js", "--max-warnings", "0", "."] },
  // The formatter's check is part of linting: a file Prettier would change fails the run (`npm run format` fixes it).
  { name: "lint:format", command: ["node_modules/prettier/bin/prettier.cjs", "--check", "--log-level", "warn", "."] },
  {
    name: "unit",
    command: [
      "node_modules/vitest/vitest.mjs",
      "run",
      "--project",
      "unit",
      "--reporter=default",
      "--reporter=json",
      "--outputFile.json=test-results/unit.json",
    ],
    report: "test-results/unit.json",
    kind: "vitest",
  },
  {
    name: "integration",
    command: [
      "node_modules/vitest/vitest.mjs",
      "run",
      "--project",
      "integration",
      "--reporter=default",
      "--reporter=json",
      "--outputFile.json=test-results/integration.json",
    ],
    report: "test-results/integration.json",
    kind: "vitest",
  },
  { name: "e2e", command: ["node_modules/@playwright/test/cli.js", "test"], report: "test-results/e2e-report.json", kind: "playwright" },
];

function counts(stage: Stage): { passed: number; failed: number } | null {
  if (!stage.report || !existsSync(stage.report)) return null;
  const r = JSON.parse(readFileSync(stage.report, "utf8"));
  if (stage.kind === "vitest") return { passed: r.numPassedTests ?? 0, failed: (r.numFailedTests ?? 0) + (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) };
  const s = r.stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: (s.unexpected ?? 0) + (s.skipped ?? 0) };
}

ensureChromium();
mkdirSync("test-results", { recursive: true });
const only = process.argv.slice(2);
const results: { stage: Stage; ok: boolean; seconds: number; counts: ReturnType<typeof counts> }[] = [];
for (const stage of stages.filter((s) => only.length === 0 || only.includes(s.name) || only.includes(s.name.split(":")[0]!))) {
  if (stage.report) rmSync(stage.report, { force: true });
  console.log(`\n[test] ── ${stage.name} ──`);
  const started = Date.now();
  const r = spawnSync(process.execPath, stage.command, { stdio: "inherit", env: childEnv({ FORCE_COLOR: process.stdout.isTTY ? "1" : "0" }) });
  const c = counts(stage);
  // A runner that reports no test at all has not shown anything: that is a failure too.
  const ok = r.status === 0 && (stage.report === undefined || (c !== null && c.passed > 0 && c.failed === 0));
  results.push({ stage, ok, seconds: Math.round((Date.now() - started) / 1000), counts: c });
}

console.log("\n[test] ── summary ──");
let passed = 0;
let failed = 0;
for (const r of results) {
  passed += r.counts?.passed ?? 0;
  failed += r.counts?.failed ?? 0;
  const detail = r.counts ? `${r.counts.passed} passed, ${r.counts.failed} failed` : r.ok ? "clean" : "errors";
  console.log(`[test] ${r.ok ? "ok  " : "FAIL"} ${r.stage.name.padEnd(12)} ${detail} (${r.seconds} s)`);
}
const allOk = results.every((r) => r.ok);
if (!allOk) failed = Math.max(failed, 1);
console.log(`Summary: ${passed} passed, ${failed} failed`);
process.exit(allOk ? 0 : 1);
