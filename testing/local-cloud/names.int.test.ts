// Names, not GUIDs: a sync of the fleet's first 16 tenants (one per scenario) through the real
// lib/graph names what every policy points at, stores the names per tenant, reads the partner
// tenant's own name, and reports what naming cost; the local cloud's request log is the witness
// that the Conditional Access policy reads per tenant are what they were (one list) and that the
// reported directory requests are the ones sent.
import { describe, expect, it } from "vitest";
import { emulatorFetch } from "@/emulator/testing/clients";
import { describePolicy, policyReferences } from "@/lib/ca";
import type { GraphPolicy } from "@/lib/graph/tenant-graph-contract";
import { partnerGraph } from "@/lib/graph/partner-graph-client";
import { tenantGraph } from "@/lib/graph/tenant-graph-client";
import { describeOptionsByTenant, loadNames, organizationName } from "@/lib/names/store";
import { syncCustomers, syncTenant, type SyncDeps, type TenantSyncResult } from "@/lib/sync/sync";
import { useBulkStack } from "../bulk/local-stack";

interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  query: string;
  status: number;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const POLICIES = "/identity/conditionalAccess/policies";

describe("names of what policies point at, read by the sync", () => {
  const stack = useBulkStack({ tenants: 16, timeScale: 0.05 });
  const deps = (): SyncDeps => ({
    prisma: stack.prisma,
    partnerTenantId: stack.settings.partnerTenantId,
    partner: () => partnerGraph({ settings: stack.settings }),
    openTenant: (id) => tenantGraph(id, { settings: stack.settings }),
  });
  const requests = async (tenantId: string, sinceSeq: number): Promise<LoggedRequest[]> => {
    const res = await emulatorFetch(stack.em, `/_emulator/requests?tenant=${tenantId}&sinceSeq=${sinceSeq}`);
    return ((await res.json()) as { value: LoggedRequest[] }).value;
  };
  const lastSeq = async (): Promise<number> => {
    const res = await emulatorFetch(stack.em, `/_emulator/requests?sinceSeq=0`);
    const all = ((await res.json()) as { value: LoggedRequest[] }).value;
    return all.length > 0 ? Math.max(...all.map((r) => r.seq)) : 0;
  };

  it("names every id, reports the cost, and leaves the policy reads per tenant as they were", async () => {
    await syncCustomers(deps());
    expect(await organizationName(stack.prisma, stack.settings.partnerTenantId)).toBe("Tailwind Managed Services");

    const results = new Map<string, TenantSyncResult>();
    for (const t of stack.tenants) {
      const since = await lastSeq();
      const result = await syncTenant(deps(), t.id);
      results.set(t.id, result);
      const log = await requests(t.id, since);
      const policyReads = log.filter((r) => r.method === "GET" && r.path === POLICIES);
      const nameReads = log.filter((r) => r.path !== POLICIES && r.path !== "/organization");
      if (!result.ok) continue;
      // One list of the policies (two pages for the 130-policy tenant), exactly as before names were read.
      expect(policyReads.length, t.scenario).toBe(t.scenario === "large" ? 2 : 1);
      expect(nameReads.length, `${t.scenario}: ${nameReads.map((r) => r.path).join(", ")}`).toBe(result.nameRequests);
      expect(nameReads.filter((r) => r.path.startsWith("/identity/conditionalAccess/")).length).toBe(result.nameCaRequests);
      expect(
        nameReads.every((r) => r.status === 200 || r.status === 404),
        t.scenario,
      ).toBe(true);
      expect(result.unreadable, t.scenario).toEqual([]);
      const row = await stack.prisma.customerTenant.findUniqueOrThrow({ where: { id: t.id } });
      expect([row.nameRequests, row.nameCaRequests]).toEqual([result.nameRequests, result.nameCaRequests]);
    }
    const synced = [...results.values()].filter((r) => r.ok);
    expect(synced.length).toBeGreaterThanOrEqual(12);
    // users and groups go in one getByIds per tenant (at most 1,000 ids each)
    for (const t of stack.tenants) {
      const log = await requests(t.id, 0);
      for (const r of log.filter((e) => e.path === "/directoryObjects/getByIds")) expect(r.method).toBe("POST");
    }

    // Every id a readable tenant's policies name is now a name, or "deleted object (id)".
    const names = await loadNames(
      stack.prisma,
      stack.tenants.map((t) => t.id),
    );
    const optionsFor = await describeOptionsByTenant(
      stack.prisma,
      stack.tenants.map((t) => t.id),
      stack.settings.partnerTenantId,
    );
    let described = 0;
    let deleted = 0;
    for (const t of stack.tenants) {
      if (!results.get(t.id)?.ok) continue;
      const snapshots = await stack.prisma.policySnapshot.findMany({ where: { tenantId: t.id } });
      const policies = snapshots.map((s) => s.policy as GraphPolicy);
      const refs = policyReferences(policies, { tenants: [stack.settings.partnerTenantId, t.id] });
      const stored = names.get(t.id) ?? [];
      for (const kind of Object.keys(refs) as (keyof typeof refs)[]) {
        for (const id of refs[kind])
          expect(
            stored.some((n) => n.kind === kind && n.id === id),
            `${t.scenario} ${kind} ${id}`,
          ).toBe(true);
      }
      deleted += stored.filter((n) => n.status === "missing").length;
      for (const policy of policies) {
        for (const section of describePolicy(policy, optionsFor(t.id))) {
          for (const line of section.lines) {
            if (line.startsWith("Id: ")) continue; // the policy's own id, under its name
            const bare = [...line.matchAll(GUID)].filter((m) => line[(m.index ?? 0) - 1] !== "(");
            expect(
              bare.map((m) => m[0]),
              `${t.scenario} ${policy.displayName}: ${line}`,
            ).toEqual([]);
            described += 1;
          }
        }
      }
    }
    expect(described).toBeGreaterThan(100);
    // The fleet has apps its customers deleted: they stay, as "deleted object (id)".
    expect(deleted).toBeGreaterThan(0);
  }, 240_000);
});
