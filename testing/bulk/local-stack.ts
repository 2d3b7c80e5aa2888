// For the run service's integration tests: the local cloud in this process (its request log is the witness
// of what was sent), a fresh database, the automation account connected as an admin would, the
// fleet's customers as tenants, a pg-boss to send jobs with, and workers: in this process (with
// lib/graph on the local cloud) or as real `scripts/worker.ts` children.
import { withoutApprovals } from "../approvals";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll } from "vitest";
import { startEmulator, type RunningEmulator } from "@/emulator/main";
import { WORKER_NODE_ARGS } from "../../dev/process/worker-command";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { tenantGraph } from "@/lib/graph/tenant-graph-client";
import type { GraphSettings } from "@/lib/graph/settings";
import { createBoss, ensureQueues } from "@/lib/jobs/queue";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { freshDatabase, type TestDatabase } from "../database";
import { localCloudSettings } from "../local-cloud-settings";
import { connectAutomationAccount, workerEnv } from "../local-cloud-worker";
import type { BulkOptions } from "@/lib/bulk/options";
import { startBulkPreview } from "@/lib/bulk/start";
import { runPreviewView } from "@/lib/runs/preview-view";
import type { RunPreviewView } from "@/lib/runs/views";
import type { RunWorkerDeps } from "@/lib/runs/deps";
import { runJobHandlers } from "@/lib/runs/jobs";
import { pgBossQueue, type RunQueue } from "@/lib/runs/queue";
import type { RunTiming } from "@/lib/runs/timing";

const PORTAL_URL = "http://127.0.0.1:3999";

export const ENABLED_ONLY: BulkOptions = { fix: "exclude-service-provider", includeDisabledAndReportOnly: false, includeNeedsReview: false };
export const OPERATOR = { id: null, upn: "operator@tailwindmsp.onmicrosoft.com" };

export interface FleetTenant {
  id: string;
  displayName: string;
  scenario: string;
}

export interface BulkStack {
  readonly em: RunningEmulator;
  readonly prisma: PrismaClient;
  readonly databaseUrl: string;
  readonly settings: GraphSettings;
  /** The customers made portal tenants (the fleet minus `exclude`d scenarios). */
  readonly tenants: FleetTenant[];
  /** Sends run jobs like the web process does. */
  readonly queue: RunQueue;
  /** The pg-boss behind it, for other jobs (a tenant's sync). */
  readonly boss: PgBoss;
  deps(timing?: Partial<RunTiming>): RunWorkerDeps;
  /** A worker in this process running the run jobs only. */
  startInProcessWorker(options: { concurrency: number; timing?: Partial<RunTiming> }): Promise<RunningWorker>;
  /** `scripts/worker.ts` as a child process on the test database and the local cloud. */
  spawnWorker(options: { concurrency: number }): WorkerChild;
}

export interface WorkerChild {
  proc: ChildProcess;
  output(): string;
  exited: Promise<void>;
}

export function useBulkStack(options: { tenants: number; seed?: number; timeScale: number; exclude?: readonly string[] }): BulkStack {
  let em: RunningEmulator | undefined;
  let db: TestDatabase | undefined;
  let prisma: PrismaClient | undefined;
  let settings: GraphSettings | undefined;
  let boss: PgBoss | undefined;
  let certDir: string | undefined;
  let tenants: FleetTenant[] = [];
  const workers: RunningWorker[] = [];
  const children: WorkerChild[] = [];

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), "bulk-int-certs-"));
    [em, db] = await Promise.all([
      startEmulator({
        port: 0,
        browserPort: 0,
        tenants: options.tenants,
        seed: options.seed ?? 1,
        timeScale: options.timeScale,
        certDir,
        portalOrigins: [PORTAL_URL],
      }),
      freshDatabase(),
    ]);
    prisma = createPrismaClient(db.url, { poolSize: 20 });
    settings = await localCloudSettings(em, prisma, { portalUrl: PORTAL_URL, timeScale: options.timeScale });
    await connectAutomationAccount(em, settings);
    const described = em.fleet.describe() as unknown as { customers: { tenantId: string; displayName: string; scenario: string }[] };
    tenants = described.customers
      .filter((c) => !(options.exclude ?? []).includes(c.scenario))
      .map((c) => ({ id: c.tenantId.toLowerCase(), displayName: c.displayName, scenario: c.scenario }));
    await prisma.customerTenant.createMany({ data: tenants.map((t) => ({ id: t.id, displayName: t.displayName })) });
    // These stacks test runs, not four-eyes: no run waits for a second person (lib/runs/approval.int.test.ts does).
    await withoutApprovals(prisma);
    // "worker": it installs pg-boss's schema in the fresh database (the web role only sends).
    boss = createBoss(db.url, "worker");
    await boss.start();
    await ensureQueues(boss);
  }, 120_000);

  afterAll(async () => {
    for (const child of children) if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill("SIGKILL");
    await Promise.all(children.map((c) => c.exited));
    for (const worker of workers) await worker.stop().catch(() => undefined);
    await boss?.stop({ graceful: false }).catch(() => undefined);
    await prisma?.$disconnect();
    await db?.drop();
    await em?.close();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useBulkStack: ${what} is made in beforeAll`);
    return value;
  };
  const stack: BulkStack = {
    get em() {
      return need(em, "the local cloud");
    },
    get prisma() {
      return need(prisma, "the database");
    },
    get databaseUrl() {
      return need(db, "the database").url;
    },
    get settings() {
      return need(settings, "the Graph settings");
    },
    get tenants() {
      return tenants;
    },
    get queue() {
      return pgBossQueue(need(boss, "the job queue"));
    },
    get boss() {
      return need(boss, "the job queue");
    },
    deps(timing) {
      return {
        prisma: stack.prisma,
        queue: stack.queue,
        partnerTenantId: stack.settings.partnerTenantId,
        openTenant: (id, prefer) => tenantGraph(id, { settings: stack.settings, prefer }),
        warn: () => undefined,
        timing,
      };
    },
    async startInProcessWorker({ concurrency, timing }) {
      const deps = stack.deps(timing);
      const worker = await startWorker(stack.databaseUrl, (b) => runJobHandlers(async () => ({ ...deps, queue: pgBossQueue(b) }), concurrency));
      workers.push(worker);
      return worker;
    },
    spawnWorker({ concurrency }) {
      const proc = spawn(process.execPath, [...WORKER_NODE_ARGS], {
        env: workerEnv({ em: stack.em, settings: stack.settings, databaseUrl: stack.databaseUrl, concurrency }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      proc.stdout!.on("data", (d) => (out += d));
      proc.stderr!.on("data", (d) => (out += d));
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      const child = { proc, output: () => out, exited };
      children.push(child);
      return child;
    },
  };
  return stack;
}

/** The bulk wizard's preview of every tenant of the stack, as OPERATOR starts it, once every tenant is read. */
export async function previewFleet(stack: BulkStack, options: BulkOptions, timeoutMs = 45_000): Promise<{ runId: string; preview: RunPreviewView }> {
  const { prisma, queue } = stack;
  const tenantIds = stack.tenants.map((t) => t.id);
  const runId = await startBulkPreview({ prisma, queue, tenantIds, options, requestedBy: OPERATOR, partnerTenantId: stack.settings.partnerTenantId });
  const preview = await waitFor(
    "the preview",
    () => runPreviewView(prisma, runId),
    (v) => v?.status === "previewed",
    timeoutMs,
  );
  return { runId, preview: preview! };
}

export async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last: ${JSON.stringify(value)?.slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const POLICY_PATH = /^\/identity\/conditionalAccess\/policies\/([^/]+)$/i;

/** PATCHes of CA policies in the request log after `sinceSeq`, per tenant|policy, with their statuses. */
export function policyPatches(em: RunningEmulator, sinceSeq: number): Map<string, { status: number; timestamp: string }[]> {
  const out = new Map<string, { status: number; timestamp: string }[]>();
  for (const e of em.log.list({ method: "PATCH", sinceSeq })) {
    const id = POLICY_PATH.exec(e.path)?.[1];
    if (!id) continue;
    const key = `${e.tenantId}|${decodeURIComponent(id)}`;
    out.set(key, [...(out.get(key) ?? []), { status: e.status, timestamp: e.timestamp }]);
  }
  return out;
}
