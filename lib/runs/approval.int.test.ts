// Four-eyes on a real database with an in-memory tenant: a confirmation that needs approval waits
// without a job; the requester cannot approve; the settings' wait and expiry hold; a second admin's
// approval queues exactly what was confirmed; a rejection or an expiry ends it with nothing written;
// and the job stops for a tenant its requester no longer has in scope.
import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { writePortalSettings } from "../db/queries/portal-settings";
import { useTestPrisma } from "../../testing/database";
import { useInMemoryTenants } from "../../testing/bulk/in-memory-tenant";
import { approveRun, rejectRun } from "./approval";
import { confirmRun } from "./confirm";
import { RunRefusal } from "./errors";
import { runPreviewView } from "./preview-view";
import { RUN_QUEUES } from "./queue";
import { recoverRuns } from "./recovery";
import { runView } from "./run-view";
import { runTenantJob } from "./tenant-job";

const RULES = { aboveTenants: 0, forPartner: true, expiryHours: 24, delaySeconds: 0 };

describe("approvals", () => {
  const t = useTestPrisma();
  const { setup, previewedRun } = useInMemoryTenants(t);
  const people = { requester: { id: "", upn: "tech@msp.example" }, first: { id: "", upn: "ada@msp.example" }, second: { id: "", upn: "bob@msp.example" } };

  beforeAll(async () => {
    const tenantId = randomUUID();
    for (const [key, role] of [
      ["requester", "operator"],
      ["first", "admin"],
      ["second", "admin"],
    ] as const) {
      const user = await t.prisma.portalUser.create({
        data: { tenantId, objectId: randomUUID(), upn: people[key].upn, displayName: people[key].upn, role },
      });
      people[key].id = user.id;
    }
  });
  afterEach(async () => {
    await writePortalSettings(t.prisma, { approval: RULES }, "admin@msp.example");
  });

  async function awaiting(rules = RULES) {
    await writePortalSettings(t.prisma, { approval: rules }, "admin@msp.example");
    const { tenantId, graph, queue, deps } = setup();
    const { runId } = await previewedRun(tenantId, graph, { requestedBy: people.requester });
    const confirmed = await confirmRun({ prisma: t.prisma, queue, runId, confirmedNeedsReview: [], ticket: "T-1", confirmedBy: people.requester });
    return { tenantId, graph, queue, deps, runId, confirmed };
  }

  async function refusal(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunRefusal);
    return (error as RunRefusal).message;
  }

  const runOf = (runId: string) => t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId } });

  it("holds a confirmed run that needs approval: no job, nothing written, the reason on the run and its view", async () => {
    const { runId, queue, graph, confirmed, tenantId } = await awaiting();
    expect(confirmed.awaitingApproval).toBe("It writes to 1 tenants; runs over more than 0 need a second person.");
    expect(queue.sent.filter((s) => s.queue === RUN_QUEUES.tenant)).toEqual([]);
    expect(await runOf(runId)).toMatchObject({ status: "awaiting_approval", confirmedByUpn: "tech@msp.example", ticket: "T-1" });
    expect(await t.prisma.runTenant.findUniqueOrThrow({ where: { runId_tenantId: { runId, tenantId } } })).toMatchObject({ status: "previewed" });
    expect(graph.patches()).toEqual([]);
    const view = await runView(t.prisma, runId);
    expect(view?.approval).toMatchObject({ reason: confirmed.awaitingApproval, decision: null });
    expect(view?.statusText).toBe("Awaiting approval");
    // The approver sees what was chosen to write: needs-review policies left unticked are not in it.
    const preview = await runPreviewView(t.prisma, runId);
    expect(preview?.tenants.map((x) => [x.tenantId, x.chosen])).toEqual([[tenantId, confirmed.items]]);
    expect(confirmed.items).toBe(preview!.tenants[0]!.toChange);
  });

  it("does not let the requester approve their own run", async () => {
    const { runId } = await awaiting();
    expect(await refusal(approveRun({ prisma: t.prisma, runId, approver: people.requester, note: null }))).toBe(
      "You asked for this run, so you cannot approve it: another admin must.",
    );
    expect((await runOf(runId)).status).toBe("awaiting_approval");
  });

  it("keeps Approve inactive for the settings' wait, then a second admin's approval queues and runs what was confirmed", async () => {
    const { runId, queue, deps, graph, tenantId } = await awaiting({ ...RULES, delaySeconds: 60 });
    expect(await refusal(approveRun({ prisma: t.prisma, queue, runId, approver: people.first, note: null }))).toMatch(
      /^Read the preview first: Approve becomes active in (59|60) seconds \(Settings\)\.$/,
    );
    const later = new Date(Date.now() + 61_000);
    expect(await approveRun({ prisma: t.prisma, queue, runId, approver: people.first, note: "checked with the customer", now: later })).toEqual({
      runId,
      tenants: 1,
    });
    expect(await runOf(runId)).toMatchObject({
      status: "queued",
      approvalDecision: "approved",
      approvedByUpn: "ada@msp.example",
      approvalNote: "checked with the customer",
    });
    const jobs = queue.sent.filter((s) => s.queue === RUN_QUEUES.tenant);
    expect(jobs.map((j) => j.job.data)).toEqual([{ runId, tenantId }]);
    // Approving twice is refused in words.
    expect(await refusal(approveRun({ prisma: t.prisma, queue, runId, approver: people.second, note: null }))).toBe(
      "This run is not waiting for approval (approved by ada@msp.example).",
    );
    expect(await runTenantJob(deps, { runId, tenantId })).toBe("succeeded");
    expect(graph.patches().length).toBeGreaterThan(0);
    expect((await runOf(runId)).status).toBe("succeeded");
  });

  it("refuses an approval that came too late, and the sweep ends unapproved runs", async () => {
    const { runId, queue, deps, graph } = await awaiting();
    expect(await refusal(approveRun({ prisma: t.prisma, queue, runId, approver: people.first, note: null, now: new Date(Date.now() + 25 * 3_600_000) }))).toBe(
      "This approval expired (not given within 24 hours); the run was cancelled. Preview again.",
    );
    expect(await runOf(runId)).toMatchObject({ status: "cancelled", approvalDecision: "expired" });

    const other = await awaiting({ ...RULES, expiryHours: 1 });
    await t.prisma.remediationRun.update({ where: { id: other.runId }, data: { approvalRequestedAt: new Date(Date.now() - 2 * 3_600_000) } });
    expect((await recoverRuns(deps)).approvalsExpired).toBe(1);
    expect(await runOf(other.runId)).toMatchObject({ status: "cancelled", error: "Not approved within 1 hours; nothing was written. Preview again." });
    expect(graph.patches()).toEqual([]);
    expect(queue.sent.filter((s) => s.queue === RUN_QUEUES.tenant)).toEqual([]);
  });

  it("ends a rejected run with the approver's reason, nothing written", async () => {
    const { runId, graph } = await awaiting();
    await rejectRun({ prisma: t.prisma, runId, approver: people.second, note: "wrong customer" });
    expect(await runOf(runId)).toMatchObject({
      status: "cancelled",
      approvalDecision: "rejected",
      approvedByUpn: "bob@msp.example",
      error: "Rejected by bob@msp.example: wrong customer; nothing was written.",
    });
    expect(graph.patches()).toEqual([]);
  });

  it("does not hold a run at or under the threshold", async () => {
    const { confirmed, queue } = await awaiting({ ...RULES, aboveTenants: 5 });
    expect(confirmed.awaitingApproval).toBeNull();
    expect(queue.sent.filter((s) => s.queue === RUN_QUEUES.tenant)).toHaveLength(1);
  });

  it("stops a tenant whose requester lost it from their scope between approval and the job", async () => {
    const { runId, queue, deps, graph, tenantId } = await awaiting();
    await approveRun({ prisma: t.prisma, queue, runId, approver: people.first, note: null });
    await t.prisma.portalUser.update({ where: { id: people.requester.id }, data: { allTenants: false } });
    try {
      expect(await runTenantJob(deps, { runId, tenantId })).toBe("failed");
    } finally {
      await t.prisma.portalUser.update({ where: { id: people.requester.id }, data: { allTenants: true } });
    }
    expect(await t.prisma.runTenant.findUniqueOrThrow({ where: { runId_tenantId: { runId, tenantId } } })).toMatchObject({
      status: "failed",
      error: "Not done: this tenant is no longer in the tenant scope of tech@msp.example, who asked for this run (now no tenants (no tenant group assigned)).",
    });
    expect(graph.patches()).toEqual([]);
  });
});
