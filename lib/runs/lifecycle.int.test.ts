// A run's status machine end to end on a real database with an in-memory tenant:
// previewing -> previewed -> queued -> running -> succeeded | partly_failed | failed | cancelled,
// confirm's refusals, the ticket, the job's re-checks, the sweep's expiry, "retry failed", and the
// history trigger that freezes an ended run.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { writePortalSettings } from "../db/queries/portal-settings";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { recordFinished, finishPending } from "../remediation/history";
import { useTestPrisma } from "../../testing/database";
import { OPERATOR, TARGET, TENANT_FIX_OPTIONS, useInMemoryTenants } from "../../testing/bulk/in-memory-tenant";
import { FakeTenantGraph } from "../../testing/remediation/fake-tenant-graph";
import { ID, PARTNER, samplePolicies } from "../../testing/remediation/policies";
import { cancelRun } from "./cancel";
import { confirmRun } from "./confirm";
import { RunRefusal, RunStateError } from "./errors";
import { endRun } from "./finish-run";
import { runPreviewTenant } from "./preview-job";
import { runPreviewView } from "./preview-view";
import { RUN_QUEUES } from "./queue";
import { recoverRuns } from "./recovery";
import { retryFailedTenants } from "./retry-failed";
import { runCsv, runView } from "./run-view";
import { startPreview } from "./start-preview";
import { runTenantJob } from "./tenant-job";

const CONFIRMER = { id: null, upn: "confirmer@msp.example" };
const MFA_ALL_PATH = `/identity/conditionalAccess/policies/${ID.mfaAll}`;

describe("the run service's lifecycle, with an in-memory tenant", () => {
  const t = useTestPrisma();
  const { setup, previewedRun } = useInMemoryTenants(t);

  describe("a run's status machine", () => {
    afterEach(async () => {
      await writePortalSettings(t.prisma, { ticketRequired: false }, "admin@msp.example");
    });

    const runOf = (runId: string) => t.prisma.remediationRun.findUniqueOrThrow({ where: { id: runId } });
    const tenantOf = (runId: string, tenantId: string) => t.prisma.runTenant.findUniqueOrThrow({ where: { runId_tenantId: { runId, tenantId } } });
    const tenantJobs = (queue: { sent: { queue: string; job: { data: unknown } }[] }) => queue.sent.filter((s) => s.queue === RUN_QUEUES.tenant);

    /** Confirms with nothing ticked and no ticket unless given. */
    const confirm = (queue: Parameters<typeof confirmRun>[0]["queue"], runId: string, more: Partial<Parameters<typeof confirmRun>[0]> = {}) =>
      confirmRun({ prisma: t.prisma, queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: CONFIRMER, ...more });

    /** The refusal a promise rejects with (it must be a RunRefusal). */
    async function refusal(promise: Promise<unknown>): Promise<RunRefusal> {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RunRefusal);
      return error as RunRefusal;
    }

    it("goes previewed -> queued -> running -> succeeded for one tenant, writing only what was confirmed", async () => {
      const { tenantId, graph, queue, deps } = setup();
      const { runId, preview } = await previewedRun(tenantId, graph);

      expect(await runOf(runId)).toMatchObject({ status: "previewed", kind: "tenant-fix", action: TARGET.action, target: TARGET, confirmedAt: null });
      // Enabled and report-only policies: one to change, one needing review, two with nothing to do.
      expect(await tenantOf(runId, tenantId)).toMatchObject({ status: "previewed", toChange: 1, needsReview: 1, toSkip: 2, readAttempts: 1, items: null });
      expect(await runPreviewView(t.prisma, runId)).toMatchObject({
        status: "previewed",
        progress: { done: 1, total: 1 },
        totals: { tenants: 1, policiesToChange: 1, policiesNeedingReview: 1, policiesToSkip: 2, unreachableTenants: 0 },
        confirmed: false,
      });

      const confirmed = await confirm(queue, runId);
      expect(confirmed).toEqual({ runId, awaitingApproval: null, tenants: 1, items: 1 });
      const queuedRun = await runOf(runId);
      expect(queuedRun).toMatchObject({ status: "queued", confirmedByUpn: CONFIRMER.upn, ticket: null, startedAt: null });
      expect(queuedRun.confirmedAt).not.toBeNull();
      const mfa = preview.policies.find((p) => p.policyId === ID.mfaAll)!;
      expect(await tenantOf(runId, tenantId)).toMatchObject({
        status: "queued",
        items: [{ policyId: ID.mfaAll, expectedFingerprint: mfa.fingerprint, confirmedNeedsReview: false }],
      });
      expect(queue.sent).toEqual([{ queue: RUN_QUEUES.tenant, job: { data: { runId, tenantId }, priority: 1 } }]);
      expect(graph.patches()).toEqual([]);

      // While the PATCH is in flight, the run and its tenant are running.
      const during: string[] = [];
      graph.onPatch = async () => {
        during.push((await runOf(runId)).status, (await tenantOf(runId, tenantId)).status);
      };
      expect(await runTenantJob(deps, queue.sent[0]!.job.data)).toBe("succeeded");
      expect(during).toEqual(["running", "running"]);

      const ended = await runOf(runId);
      expect(ended).toMatchObject({ status: "succeeded", error: null });
      expect(ended.startedAt).not.toBeNull();
      expect(ended.finishedAt).not.toBeNull();
      expect(await tenantOf(runId, tenantId)).toMatchObject({ status: "succeeded", applied: 1, failed: 0, pending: 0, attempts: 1, error: null });
      expect(graph.patches().map((p) => p.policyId)).toEqual([ID.mfaAll]);
      const view = await runView(t.prisma, runId);
      expect(view).toMatchObject({ status: "succeeded", statusText: "Succeeded", ended: true, summary: null, estimatedSecondsLeft: null });
      expect(view!.changes!.map((c) => [c.policyId, c.result, c.request])).toEqual([[ID.mfaAll, "applied", `PATCH ${MFA_ALL_PATH}`]]);
    });

    it("reads many tenants while previewing, refuses to confirm until all are read, and marks tenants with nothing to write unchanged", async () => {
      const { tenantId, graph, queue, deps } = setup();
      // A second tenant whose only policy already excludes the MSP: nothing to write there.
      const quietId = randomUUID();
      const quiet = new FakeTenantGraph(
        quietId,
        samplePolicies().filter((p) => p.id === ID.excluded),
      );
      const graphs = new Map<string, FakeTenantGraph>([
        [tenantId, graph],
        [quietId, quiet],
      ]);
      deps.openTenant = async (id) => graphs.get(id)!;
      await t.prisma.customerTenant.createMany({
        data: [
          { id: tenantId, displayName: "Busy Ltd" },
          { id: quietId, displayName: "Quiet Ltd" },
        ],
      });
      const start = { prisma: t.prisma, queue, kind: "bulk-fix" as const, target: TARGET, options: TENANT_FIX_OPTIONS, requestedBy: OPERATOR };
      expect((await refusal(startPreview({ ...start, tenantIds: [tenantId, randomUUID()] }))).code).toBe("not-found");
      expect(queue.sent).toEqual([]);

      const runId = await startPreview({ ...start, tenantIds: [tenantId, quietId] });
      expect(await runOf(runId)).toMatchObject({ status: "previewing" });
      expect((await t.prisma.runTenant.findMany({ where: { runId } })).map((r) => r.status)).toEqual(["reading", "reading"]);
      const reads = queue.sent.filter((s) => s.queue === RUN_QUEUES.previewTenant).map((s) => s.job.data);
      expect(reads).toHaveLength(2);

      expect(await runPreviewTenant(deps, { runId, tenantId })).toBe("previewed");
      expect(await runOf(runId)).toMatchObject({ status: "previewing" });
      const early = await refusal(confirm(queue, runId));
      expect([early.code, early.message]).toEqual(["conflict", "The preview is still reading its tenants; confirm it once it is complete."]);

      expect(await runPreviewTenant(deps, { runId, tenantId: quietId })).toBe("previewed");
      expect(await runOf(runId)).toMatchObject({ status: "previewed" });
      expect(await runPreviewView(t.prisma, runId)).toMatchObject({ progress: { done: 2, total: 2 }, totals: { tenants: 2, policiesToChange: 1 } });

      expect(await confirm(queue, runId)).toEqual({ runId, awaitingApproval: null, tenants: 1, items: 1 });
      expect(await tenantOf(runId, tenantId)).toMatchObject({ status: "queued" });
      const unchanged = await tenantOf(runId, quietId);
      expect(unchanged).toMatchObject({ status: "unchanged", items: null });
      expect(unchanged.finishedAt).not.toBeNull();
      expect(tenantJobs(queue).map((s) => s.job.data)).toEqual([{ runId, tenantId }]);

      expect(await runTenantJob(deps, { runId, tenantId })).toBe("succeeded");
      expect(await runOf(runId)).toMatchObject({ status: "succeeded", error: null });
      // The unchanged tenant is not part of the run that followed, and was never written.
      expect((await runView(t.prisma, runId))!.tenants.map((x) => [x.displayName, x.status])).toEqual([["Busy Ltd", "succeeded"]]);
      expect(quiet.patches()).toEqual([]);
    });

    it("ends partly_failed when one policy fails with a 4xx after another was applied", async () => {
      const { tenantId, graph, queue, deps } = setup();
      const { runId } = await previewedRun(tenantId, graph);
      // The needs-review policy, ticked, is the second write; Graph refuses it.
      const refused = new GraphFailure("conflict", "Graph refused the change as invalid for this policy.", { status: 400, code: "BadRequest" });
      graph.failNext("patchPolicy", refused, { policyId: ID.targetsPartner });
      expect(await confirm(queue, runId, { confirmedNeedsReview: [{ tenantId, policyId: ID.targetsPartner }] })).toMatchObject({ items: 2 });

      expect(await runTenantJob(deps, { runId, tenantId })).toBe("failed");
      const error = "1 policy failed; first: MFA for our MSP: Graph refused the change as invalid for this policy. (Graph: HTTP 400, BadRequest)";
      expect(await tenantOf(runId, tenantId)).toMatchObject({ status: "failed", applied: 1, failed: 1, attempts: 1, error });
      expect(await runOf(runId)).toMatchObject({ status: "partly_failed", error });
      // Both PATCHes were sent; the refused one changed nothing.
      expect(graph.patches().map((p) => p.policyId)).toEqual([ID.mfaAll, ID.targetsPartner]);
      expect((graph.policy(ID.targetsPartner).conditions as { users: Record<string, unknown> }).users.excludeGuestsOrExternalUsers).toBeNull();
      expect((await runView(t.prisma, runId))!.statusText).toBe("Partly failed");
    });

    it("ends failed when nothing was applied", async () => {
      const { tenantId, graph, queue, deps } = setup();
      const { runId } = await previewedRun(tenantId, graph);
      const readOnly = new GraphFailure("missing-role", "The MSP's access to this tenant is read-only.", { status: 403, code: "Authorization_RequestDenied" });
      graph.failNext("patchPolicy", readOnly, { policyId: ID.mfaAll });
      await confirm(queue, runId);

      expect(await runTenantJob(deps, { runId, tenantId })).toBe("failed");
      const error =
        "1 policy failed; first: Require MFA for all users: The MSP's access to this tenant is read-only. (Graph: HTTP 403, Authorization_RequestDenied)";
      expect(await tenantOf(runId, tenantId)).toMatchObject({ status: "failed", applied: 0, failed: 1, error });
      expect(await runOf(runId)).toMatchObject({ status: "failed", error });
    });

    describe("confirm refuses", () => {
      it("a preview already confirmed, and lets exactly one of two confirms at once win", async () => {
        const { tenantId, graph, queue } = setup();
        const { runId } = await previewedRun(tenantId, graph);
        const results = await Promise.allSettled([
          confirm(queue, runId, { confirmedBy: { id: null, upn: "first@msp.example" } }),
          confirm(queue, runId, { confirmedBy: { id: null, upn: "second@msp.example" } }),
        ]);
        const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
        expect(won).toHaveLength(1);
        const lost = results.find((r) => r.status === "rejected")!.reason as unknown;
        expect(lost).toBeInstanceOf(RunRefusal);
        expect((lost as RunRefusal).code).toBe("conflict");
        expect(await runOf(runId)).toMatchObject({ status: "queued", confirmedByUpn: won[0] === 0 ? "first@msp.example" : "second@msp.example" });
        expect(tenantJobs(queue)).toHaveLength(1);

        const again = await refusal(confirm(queue, runId));
        expect([again.code, again.message]).toEqual(["conflict", "This preview was already confirmed; preview again to change anything."]);
        expect(tenantJobs(queue)).toHaveLength(1);
      });

      it("a preview older than its time to live, which the sweep then ends cancelled", async () => {
        const { tenantId, graph, queue, deps } = setup();
        const { runId } = await previewedRun(tenantId, graph);
        const createdAt = (await runOf(runId)).createdAt.getTime();
        while (Date.now() <= createdAt + 5) await new Promise((resolve) => setTimeout(resolve, 5));
        const expired = await refusal(confirm(queue, runId, { timing: { previewTtlMs: 5 } }));
        expect(expired.code).toBe("conflict");
        expect(expired.message).toMatch(/^This preview is older than \d+ hours and the tenants may have changed since; preview again\.$/);
        expect(await runOf(runId)).toMatchObject({ status: "previewed" });

        // The sweep leaves a preview younger than 24 hours alone, and ends it once it is older.
        await recoverRuns(deps);
        expect(await runOf(runId)).toMatchObject({ status: "previewed" });
        await recoverRuns(deps, new Date(createdAt + 24 * 60 * 60_000 + 1_000));
        const ended = await runOf(runId);
        expect(ended).toMatchObject({ status: "cancelled", error: "Not confirmed within 24 hours of its preview; nothing was written." });
        expect(ended.finishedAt).not.toBeNull();
        const late = await refusal(confirm(queue, runId));
        expect([late.code, late.message]).toEqual(["conflict", "This preview was already discarded; preview again to change anything."]);
        // (The sweep may re-send other tests' rows on this queue: the database is shared.)
        expect(queue.sent.filter((s) => (s.job.data as { runId: string }).runId === runId)).toEqual([]);
        expect(graph.patches()).toEqual([]);
      });

      it("a preview with nothing to write", async () => {
        const { tenantId, queue } = setup();
        // Already excluded, not applicable, and a needs-review policy nobody ticked.
        const graph = new FakeTenantGraph(
          tenantId,
          samplePolicies().filter((p) => p.id !== ID.mfaAll),
        );
        const { runId } = await previewedRun(tenantId, graph);
        const nothing = await refusal(confirm(queue, runId));
        expect([nothing.code, nothing.message]).toEqual(["conflict", "Nothing to change: no previewed policy has a request to send."]);
        expect(await runOf(runId)).toMatchObject({ status: "previewed" });
        expect(queue.sent).toEqual([]);
      });

      it("a needs-review tick the preview did not offer, or on a policy that is not a needs-review one", async () => {
        const { tenantId, graph, queue } = setup();
        const { runId: notOffered } = await previewedRun(tenantId, graph, {
          kind: "bulk-fix",
          options: { scope: { states: "enabled" }, offerNeedsReview: false },
        });
        const offered = await refusal(confirm(queue, notOffered, { confirmedNeedsReview: [{ tenantId, policyId: ID.targetsPartner }] }));
        expect([offered.code, offered.message]).toEqual([
          "invalid",
          "This preview did not offer needs-review policies; preview again with that option to confirm them.",
        ]);

        const { runId } = await previewedRun(tenantId, graph);
        const notReview = await refusal(confirm(queue, runId, { confirmedNeedsReview: [{ tenantId, policyId: ID.mfaAll }] }));
        expect([notReview.code, notReview.message]).toEqual([
          "invalid",
          `Policy ${ID.mfaAll} of tenant ${tenantId} is not a needs-review policy of this preview, so it cannot be confirmed.`,
        ]);
        const otherTenant = await refusal(confirm(queue, runId, { confirmedNeedsReview: [{ tenantId: randomUUID(), policyId: ID.targetsPartner }] }));
        expect(otherTenant.code).toBe("invalid");
        expect((await t.prisma.remediationRun.findMany({ where: { id: { in: [notOffered, runId] } } })).map((r) => r.status)).toEqual([
          "previewed",
          "previewed",
        ]);
        expect(queue.sent).toEqual([]);
      });

      it("a confirmation without the ticket Settings require; a given ticket is stored on the run and in its CSV", async () => {
        const { tenantId, graph, queue, deps } = setup();
        await writePortalSettings(t.prisma, { ticketRequired: true }, "admin@msp.example");
        const { runId } = await previewedRun(tenantId, graph);
        expect(await runPreviewView(t.prisma, runId)).toMatchObject({ ticketRequired: true });
        for (const ticket of [null, "   "]) {
          const missing = await refusal(confirm(queue, runId, { ticket }));
          expect([missing.code, missing.message]).toEqual([
            "invalid",
            "A ticket reference is required for every change (Settings); enter the ticket this change belongs to.",
          ]);
        }
        expect(await runOf(runId)).toMatchObject({ status: "previewed", ticket: null });
        expect(queue.sent).toEqual([]);

        await confirm(queue, runId, { ticket: " PSA-4711 " });
        expect(await runOf(runId)).toMatchObject({ status: "queued", ticket: "PSA-4711" });
        expect(await runTenantJob(deps, { runId, tenantId })).toBe("succeeded");
        expect(await runView(t.prisma, runId)).toMatchObject({ ticket: "PSA-4711" });
        const [header, ...lines] = (await runCsv(t.prisma, runId))!.trimEnd().split("\r\n");
        expect(header!.split(",").at(-1)).toBe("ticket");
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^Tenant ${tenantId.slice(0, 4)},${tenantId},Require MFA for all users,${ID.mfaAll},applied,.*,PSA-4711$`));
      });
    });

    it("discards a previewed run on cancel: cancelled, nothing written, and it cannot be confirmed after", async () => {
      const { tenantId, graph, queue } = setup();
      const { runId } = await previewedRun(tenantId, graph);
      const calls = graph.calls.length;
      const result = await cancelRun({ prisma: t.prisma, runId, by: OPERATOR.upn });
      expect(result).toMatchObject({ notDone: [], writesInFlight: 0, note: null });
      const run = await runOf(runId);
      expect(run).toMatchObject({
        status: "cancelled",
        cancelRequestedByUpn: OPERATOR.upn,
        error: `Discarded by ${OPERATOR.upn} before it was confirmed; nothing was written.`,
      });
      expect(run.finishedAt).not.toBeNull();
      expect((await refusal(confirm(queue, runId))).message).toBe("This preview was already discarded; preview again to change anything.");
      // Cancelling again answers again, changing nothing.
      expect(await cancelRun({ prisma: t.prisma, runId, by: "someone@msp.example" })).toMatchObject({ notDone: [], writesInFlight: 0 });
      expect(await runOf(runId)).toMatchObject({ status: "cancelled", cancelRequestedByUpn: OPERATOR.upn });
      expect(graph.calls).toHaveLength(calls);
      expect(await t.prisma.remediationChange.count({ where: { runId } })).toBe(0);
      expect(queue.sent).toEqual([]);
    });

    describe("the job checks again before it writes", () => {
      it("fails the tenant without a Graph call when the person who asked can no longer sign in or lost the operator role", async () => {
        const { tenantId, graph, queue, deps, opened } = setup();
        const user = await t.prisma.portalUser.create({
          data: { tenantId: PARTNER, objectId: randomUUID(), upn: `op-${tenantId.slice(0, 4)}@msp.example`, displayName: "Otto Operator", role: "operator" },
        });
        // The preview reads its own copy of the tenant, so `graph` witnesses only the job.
        const previewGraph = new FakeTenantGraph(tenantId, samplePolicies());
        const requestedBy = { id: user.id, upn: user.upn };
        const { runId: disabledRun } = await previewedRun(tenantId, previewGraph, { requestedBy });
        const { runId: demotedRun } = await previewedRun(tenantId, previewGraph, { requestedBy });
        await confirm(queue, disabledRun);
        await confirm(queue, demotedRun);

        await t.prisma.portalUser.update({ where: { id: user.id }, data: { disabled: true } });
        expect(await runTenantJob(deps, { runId: disabledRun, tenantId })).toBe("failed");
        const cannotSignIn = `Not done: ${user.upn}, who asked for this run, can no longer sign in to the portal.`;
        expect(await tenantOf(disabledRun, tenantId)).toMatchObject({ status: "failed", error: cannotSignIn, applied: 0 });
        expect(await runOf(disabledRun)).toMatchObject({ status: "failed", error: cannotSignIn });

        await t.prisma.portalUser.update({ where: { id: user.id }, data: { disabled: false, role: "reader" } });
        expect(await runTenantJob(deps, { runId: demotedRun, tenantId })).toBe("failed");
        expect(await tenantOf(demotedRun, tenantId)).toMatchObject({
          status: "failed",
          error: `Not done: ${user.upn}, who asked for this run, no longer holds the operator role.`,
        });

        expect(graph.calls).toEqual([]);
        expect(opened()).toBe(0);
        expect(await t.prisma.remediationChange.count({ where: { runId: { in: [disabledRun, demotedRun] } } })).toBe(0);
      });

      it("fails the tenant without a Graph call when the MSP's tenant id changed since the preview", async () => {
        const { tenantId, graph, queue, deps, opened } = setup();
        // The preview reads its own copy of the tenant, so `graph` witnesses only the job.
        const { runId } = await previewedRun(tenantId, new FakeTenantGraph(tenantId, samplePolicies()));
        await confirm(queue, runId);
        const moved = randomUUID();
        expect(await runTenantJob({ ...deps, partnerTenantId: moved }, { runId, tenantId })).toBe("failed");
        const error = `Not done: the MSP's tenant id is now ${moved}, not the ${PARTNER} this run was previewed for; preview again.`;
        expect(await tenantOf(runId, tenantId)).toMatchObject({ status: "failed", error });
        expect(await runOf(runId)).toMatchObject({ status: "failed", error });
        expect(graph.calls).toEqual([]);
        expect(opened()).toBe(0);
      });
    });

    it("retries the failed tenant of a single-tenant run as a new preview with the same kind and options", async () => {
      const { tenantId, graph, queue, deps } = setup();
      const options = { scope: { policyIds: [ID.mfaAll] }, offerNeedsReview: true };
      const { runId } = await previewedRun(tenantId, graph, { kind: "policy-fix", options });
      const retryInput = { prisma: t.prisma, queue, runId, requestedBy: { id: null, upn: "retrier@msp.example" }, partnerTenantId: PARTNER };
      expect((await refusal(retryFailedTenants(retryInput))).message).toBe("The run has not ended yet; retry its failed tenants once it has.");

      graph.failNext("patchPolicy", new GraphFailure("missing-role", "The MSP's access to this tenant is read-only.", { status: 403 }));
      await confirm(queue, runId);
      expect(await runTenantJob(deps, { runId, tenantId })).toBe("failed");
      expect(await runOf(runId)).toMatchObject({ status: "failed" });

      const retryId = await retryFailedTenants(retryInput);
      expect(retryId).not.toBe(runId);
      expect(await runOf(retryId)).toMatchObject({
        status: "previewing",
        kind: "policy-fix",
        action: TARGET.action,
        target: TARGET,
        options,
        retryOfId: runId,
        requestedByUpn: "retrier@msp.example",
      });
      expect((await t.prisma.runTenant.findMany({ where: { runId: retryId } })).map((r) => [r.tenantId, r.status])).toEqual([[tenantId, "reading"]]);
      const read = queue.sent.filter((s) => s.queue === RUN_QUEUES.previewTenant);
      expect(read.map((s) => s.job.data)).toEqual([{ runId: retryId, tenantId }]);
      expect(await runPreviewTenant(deps, read[0]!.job.data)).toBe("previewed");
      expect(await runPreviewView(t.prisma, retryId)).toMatchObject({ status: "previewed", totals: { tenants: 1, policiesToChange: 1 } });
      // Only the policy the original run covered was read into the retry's preview.
      const stored = (await tenantOf(retryId, tenantId)).preview as { policies: { policyId: string }[] };
      expect(stored.policies.map((p) => p.policyId)).toEqual([ID.mfaAll]);

      // A run whose tenants all succeeded has nothing to retry.
      const { runId: fine } = await previewedRun(tenantId, new FakeTenantGraph(tenantId, samplePolicies()));
      await confirm(queue, fine);
      expect(await runTenantJob({ ...deps, openTenant: async () => new FakeTenantGraph(tenantId, samplePolicies()) }, { runId: fine, tenantId })).toBe(
        "succeeded",
      );
      expect((await refusal(retryFailedTenants({ ...retryInput, runId: fine }))).message).toBe("No tenant failed in this run, so there is nothing to retry.");
    });

    it("freezes an ended run: the history trigger refuses any update or delete, and the service refuses to move it", async () => {
      const { tenantId, graph, queue, deps } = setup();
      const { runId: succeeded } = await previewedRun(tenantId, graph);
      await confirm(queue, succeeded);
      expect(await runTenantJob(deps, { runId: succeeded, tenantId })).toBe("succeeded");

      const second = new FakeTenantGraph(tenantId, samplePolicies());
      const { runId: partly } = await previewedRun(tenantId, second);
      second.failNext("patchPolicy", new GraphFailure("conflict", "Refused.", { status: 400 }), { policyId: ID.targetsPartner });
      await confirm(queue, partly, { confirmedNeedsReview: [{ tenantId, policyId: ID.targetsPartner }] });
      expect(await runTenantJob({ ...deps, openTenant: async () => second }, { runId: partly, tenantId })).toBe("failed");

      for (const [runId, status] of [
        [succeeded, "succeeded"],
        [partly, "partly_failed"],
      ] as const) {
        expect(await runOf(runId)).toMatchObject({ status });
        await expect(t.prisma.remediationRun.update({ where: { id: runId }, data: { status: "running" } })).rejects.toThrow(
          new RegExp(`history is append-only: run ${runId} has ended \\(${status}\\)`),
        );
        await expect(t.prisma.remediationRun.update({ where: { id: runId }, data: { error: "rewritten" } })).rejects.toThrow(/has ended/);
        await expect(t.prisma.remediationRun.delete({ where: { id: runId } })).rejects.toThrow(/append-only/);
        await expect(endRun(t.prisma, runId, "failed", "again")).rejects.toThrow(RunStateError);
        const cancel = await refusal(cancelRun({ prisma: t.prisma, runId, by: OPERATOR.upn }));
        expect([cancel.code, cancel.message]).toEqual(["conflict", `The run has ended (${status}); there is nothing to cancel.`]);
        expect(await runOf(runId)).toMatchObject({ status, cancelRequestedAt: null });
      }
      await expect(t.prisma.$executeRawUnsafe(`truncate "RemediationRun" cascade`)).rejects.toThrow(/append-only/);
      await expect(endRun(t.prisma, randomUUID(), "failed")).rejects.toThrow(/does not exist/);
    });
  });

  describe("history written by the engine", () => {
    it("cannot be rewritten or deleted once finished", async () => {
      const { tenantId, graph, queue, deps } = setup();
      const { runId } = await previewedRun(tenantId, graph);
      await confirmRun({ prisma: t.prisma, queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR });
      expect(await runTenantJob(deps, { runId, tenantId })).toBe("succeeded");
      const rows = await t.prisma.remediationChange.findMany({ where: { runId } });
      expect(rows.map((r) => [r.policyId, r.result])).toEqual([[ID.mfaAll, "applied"]]);
      const applied = rows[0]!;

      await expect(t.prisma.remediationChange.update({ where: { id: applied.id }, data: { result: "failed" } })).rejects.toThrow(/already finished/);
      await expect(t.prisma.remediationChange.update({ where: { id: applied.id }, data: { after: { forged: true } } })).rejects.toThrow(/already finished/);
      await expect(t.prisma.remediationChange.delete({ where: { id: applied.id } })).rejects.toThrow(/append-only/);
      expect(await finishPending(t.prisma, applied.id, { result: "failed", error: "rewrite" })).toBe(false);
      await expect(t.prisma.$executeRawUnsafe(`truncate "RemediationChange"`)).rejects.toThrow(/append-only/);
      const row = await t.prisma.remediationChange.findUniqueOrThrow({ where: { id: applied.id } });
      expect(row).toMatchObject({ result: "applied", error: null, graphStatus: 204 });
      expect(row.after).toEqual(graph.policy(ID.mfaAll));
    });

    it("lets a skipped decision be recorded only as a new finished row", async () => {
      const { tenantId, graph } = setup();
      const { runId } = await previewedRun(tenantId, graph);
      const id = await recordFinished(
        t.prisma,
        {
          runId,
          tenantId,
          policyId: "p",
          policyName: "P",
          action: "exclude-service-provider",
          plannedOutcome: "not-applicable",
          reason: "r",
          warnings: [],
          before: { a: 1 },
          request: null,
        },
        { result: "skipped" },
      );
      const row = await t.prisma.remediationChange.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ result: "skipped", requestBody: null, requestMethod: null, before: { a: 1 } });
      expect(row.finishedAt).not.toBeNull();
      await expect(t.prisma.remediationChange.update({ where: { id }, data: { reason: "other" } })).rejects.toThrow(/already finished/);
    });
  });
});
