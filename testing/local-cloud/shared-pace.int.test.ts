// ACCEPTANCE (one pace per tenant across processes): the web process (this test process, previewing
// through lib/graph's real tenantGraph) and two real worker processes (scripts/worker.ts: one fixing
// the tenant, the other syncing it) all send Conditional Access requests to ONE tenant at once.
// The local cloud's request log, the witness of what "Graph" saw, must show for that tenant:
// consecutive CA requests never closer than the (scaled) interval, no 429, and requests from all
// three processes while the fix runs. Graph's limit and its missing Retry-After:
// https://learn.microsoft.com/graph/throttling-limits#identity-protection-and-conditional-access-service-limits
// (the local cloud copies it: emulator/graph/throttle.ts, a bucket of 1 per tenant).
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { WORKER_NODE_ARGS } from "@/dev/process/worker-command";
import type { FixTarget, TenantPreview } from "@/lib/remediation";
import { itemsFromPreview, previewTenant } from "@/lib/remediation";
import { confirmRun, recordPreview } from "@/lib/runs";
import { tenantGraph } from "@/lib/graph/tenant-graph-client";
import { isConditionalAccessPath } from "@/lib/graph/pacer";
import type { GraphSettings } from "@/lib/graph/settings";
import { QUEUES } from "@/lib/jobs/queue";
import { useBulkStack, waitFor, type BulkStack } from "../bulk/local-stack";
import { workerEnv } from "../local-cloud-worker";

// ---------------------------------------------------------------------------------------------
// Where work on a tenant starts: the run service (lib/runs) for the fix, the sync job for the reads.

/** A worker's fix of the tenant, as the tenant page starts it: its preview stored as a run, confirmed, one run.tenant job. */
async function startTenantFixOnAWorker(stack: BulkStack, preview: TenantPreview): Promise<{ ended(): Promise<boolean> }> {
  const requestedBy = { id: null, upn: "operator@tailwindmsp.onmicrosoft.com" };
  const runId = await recordPreview(stack.prisma, {
    kind: "tenant-fix",
    target: targetOf(stack.settings),
    options: { scope: { states: "enabled-and-report-only" }, offerNeedsReview: true },
    requestedBy,
    preview,
  });
  await confirmRun({ prisma: stack.prisma, queue: stack.queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: requestedBy });
  return {
    async ended() {
      const { finishedAt } = await stack.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId }, select: { finishedAt: true } });
      return finishedAt !== null;
    },
  };
}

/** A worker's sync of the tenant (its policies into snapshots), queued as the sync-all job does per customer. */
async function queueTenantSyncOnAWorker(stack: BulkStack, tenantId: string): Promise<void> {
  await stack.boss.send(QUEUES.syncTenant, { tenantId });
}

/** Syncs of the tenant no worker has taken yet. */
async function waitingTenantSyncs(stack: BulkStack, tenantId: string): Promise<number> {
  return (await stack.queue.liveJobs(QUEUES.syncTenant, { tenantId })).filter((j) => j.state !== "active").length;
}

/** The web process's live preview of the tenant, as the tenant page's preview action makes it. */
async function previewFromTheWeb(settings: GraphSettings, tenantId: string): Promise<TenantPreview> {
  return previewTenant({ graph: await tenantGraph(tenantId, { settings }), target: targetOf(settings) });
}

function targetOf(settings: GraphSettings): FixTarget {
  return { action: "exclude-service-provider", partnerTenantId: settings.partnerTenantId };
}
// ---------------------------------------------------------------------------------------------

const TIME_SCALE = 0.02; // Graph's 1 CA request per second per tenant becomes 50 per second: 20 ms apart
const INTERVAL_MS = 1000 * TIME_SCALE;
/** What ca-request-recorder.ts prints for each CA request of a worker. */
const CA_REQUEST_LINE = /^CA-REQUEST (\S+)$/;

interface Worker {
  name: string;
  proc: ChildProcess;
  output(): string;
  /** The client-request-ids of the CA requests it sent (announced by ca-request-recorder.ts). */
  ids: Set<string>;
  exited: Promise<void>;
}

describe("one pace per tenant across processes", () => {
  // 16 tenants: the first of every fleet cover each scenario once, so "large" (130 policies) is among them.
  const stack = useBulkStack({ tenants: 16, seed: 1, timeScale: TIME_SCALE });
  const workers: Worker[] = [];

  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
  });

  /** `scripts/worker.ts` as `npm run worker` starts it, plus the recorder; one job of each read queue at a time. */
  function startWorker(name: string): Worker {
    const args: string[] = [...WORKER_NODE_ARGS];
    args.splice(args.length - 1, 0, "--import", "./testing/local-cloud/ca-request-recorder.ts");
    const proc = spawn(process.execPath, args, {
      env: workerEnv({ em: stack.em, settings: stack.settings, databaseUrl: stack.databaseUrl, concurrency: 1 }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let pending = "";
    const ids = new Set<string>();
    proc.stdout!.on("data", (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const id = CA_REQUEST_LINE.exec(line)?.[1];
        if (id) ids.add(id);
        else out += `${line}\n`;
      }
    });
    proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    const worker = { name, proc, output: () => out, ids, exited };
    workers.push(worker);
    return worker;
  }

  it("keeps the tenant's CA requests from the web process and two workers one interval apart, with no 429", async () => {
    const { em } = stack;
    const tenant = stack.tenants.find((t) => t.scenario === "large");
    if (!tenant) throw new Error("no large tenant in the fleet");
    const outputs = () => workers.map((w) => `--- ${w.name} ---\n${w.output()}`).join("\n");
    const withOutputs = (error: Error) => {
      throw new Error(`${error.message}\n${outputs()}`);
    };

    // The web process: lib/graph's real client on the shared pace, recording its own client-request-ids.
    const webIds = new Set<string>();
    const settings: GraphSettings = {
      ...stack.settings,
      fetch: (input, init) => {
        const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
        const id = new Headers(init?.headers).get("client-request-id");
        if (id && isConditionalAccessPath(url)) webIds.add(id);
        return stack.settings.fetch!(input, init);
      },
    };
    const preview = await previewFromTheWeb(settings, tenant.id);
    const items = itemsFromPreview(preview, new Set());
    expect(items.length).toBeGreaterThanOrEqual(20); // a fix long enough to overlap with the rest
    const from = em.log.lastSeq();

    // Both workers up and reading the tenant before the fix starts.
    const [a, b] = [startWorker("worker-a"), startWorker("worker-b")];
    for (let i = 0; i < 4; i += 1) await queueTenantSyncOnAWorker(stack, tenant.id);
    await waitFor(
      "both workers reading the tenant",
      async () => [a.ids.size, b.ids.size],
      ([x, y]) => x! > 0 && y! > 0,
      60_000,
    ).catch(withOutputs);

    // The overlap: a fix on one worker, syncs kept waiting for both, previews from the web, all at once.
    const fix = await startTenantFixOnAWorker(stack, preview);
    let previews = 0;
    // Each loop hands back its failure (a 429 beyond the retry budget, say) instead of throwing unheard.
    const web = (async () => {
      while (!(await fix.ended())) {
        await previewFromTheWeb(settings, tenant.id);
        previews += 1;
      }
    })().then(
      () => null,
      (error: unknown) => error,
    );
    const feeder = (async () => {
      while (!(await fix.ended())) {
        if ((await waitingTenantSyncs(stack, tenant.id)) < 2) await queueTenantSyncOnAWorker(stack, tenant.id);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })().then(
      () => null,
      (error: unknown) => error,
    );
    await waitFor(
      "the fix",
      () => fix.ended(),
      (ended) => ended,
      90_000,
    ).catch(withOutputs);
    expect(await web).toBeNull();
    expect(await feeder).toBeNull();
    expect(previews).toBeGreaterThan(0);
    const run = await stack.prisma.remediationRun.findFirstOrThrow({ where: { kind: "tenant-fix" }, include: { changes: true } });
    expect([run.status, run.error]).toEqual(["succeeded", null]);
    expect(run.changes.filter((c) => c.result === "applied")).toHaveLength(items.length);

    // What "Graph" saw for that tenant.
    const seen = em.log.list({ tenantId: tenant.id, sinceSeq: from }).filter((e) => isConditionalAccessPath(`https://graph/v1.0${e.path}`));
    const by = (id: string) => (webIds.has(id) ? "web" : a.ids.has(id) ? a.name : b.ids.has(id) ? b.name : "unknown");
    expect(seen.filter((e) => by(e.clientRequestId) === "unknown").map((e) => `${e.method} ${e.path}`)).toEqual([]);
    expect(seen.filter((e) => e.status === 429)).toEqual([]);
    // The log's times are whole milliseconds (each entry written just before its answer leaves).
    const times = seen.map((e) => Date.parse(e.timestamp));
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(INTERVAL_MS - 1);

    // Not vacuous: while the fix was writing (its first PATCH to its last), all three processes sent.
    const patches = seen.filter((e) => e.method === "PATCH");
    expect(patches).toHaveLength(items.length);
    const fixer = by(patches[0]!.clientRequestId);
    expect(new Set(patches.map((p) => by(p.clientRequestId)))).toEqual(new Set([fixer]));
    const during = seen.filter((e) => e.seq >= patches[0]!.seq && e.seq <= patches.at(-1)!.seq);
    const counts: Record<string, number> = {};
    for (const e of during) counts[by(e.clientRequestId)] = (counts[by(e.clientRequestId)] ?? 0) + 1;
    expect(Object.keys(counts).sort()).toEqual(["web", "worker-a", "worker-b"]);
    for (const [who, n] of Object.entries(counts)) expect(n, `${who}'s CA requests while the fix wrote`).toBeGreaterThanOrEqual(3);

    a.proc.kill("SIGTERM");
    b.proc.kill("SIGTERM");
  }, 180_000);
});
