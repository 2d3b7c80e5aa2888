// Undoing a bulk run through the run service on the local cloud: every policy still as the run left
// it is restored to its recorded "before"; one a customer's admin changed since is left alone and
// shown "changed since"; both runs link to each other.
import { describe, expect, it } from "vitest";
import { ENABLED_ONLY, OPERATOR, previewFleet, useBulkStack, waitFor } from "../../testing/bulk/local-stack";
import { confirmRun } from "./confirm";
import { runPreviewView, tenantPreviewView } from "./preview-view";
import { rollbackPlan, startRollback } from "./rollback";
import { runView } from "./run-view";

const FAST = { heartbeatMs: 200, staleMs: 3_000, queuedCheckMs: 2_000, retryDelayMs: 300, lockWaitMs: 5_000 };

type Users = { excludeGuestsOrExternalUsers: unknown };
const usersOf = (p: unknown) => (p as { conditions: { users: Users } }).conditions.users;

describe("undo a bulk run", () => {
  const stack = useBulkStack({ tenants: 10, seed: 4, timeScale: 0.02, exclude: ["large"] });

  it("restores every policy still as the run left it, skips the one changed since, and links both runs", async () => {
    const { prisma, queue, em } = stack;
    await stack.startInProcessWorker({ concurrency: 4, timing: FAST });
    const { runId } = await previewFleet(stack, ENABLED_ONLY);
    await confirmRun({ prisma, queue, runId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR, timing: FAST });
    const fixed = await waitFor(
      "the fix",
      () => runView(prisma, runId),
      (v) => v?.ended === true,
      90_000,
    );
    expect(fixed!.status).toBe("succeeded");
    const applied = await prisma.remediationChange.findMany({ where: { runId, result: "applied" }, select: { tenantId: true, policyId: true, before: true } });
    expect(applied.length).toBeGreaterThan(2);

    // A customer's admin renames one fixed policy after the run.
    const [touched, ...untouched] = applied;
    const livePolicy = (tenantId: string, policyId: string) =>
      em.fleet.content(em.fleet.tenantById(tenantId)!).policies.get(policyId) as Record<string, unknown>;
    livePolicy(touched!.tenantId, touched!.policyId!).displayName = "Renamed by the customer's admin";

    const plan = await rollbackPlan(prisma, runId, stack.settings.partnerTenantId);
    expect(Object.keys(plan.target.restores).sort()).toEqual(applied.map((a) => a.policyId).sort());
    expect(Object.values(plan.target.restores)[0]!.paths).toEqual(["conditions.users.excludeGuestsOrExternalUsers"]);
    const undoId = await startRollback({ prisma, queue, plan, requestedBy: OPERATOR });
    const preview = await waitFor(
      "the undo's preview",
      () => runPreviewView(prisma, undoId),
      (v) => v?.status === "previewed",
    );
    expect(preview!.kind).toBe("rollback");
    const tenantView = await tenantPreviewView(prisma, undoId, touched!.tenantId);
    const shown = tenantView!.policies.find((p) => p.policyId === touched!.policyId)!;
    expect(shown).toMatchObject({ outcome: "changed-since", request: null });
    expect(preview!.totals.policiesToChange).toBe(untouched.length);

    await confirmRun({ prisma, queue, runId: undoId, confirmedNeedsReview: [], ticket: null, confirmedBy: OPERATOR, timing: FAST });
    const undone = await waitFor(
      "the undo",
      () => runView(prisma, undoId),
      (v) => v?.ended === true,
      90_000,
    );
    expect(undone).toMatchObject({ status: "succeeded", undoesRunId: runId });
    expect(undone!.policies.applied).toBe(untouched.length);
    for (const a of untouched)
      expect(usersOf(livePolicy(a.tenantId, a.policyId!)).excludeGuestsOrExternalUsers).toEqual(usersOf(a.before).excludeGuestsOrExternalUsers);
    // The changed one keeps the customer's name and the run's exclusion: nothing of it was overwritten.
    const kept = livePolicy(touched!.tenantId, touched!.policyId!);
    expect(kept.displayName).toBe("Renamed by the customer's admin");
    expect(usersOf(kept).excludeGuestsOrExternalUsers).not.toBeNull();
    expect((await runView(prisma, runId))!.undoneBy).toEqual([{ runId: undoId, status: "succeeded" }]);
  });
});
