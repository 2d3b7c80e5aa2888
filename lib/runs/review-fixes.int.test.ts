// The run service's edges found in review, on a real database with an in-memory tenant: a stop that
// is not a cancel, internal error text kept out of what users see, cancel racing a claim or a
// re-queue, cancel's wait running out, a live tenant-page run left alone by the sweep, and the clocks.
import { afterEach, describe, expect, it, vi } from "vitest";
import { withTenantLock } from "../remediation";
import { useTestPrisma } from "../../testing/database";
import { cancelRun, NOT_RETRIED, NOT_STARTED } from "./cancel";
import { confirmRun } from "./confirm";
import { recoverRuns } from "./recovery";
import { runTenantJob } from "./tenant-job";
import { OPERATOR, useInMemoryTenants } from "../../testing/bulk/in-memory-tenant";

const ERROR_ID = /error id [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const INTERNAL = "connect ECONNREFUSED 10.9.8.7:5432";

describe("run service review fixes", () => {
  const t = useTestPrisma();
  const { setup, runWithTenant, previewedRun, recordPendingMfaFix } = useInMemoryTenants(t);
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** Runs `hook` before statements of $executeRaw whose text contains `marker` (the client itself must stay: the tenant lock knows it by identity). */
  function beforeRaw(marker: string, hook: () => Promise<void>) {
    const real = t.prisma.$executeRaw.bind(t.prisma);
    vi.spyOn(t.prisma, "$executeRaw").mockImplementation(((sql: TemplateStringsArray, ...values: unknown[]) =>
      sql.join("?").includes(marker) ? hook().then(() => real(sql, ...values)) : real(sql, ...values)) as typeof t.prisma.$executeRaw);
  }

  const tenantRow = (runId: string, tenantId: string) => t.prisma.runTenant.findUniqueOrThrow({ where: { runId_tenantId: { runId, tenantId } } });
  /** The jobs sent for this run (the sweep may re-send rows earlier tests of this file left on the shared database). */
  const sentFor = (queue: { sent: { job: { data: unknown } }[] }, runId: string) => queue.sent.filter((s) => (s.job.data as { runId: string }).runId === runId);
  const cancelNow = (runId: string) =>
    t.prisma.remediationRun.update({ where: { id: runId }, data: { cancelRequestedAt: new Date(), cancelRequestedByUpn: "operator@msp.example" } });

  it("fails (not cancels) a tenant whose check before a write hit a database error, and keeps that error's text out of history", async () => {
    // Only the guard's registration statement fails: everything else reaches the database.
    beforeRaw('set "writingSince"', () => Promise.reject(new Error(`Invalid \`prisma.$executeRaw()\` invocation: ${INTERNAL}`)));
    const { tenantId, graph, deps, warnings } = setup();
    const { runId } = await runWithTenant(tenantId, graph);

    expect(await runTenantJob(deps, { runId, tenantId })).toBe("failed");
    const row = await tenantRow(runId, tenantId);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/^1 policy was not written: the check before sending could not be made \(error id [0-9a-f-]{36}; see the worker log\)\.$/);
    expect(row.error).not.toContain("10.9.8.7");
    const run = await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId }, include: { changes: true } });
    // Nobody cancelled: the run failed (nothing was written) and says why (so "retry failed" offers it).
    expect(run).toMatchObject({ status: "failed", error: `1 tenant(s) failed: Tenant ${tenantId.slice(0, 4)}.` });
    expect(run.changes.map((c) => [c.result, c.reason?.includes("10.9.8.7")])).toEqual([["skipped", false]]);
    // The database's words are in the log, under the id the sentence gives.
    const errorId = row.error!.match(ERROR_ID)![0].replace("error id ", "");
    expect(warnings).toContainEqual({
      detail: expect.objectContaining({ errorId, err: expect.objectContaining({ message: expect.stringContaining(INTERNAL) }) }),
      message: expect.any(String),
    });
    expect(graph.patches()).toEqual([]);
  });

  it("stores 'Stopped unexpectedly' with an error id, not the error's text, and logs the error", async () => {
    const { tenantId, graph, deps, warnings } = setup();
    deps.openTenant = async () => Promise.reject(new Error(INTERNAL));
    const { runId } = await runWithTenant(tenantId, graph);
    expect(await runTenantJob(deps, { runId, tenantId })).toBe("failed");
    const row = await tenantRow(runId, tenantId);
    expect(row.error).toMatch(/^Stopped unexpectedly \(error id [0-9a-f-]{36}\); see the worker log\.$/);
    expect(warnings.map((w) => [w.detail.errorId, (w.detail.err as Error).message])).toEqual([
      [row.error!.match(ERROR_ID)![0].replace("error id ", ""), INTERNAL],
    ]);
  });

  it("ends a tenant NOT_STARTED, opening nothing, when the cancel commits just after its claim (which read the run)", async () => {
    const { tenantId, graph, deps, opened } = setup();
    const { runId } = await runWithTenant(tenantId, graph);
    const calls = graph.calls.length;
    // The person's cancel commits right after the job's claim, which read the run as not cancelled.
    let raced = false;
    const real = t.prisma.$queryRaw.bind(t.prisma);
    vi.spyOn(t.prisma, "$queryRaw").mockImplementation(((sql: TemplateStringsArray, ...values: unknown[]) => {
      const claim = !raced && sql.join("?").includes("set status = 'running'");
      if (!claim) return real(sql, ...values);
      raced = true;
      return real(sql, ...values).then(async (rows) => {
        await cancelNow(runId);
        return rows;
      });
    }) as typeof t.prisma.$queryRaw);

    expect(await runTenantJob(deps, { runId, tenantId })).toBe("cancelled");
    expect(raced).toBe(true);
    expect(await tenantRow(runId, tenantId)).toMatchObject({ status: "cancelled", error: NOT_STARTED });
    expect(opened()).toBe(0);
    expect(graph.calls).toHaveLength(calls);
  });

  it("does not queue a second attempt when the cancel commits just before the re-queue", async () => {
    const { tenantId, graph, deps, queue } = setup();
    const { runId } = await runWithTenant(tenantId, graph);
    beforeRaw("status = 'queued'", async () => {
      await cancelNow(runId);
    });
    // Another fix holds the tenant: a transient failure, so the job would queue a second attempt.
    await withTenantLock(t.prisma, tenantId, async () => {
      expect(await runTenantJob(deps, { runId, tenantId })).toBe("cancelled");
    });
    expect(await tenantRow(runId, tenantId)).toMatchObject({ status: "cancelled", error: NOT_RETRIED, attempts: 1 });
    expect(queue.sent).toEqual([]);
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "cancelled" });
  });

  it("acknowledges a cancel whose wait for in-flight writes ran out, saying so instead of failing", async () => {
    const { tenantId, graph } = setup();
    const { runId } = await runWithTenant(tenantId, graph, { status: "running", attempts: 1, heartbeatAt: new Date(), writingSince: new Date() });
    const result = await cancelRun({ prisma: t.prisma, runId, by: "operator@msp.example", timing: { cancelWaitMs: 200 } });
    expect(result.writesInFlight).toBe(1);
    expect(result.note).toMatch(/^The cancel is recorded and no new write will start, but 1 write\(s\) already sent to Microsoft had no answer after 0 s/);
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ cancelRequestedByUpn: "operator@msp.example" });

    await t.prisma.runTenant.updateMany({ where: { runId }, data: { writingSince: null } });
    expect(await cancelRun({ prisma: t.prisma, runId, by: "operator@msp.example", timing: { cancelWaitMs: 200 } })).toMatchObject({
      writesInFlight: 0,
      note: null,
    });
  });

  it("says so when a tenant whose workers kept dying ends with changes left pending", async () => {
    const { tenantId, graph, deps } = setup();
    const { runId } = await runWithTenant(tenantId, graph, { status: "running", attempts: 5, heartbeatAt: new Date(Date.now() - 60_000) });
    await recordPendingMfaFix(graph, runId, tenantId);
    expect(await runTenantJob(deps, { runId, tenantId })).toBe("failed");
    expect((await tenantRow(runId, tenantId)).error).toBe(
      "Stopped after 5 attempts: the workers fixing this tenant kept stopping before they finished (see the worker logs). 1 change(s) they left unconfirmed (pending) are settled by re-reading at the next fix of this tenant.",
    );
  });

  it("leaves a tenant-page run alone while its attempt is alive, however long ago it started and whatever it left pending", async () => {
    const { tenantId, graph, deps, queue } = setup();
    const { runId } = await previewedRun(tenantId, graph, { displayName: "Busy Inc" });
    await confirmRun({ prisma: t.prisma, queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR });
    // Started ten minutes ago; its live job has just recorded a write (it is about to send it).
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await t.prisma.remediationRun.update({ where: { id: runId }, data: { status: "running", startedAt: longAgo } });
    const beat = new Date();
    await t.prisma.runTenant.updateMany({ where: { runId, tenantId }, data: { status: "running", attempts: 1, startedAt: longAgo, heartbeatAt: beat } });
    await recordPendingMfaFix(graph, runId, tenantId);
    const sent = sentFor(queue, runId).length; // confirm's
    // Swept 1 s after its last heartbeat (staleMs is 2 s here).
    await recoverRuns(deps, new Date(beat.getTime() + 1_000));
    // (The database is shared by this file's tests, so the sweep may re-send what earlier tests left: only this run counts.)
    expect(sentFor(queue, runId).slice(sent)).toEqual([]);
    expect(await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "running" });
    expect(await tenantRow(runId, tenantId)).toMatchObject({ status: "running", attempts: 1 });
    expect(await t.prisma.remediationChange.findMany({ where: { runId }, select: { result: true } })).toEqual([{ result: "pending" }]);
  });

  it("judges heartbeats by the database's clock, not a skewed worker's", async () => {
    const { tenantId, graph, deps, queue, opened } = setup();
    // A live attempt's fresh heartbeat (this machine's clock is the database's here).
    const { runId } = await runWithTenant(tenantId, graph, { status: "running", attempts: 1, heartbeatAt: new Date() });
    // A worker whose clock runs an hour ahead: by its clock the heartbeat is long dead.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 3_600_000);
    await recoverRuns(deps);
    expect(sentFor(queue, runId)).toEqual([]);
    expect(await runTenantJob(deps, { runId, tenantId })).toBe("not-mine");
    expect(opened()).toBe(0);
    expect(await tenantRow(runId, tenantId)).toMatchObject({ status: "running", attempts: 1 });
  });
});
