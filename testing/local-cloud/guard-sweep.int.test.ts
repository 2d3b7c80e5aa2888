// The guard's sweep against the local cloud: two workers, each with the schedule, real lib/graph
// (GDAP tokens of the connected automation account, the shared pace), the fleet's first 16 tenants
// (one per scenario). A customer's admin removes the MSP's exclusion, adds a policy, deletes one,
// and a GDAP relationship ends; the next sweep records exactly those events, reads each tenant's
// policies once (the emulator's request log is the witness), and sweeps never overlap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorFetch } from "@/emulator/testing/clients";
import { assessServiceProvider } from "@/lib/ca";
import type { GuardSweep } from "@/lib/db/generated/client";
import { guardJobHandlers, sweepQueue } from "@/lib/guard/jobs";
import { startGuardSchedule, type GuardSchedule } from "@/lib/guard/schedule";
import { partnerGraph } from "@/lib/graph/partner-graph-client";
import { tenantGraph } from "@/lib/graph/tenant-graph-client";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import type { SyncDeps } from "@/lib/sync/sync";
import { useBulkStack, waitFor } from "../bulk/local-stack";

const INTERVAL_MS = 3_000;
const CA = "/identity/conditionalAccess";

describe("the guard's sweep", () => {
  const stack = useBulkStack({ tenants: 16, timeScale: 0.05 });
  const workers: RunningWorker[] = [];
  const schedules: GuardSchedule[] = [];
  const errors: unknown[] = [];

  const syncDeps = (): SyncDeps => ({
    prisma: stack.prisma,
    partnerTenantId: stack.settings.partnerTenantId,
    partner: () => partnerGraph({ settings: stack.settings }),
    openTenant: (id) => tenantGraph(id, { settings: stack.settings }),
  });
  const tenantOf = (scenario: string) => stack.tenants.find((t) => t.scenario === scenario)!;
  const finishedSweeps = () => stack.prisma.guardSweep.findMany({ where: { finishedAt: { not: null } }, orderBy: { startedAt: "asc" } });
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await emulatorFetch(stack.em, path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
    });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return res.status === 204 ? null : ((await res.json()) as Record<string, unknown>);
  };

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      workers.push(await startWorker(stack.databaseUrl, () => guardJobHandlers(async () => syncDeps(), 10)));
      schedules.push(
        startGuardSchedule(async () => ({ ...syncDeps(), enqueue: sweepQueue(stack.boss) }), { intervalMs: INTERVAL_MS, onError: (e) => errors.push(e) }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    for (const s of schedules) s.stop();
    for (const w of workers) await w.stop();
  });

  it("records a baseline on its first sweep: every readable tenant's policies as versions, no policy events", async () => {
    const [first] = await waitFor("the first sweep", finishedSweeps, (s) => s.length >= 1, 60_000);
    expect(first).toMatchObject({ tenants: 16, tenantsDone: 16, error: null });
    const healthy = tenantOf("healthy");
    const versions = await stack.prisma.policyVersion.count({ where: { tenantId: healthy.id } });
    expect(versions).toBe(stack.em.fleet.policies(healthy.id).length);
    const policyEvents = await stack.prisma.guardEvent.count({ where: { policyId: { not: null } } });
    expect(policyEvents).toBe(0);
  });

  it("sees a customer's admin at work within one sweep, reading each tenant's policies once", async () => {
    const partner = stack.settings.partnerTenantId;
    // Healthy: the admin removes the MSP's exclusion from a policy that excludes it.
    const healthy = tenantOf("healthy");
    const excluded = (stack.em.fleet.policies(healthy.id) as { id: string }[]).find((p) => assessServiceProvider(p, partner).excluded)!;
    await admin("PATCH", `/_emulator/tenants/${healthy.id}/policies/${excluded.id}`, { conditions: { users: { excludeGuestsOrExternalUsers: null } } });
    // Missing exclusion: a new report-only "block all users" policy.
    const adds = tenantOf("missing-exclusion");
    const created = (await admin("POST", `/_emulator/tenants/${adds.id}/policies`, {
      displayName: "Block all users (test)",
      state: "enabledForReportingButNotEnforced",
      conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
      grantControls: { operator: "OR", builtInControls: ["block"] },
    }))!;
    // Disabled and report-only: a policy deleted.
    const deletes = tenantOf("disabled-and-report-only");
    const deleted = (stack.em.fleet.policies(deletes.id) as { id: string }[])[0]!;
    await admin("DELETE", `/_emulator/tenants/${deletes.id}/policies/${deleted.id}`);
    // Read-only GDAP: the relationship is terminated.
    const ends = tenantOf("gdap-read-only");
    await admin("POST", "/_emulator/faults", { tenantId: ends.id, gdapStatus: "terminated" });
    const editedAt = new Date();

    // A sweep may be under way during the edits: wait for one that started after them, so every
    // sweep that could see them has finished.
    const sweeps = await waitFor("a sweep after the edits", finishedSweeps, (s) => s.some((x) => x.startedAt > editedAt), 60_000);

    // At most one Conditional Access request per tenant in each sweep (the policies list); the `large`
    // tenant's 130 policies take two pages of Graph's 100. Sweeps never overlap (next test), so each
    // sweep's requests are those between its start and its end.
    for (const sweep of sweeps) {
      const window = stack.em.log
        .list({ pathPrefix: CA })
        .filter((r) => Date.parse(r.timestamp) >= sweep.startedAt.getTime() && Date.parse(r.timestamp) <= sweep.finishedAt!.getTime());
      const perTenant = new Map<string, number>();
      for (const r of window) perTenant.set(r.tenantId!, (perTenant.get(r.tenantId!) ?? 0) + 1);
      for (const t of stack.tenants) {
        const pages = Math.max(1, Math.ceil(stack.em.fleet.policies(t.id).length / 100));
        expect(perTenant.get(t.id) ?? 0, `${t.scenario}: CA requests in one sweep`).toBeLessThanOrEqual(pages);
      }
      expect(window.every((r) => r.method === "GET")).toBe(true);
    }

    // Each edit is one event (or two) of the one sweep that first read it: none twice.
    const events = await stack.prisma.guardEvent.findMany({ where: { detectedAt: { gte: editedAt } }, orderBy: { type: "asc" } });
    expect(events.every((e) => e.seenBy === "sweep" && sweeps.some((s) => s.id === e.sweepId))).toBe(true);
    const of = (tenantId: string) =>
      events
        .filter((e) => e.tenantId === tenantId)
        .map((e) => e.type)
        .sort();
    expect(of(healthy.id)).toEqual(["exclusion-removed", "policy-changed"]);
    const removed = events.find((e) => e.type === "exclusion-removed")!;
    expect(removed).toMatchObject({ policyId: excluded.id, seenBy: "sweep", properties: ["conditions.users.excludeGuestsOrExternalUsers"] });
    expect(removed.beforeVersionId).not.toBeNull();
    expect(removed.afterVersionId).not.toBeNull();
    expect(of(adds.id)).toEqual(["policy-created", "policy-reaches-msp"]);
    expect(events.find((e) => e.type === "policy-created")!.policyId).toBe(created.id);
    expect(of(deletes.id)).toEqual(["policy-deleted"]);
    expect(of(ends.id)).toEqual(["gdap-ended"]);
    // Nothing else changed anywhere else.
    expect(new Set(events.map((e) => e.tenantId))).toEqual(new Set([healthy.id, adds.id, deletes.id, ends.id]));
    expect(errors).toEqual([]);
  });

  it("runs one sweep at a time across both workers, one per interval", async () => {
    const sweeps: GuardSweep[] = await finishedSweeps();
    expect(sweeps.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < sweeps.length; i++) {
      const [a, b] = [sweeps[i - 1]!, sweeps[i]!];
      expect(b.startedAt.getTime()).toBeGreaterThanOrEqual(a.finishedAt!.getTime());
      expect(b.startedAt.getTime() - a.startedAt.getTime()).toBeGreaterThanOrEqual(INTERVAL_MS);
    }
    expect(await stack.prisma.guardSweep.count({ where: { finishedAt: null } })).toBeLessThanOrEqual(1);
  });
});
