// Production mode as an MSP deploys it, not through the demo launcher: a Postgres of its own given by
// DATABASE_URL, `npm run db:migrate`, the portal (`npm start`: scripts/serve.ts over the production
// build) and TWO `npm run worker` processes, each started with its production command and
// environment. A bulk fix runs over the fleet (started and confirmed with the functions the wizard's
// actions call); both workers fix tenants, no tenant is fixed twice, no policy is written twice. One
// worker is stopped with SIGTERM mid-run: it drains and exits 0, the other finishes, and no job is lost
// and no history row is left pending. Then the portal drains on SIGTERM too.
// The local cloud runs in this process: its request log is the witness of every write.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readForms, TestBrowser } from "@/emulator/login/test-browser";
import { startEmulator, type RunningEmulator } from "@/emulator/main";
import { startBulkPreview } from "@/lib/bulk/start";
import { childEnv } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { readMigrations } from "@/lib/db/migrate";
import type { GraphSettings } from "@/lib/graph/settings";
import { createBoss, QUEUE_SCHEMA, QUEUES } from "@/lib/jobs/queue";
import { confirmRun } from "@/lib/runs/confirm";
import { runPreviewView } from "@/lib/runs/preview-view";
import { pgBossQueue } from "@/lib/runs/queue";
import { runView } from "@/lib/runs/run-view";
import { buildPortalIfNeeded } from "../dev/process/portal-build";
import { PORTAL_NODE_ARGS, WORKER_NODE_ARGS } from "../dev/process/worker-command";
import { withoutApprovals } from "../testing/approvals";
import { ENABLED_ONLY, OPERATOR, policyPatches, waitFor } from "../testing/bulk/local-stack";
import { freshDatabase, type TestDatabase } from "../testing/database";
import { freePort } from "../testing/free-port";
import { localCloudSettings } from "../testing/local-cloud-settings";
import { connectAutomationAccount, workerEnv } from "../testing/local-cloud-worker";

// 2 CA requests per second per tenant: a tenant takes a few seconds, so the run is still going when a worker is stopped.
const TIME_SCALE = 0.5;
const MIGRATIONS = readMigrations(join(process.cwd(), "prisma", "migrations")).map((m) => m.name);

interface Proc {
  name: string;
  proc: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

const procs: Proc[] = [];
function launch(name: string, args: readonly string[], env: NodeJS.ProcessEnv): Proc {
  const proc = spawn(process.execPath, [...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const p = { name, proc, output: () => out, exited };
  procs.push(p);
  return p;
}

const outputs = () => procs.map((p) => `--- ${p.name} (pid ${p.proc.pid}) ---\n${p.output().slice(-3000)}`).join("\n");

/** A staff member signs in to the portal at the local cloud's sign-in page, as a browser would. */
async function signIn(portalUrl: string, em: RunningEmulator, role: "Portal.Operator"): Promise<TestBrowser> {
  const person = em.fleet.staff.find((s) => s.portalRole === role && !s.guestOf)!;
  const browser = new TestBrowser();
  const toCloud = await browser.get(`${portalUrl}/api/auth/login?returnTo=/status`);
  const page = await browser.get(toCloud.location!);
  const form = readForms(page.text).find((f) => f.fields.some(([k, v]) => k === "action" && v === "credentials"))!;
  const back = await browser.submit(page.url, form, [
    ["upn", person.userPrincipalName],
    ["password", person.password!],
  ]);
  const callback = await browser.get(back.location!);
  expect(callback.location, `the callback's answer: ${callback.status} ${callback.text.slice(0, 500)}`).toMatch(/\/status$/);
  return browser;
}

describe("production mode: db:migrate, the portal and two workers as separate processes on one DATABASE_URL", () => {
  let db: TestDatabase | undefined;
  let em: RunningEmulator | undefined;
  let prisma: PrismaClient | undefined;
  let settings: GraphSettings | undefined;
  let sender: PgBoss | undefined;
  let portalUrl = "";
  let tenantIds: string[] = [];
  const certDir = mkdtempSync(join(tmpdir(), "production-int-certs-"));

  beforeAll(async () => {
    // `npm run build` (skipped when the build is current, e.g. made by an earlier run or the demo).
    buildPortalIfNeeded(() => undefined);

    // A database nobody migrated yet: `npm run db:migrate` does it, as an operator runs it before starting anything.
    db = await freshDatabase({ migrate: false });
    const migrate = launch("db:migrate", ["--import", "tsx", "scripts/migrate.ts"], childEnv({ DATABASE_URL: db.url, LOG_LEVEL: "warn" }));
    expect(await migrate.exited, migrate.output()).toBe(0);
    expect(migrate.output()).toContain(`applied: ${MIGRATIONS.join(", ")}`);

    const port = await freePort();
    portalUrl = `http://127.0.0.1:${port}`;
    em = await startEmulator({ port: 0, browserPort: 0, tenants: 24, seed: 1, timeScale: TIME_SCALE, certDir, portalOrigins: [portalUrl] });
    prisma = createPrismaClient(db.url, { poolSize: 5 });
    settings = await localCloudSettings(em, prisma, { portalUrl, timeScale: TIME_SCALE });
    await connectAutomationAccount(em, settings);
    const described = em.fleet.describe() as unknown as { customers: { tenantId: string; displayName: string; scenario: string }[] };
    const customers = described.customers.filter((c) => !["large", "gdap-read-only"].includes(c.scenario));
    tenantIds = customers.map((c) => c.tenantId.toLowerCase());
    await prisma.customerTenant.createMany({ data: customers.map((c) => ({ id: c.tenantId.toLowerCase(), displayName: c.displayName })) });
    await withoutApprovals(prisma); // one operator's run, no second admin: lib/runs/approval.int.test.ts tests four eyes

    // The production commands: `npm run worker` twice, `npm start` once, all with the same DATABASE_URL.
    const env = workerEnv({ em, settings, databaseUrl: db.url, concurrency: 2 });
    launch("worker-1", WORKER_NODE_ARGS, env);
    launch("worker-2", WORKER_NODE_ARGS, env);
    launch("portal", PORTAL_NODE_ARGS, { ...env, PORT: String(port), HOST: "127.0.0.1", PORTAL_URL: portalUrl });
    await waitFor(
      "the portal's readiness",
      () =>
        fetch(`${portalUrl}/api/health/ready`).then(
          (r) => r.status,
          () => 0,
        ),
      (status) => status === 200,
      90_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${outputs()}`);
    });
    // The portal is ready before a worker has installed the job queue's schema and queues (only workers
    // migrate pg-boss, lib/jobs/queue.ts): this test sends jobs itself, so it waits for them as the portal would.
    await waitFor(
      "the workers' job queues",
      () =>
        prisma!.$queryRawUnsafe<{ n: number }[]>(`select count(*)::int as n from ${QUEUE_SCHEMA}.queue where name = any($1)`, Object.values(QUEUES)).then(
          (rows) => rows[0]?.n ?? 0,
          () => 0,
        ),
      (n) => n === Object.values(QUEUES).length,
      90_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${outputs()}`);
    });
    sender = createBoss(db.url, "web");
    await sender.start();
  }, 900_000);

  afterAll(async () => {
    for (const p of procs) if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill("SIGKILL");
    await Promise.all(procs.map((p) => p.exited));
    await sender?.stop({ graceful: false }).catch(() => undefined);
    await prisma?.$disconnect();
    await db?.drop();
    await em?.close();
    rmSync(certDir, { recursive: true, force: true });
  });

  it("answers a load balancer's liveness, readiness and health, and shows signed-in staff both workers and its Node", async () => {
    expect((await fetch(`${portalUrl}/api/health/live`)).status).toBe(200);
    const ready = await fetch(`${portalUrl}/api/health/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { ok: true }]);
    const workerPids = procs.filter((p) => p.name.startsWith("worker")).map((p) => p.proc.pid);
    // Both workers register with pg-boss (heartbeats every 5 s); the portal counts the live ones.
    const browser = await signIn(portalUrl, em!, "Portal.Operator");
    const health = await waitFor(
      "both workers on the portal's health",
      async () => JSON.parse((await browser.get(`${portalUrl}/api/health`)).text) as { ok: boolean; node: string; queue: { workers: { pid: number }[] } },
      (h) => h.queue.workers.length === 2,
      30_000,
    );
    expect(health).toMatchObject({ ok: true, node: process.version, database: { embedded: false }, migrations: { pending: [] } });
    expect(health.queue.workers.map((w) => w.pid).sort()).toEqual([...workerPids].sort());
    expect(process.version).toMatch(/^v24\./); // the pinned Node runs the tests, and the portal reports its own
  });

  it("runs a bulk fix on both workers, none twice; a worker stopped with SIGTERM drains, and nothing is lost", async () => {
    const [worker1, worker2, portal] = [
      procs.find((p) => p.name === "worker-1")!,
      procs.find((p) => p.name === "worker-2")!,
      procs.find((p) => p.name === "portal")!,
    ];
    const queue = pgBossQueue(sender!);
    const runId = await startBulkPreview({
      prisma: prisma!,
      queue,
      tenantIds,
      options: { ...ENABLED_ONLY, includeDisabledAndReportOnly: true },
      requestedBy: OPERATOR,
      partnerTenantId: settings!.partnerTenantId,
    });
    const preview = (await waitFor(
      "the preview",
      () => runPreviewView(prisma!, runId),
      (v) => v?.status === "previewed",
      120_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${outputs()}`);
    }))!;
    const planned = preview.tenants.filter((t) => t.toChange > 0);
    const toChange = planned.reduce((sum, t) => sum + t.toChange, 0);
    expect(planned.length).toBeGreaterThanOrEqual(8); // more tenants than the two workers' four slots

    const seq = em!.log.lastSeq();
    await confirmRun({ prisma: prisma!, queue, runId, confirmedNeedsReview: [], ticket: "CHG-1", confirmedBy: OPERATOR });

    // Which worker finished which tenant: each completed job's output names its process (lib/jobs/worker.ts).
    const finishedBy = () =>
      prisma!.$queryRawUnsafe<{ tenant: string; outcome: string | null; pid: number | null }[]>(
        `select data->>'tenantId' as tenant, output->>'value' as outcome, (output->'worker'->>'pid')::int as pid
           from pgboss.job where name = 'run.tenant' and data->>'runId' = $1 and state = 'completed'`,
        runId,
      );
    // Both have finished a tenant while others are still to do: then the first one is stopped.
    await waitFor(
      "a tenant finished by each worker, with tenants left",
      finishedBy,
      (rows) => new Set(rows.filter((r) => r.outcome === "succeeded").map((r) => r.pid)).size === 2 && rows.length < planned.length,
      120_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${outputs()}`);
    });
    worker1.proc.kill("SIGTERM");
    expect(await worker1.exited, worker1.output()).toBe(0); // drained: its jobs in flight finished, then it left

    const run = (await waitFor(
      "the run's end",
      () => runView(prisma!, runId),
      (v) => v?.ended === true,
      120_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${outputs()}`);
    }))!;
    expect(run.tenants.filter((t) => t.status !== "succeeded").map((t) => [t.displayName, t.status, t.error])).toEqual([]);
    expect(run).toMatchObject({ status: "succeeded", summary: null });
    expect(run.policies).toMatchObject({ applied: toChange, failed: 0, pending: 0 });

    // Both workers fixed tenants, and every tenant was fixed by exactly one job. The last job's
    // completion is recorded just after its tenant ended the run (jobs ending together are completed
    // together, lib/jobs/worker.ts).
    const rows = await waitFor("every job completed", finishedBy, (r) => r.length >= planned.length, 10_000);
    const succeeded = rows.filter((r) => r.outcome === "succeeded");
    expect(new Set(succeeded.map((r) => r.pid))).toEqual(new Set([worker1.proc.pid, worker2.proc.pid]));
    expect(succeeded.map((r) => r.tenant).sort()).toEqual(planned.map((t) => t.tenantId).sort());
    const perWorker = Object.fromEntries([worker1, worker2].map((w) => [w.name, succeeded.filter((r) => r.pid === w.proc.pid).length]));
    expect(perWorker["worker-1"]).toBeGreaterThan(0);
    expect(perWorker["worker-2"]).toBeGreaterThan(0);

    // Graph saw one PATCH per planned policy; history has one applied row each and nothing pending.
    const patches = policyPatches(em!, seq);
    expect(patches.size).toBe(toChange);
    for (const [policy, sent] of patches)
      expect(
        sent.map((s) => s.status),
        policy,
      ).toEqual([204]);
    expect(await prisma!.remediationChange.count({ where: { runId, result: "pending" } })).toBe(0);
    expect(await prisma!.remediationChange.count({ where: { runId, result: "applied" } })).toBe(toChange);

    // The portal and the last worker stop on SIGTERM too, each with exit code 0.
    portal.proc.kill("SIGTERM");
    worker2.proc.kill("SIGTERM");
    expect(await portal.exited, portal.output()).toBe(0);
    expect(portal.output()).toContain("portal stopping (SIGTERM)");
    expect(await worker2.exited, worker2.output()).toBe(0);
  }, 400_000);
});
