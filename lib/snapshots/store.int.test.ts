// The snapshot writer on a real Postgres: what the pages read after a sync, a sweep or a fix is
// exactly the list Graph returned, every column, however many policies the tenant has.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestPrisma } from "@/testing/database";
import type { GraphPolicy } from "@/lib/graph/tenant-graph-contract";
import { ID, PARTNER, TENANT, samplePolicies } from "@/testing/remediation/policies";
import { storeSnapshots } from "./store";

const firstSample = (): GraphPolicy => samplePolicies()[0]!;

describe("storing a tenant's policy snapshots", () => {
  const t = useTestPrisma();
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 9, minute, 0, 123));
  const stored = () => t.prisma.policySnapshot.findMany({ where: { tenantId: TENANT }, orderBy: { policyId: "asc" } });

  beforeAll(async () => {
    await t.prisma.customerTenant.create({ data: { id: TENANT, displayName: "Contoso" } });
  });

  it("keeps every column of every policy, and replaces them on the next read: changed, added and removed policies", async () => {
    const first = samplePolicies().map((p, i) => ({ ...p, modifiedDateTime: i === 0 ? "2026-11-30T08:15:42.5Z" : null }));
    expect(await storeSnapshots(t.prisma, TENANT, first, PARTNER, { seenBy: "sync" }, at(0))).toMatchObject({ stored: 5, policyCount: 5 });
    const rows = await stored();
    expect(rows.map((r) => r.policyId)).toEqual(first.map((p) => p.id).sort());
    const mfa = rows.find((r) => r.policyId === ID.mfaAll)!;
    expect(mfa).toMatchObject({ displayName: "Require MFA for all users", state: "enabled", storedAt: at(0) });
    expect(mfa.modifiedDateTime).toEqual(new Date("2026-11-30T08:15:42.500Z"));
    expect(mfa.policy).toEqual(first[0]);
    expect(rows.find((r) => r.policyId === ID.disabled)).toMatchObject({ state: "disabled", modifiedDateTime: null });

    // The next read: one policy renamed and switched off, one gone, one new with a name in another script.
    const second = first
      .filter((p) => p.id !== ID.oneUser)
      .map((p): GraphPolicy => (p.id === ID.mfaAll ? { ...p, displayName: "Require MFA — all users", state: "disabled", modifiedDateTime: null } : p));
    const added = { ...firstSample(), id: "10000000-0000-4000-8000-000000000009", displayName: "Zugriff für Admins 管理者" };
    expect(await storeSnapshots(t.prisma, TENANT, [...second, added], PARTNER, { seenBy: "sweep" }, at(5))).toMatchObject({ stored: 5 });
    const after = await stored();
    expect(after.map((r) => r.policyId)).toEqual([...second, added].map((p) => p.id).sort());
    // Only what changed is written again: the renamed policy and the new one; the others keep their first read.
    const storedAt = new Map(after.map((r) => [r.policyId, r.storedAt.getTime()]));
    for (const p of second) expect(storedAt.get(p.id), p.displayName as string).toBe((p.id === ID.mfaAll ? at(5) : at(0)).getTime());
    expect(storedAt.get(added.id)).toBe(at(5).getTime());
    expect(after.find((r) => r.policyId === ID.mfaAll)).toMatchObject({ displayName: "Require MFA — all users", state: "disabled", modifiedDateTime: null });
    expect(after.find((r) => r.policyId === added.id)).toMatchObject({ displayName: "Zugriff für Admins 管理者", policy: added });
    // Each event of the read points at the version of its own policy (three versions written at once).
    const events = await t.prisma.guardEvent.findMany({ where: { tenantId: TENANT, detectedAt: at(5) } });
    const versions = await t.prisma.policyVersion.findMany({ where: { tenantId: TENANT, seenBy: "sweep" } });
    expect(versions.map((v) => v.policyId).sort()).toEqual([ID.mfaAll, ID.oneUser, added.id].sort());
    expect(new Set(events.map((e) => e.policyId))).toEqual(new Set([ID.mfaAll, ID.oneUser, added.id]));
    for (const e of events) expect(versions.find((v) => v.id === e.afterVersionId)?.policyId).toBe(e.policyId);
  });

  it("writes nothing for a read that finds every policy as stored, whatever the order of its keys", async () => {
    const same = (await stored()).map((r) => Object.fromEntries(Object.entries(r.policy as object).reverse()) as GraphPolicy);
    const before = await stored();
    await storeSnapshots(t.prisma, TENANT, same, PARTNER, { seenBy: "sweep" }, at(7));
    const after = await stored();
    expect(after.map((r) => [r.policyId, r.storedAt])).toEqual(before.map((r) => [r.policyId, r.storedAt]));
    expect(after.some((r) => r.storedAt.getTime() === at(7).getTime())).toBe(false);
  });

  it("leaves the tenant's counts as they were when the partner's id is not known, and sets them when it is", async () => {
    await t.prisma.customerTenant.update({ where: { id: TENANT }, data: { policyCount: 7, needsFixCount: 6, needsReviewCount: 5 } });
    await storeSnapshots(t.prisma, TENANT, samplePolicies(), null, { seenBy: "sync" }, at(8));
    expect(await t.prisma.customerTenant.findUniqueOrThrow({ where: { id: TENANT } })).toMatchObject({ policyCount: 7, needsFixCount: 6, needsReviewCount: 5 });
    const counted = await storeSnapshots(t.prisma, TENANT, samplePolicies(), PARTNER, { seenBy: "sync" }, at(9));
    expect(await t.prisma.customerTenant.findUniqueOrThrow({ where: { id: TENANT } })).toMatchObject({
      policyCount: 5,
      needsFixCount: (counted as { needsFixCount: number }).needsFixCount,
      needsReviewCount: (counted as { needsReviewCount: number }).needsReviewCount,
    });
  });

  it("stores a policy named twice in one list once, as the last one, and an empty list removes them all", async () => {
    const [a, b] = samplePolicies() as [GraphPolicy, GraphPolicy];
    await storeSnapshots(t.prisma, TENANT, [a, b, { ...a, displayName: "the later copy" }], PARTNER, { seenBy: "sync" }, at(10));
    expect((await stored()).map((r) => [r.policyId, r.displayName])).toEqual([
      [a.id, "the later copy"],
      [b.id, b.displayName],
    ]);
    expect(await storeSnapshots(t.prisma, TENANT, [], PARTNER, { seenBy: "sync" }, at(11))).toMatchObject({ stored: 0, policyCount: 0 });
    expect(await stored()).toEqual([]);
  });

  it("stores a tenant of 300 policies, every one with its counts", async () => {
    const many = Array.from({ length: 300 }, (_, i) => ({
      ...firstSample(),
      id: `20000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      displayName: `Policy ${i}`,
    }));
    expect(await storeSnapshots(t.prisma, TENANT, many, PARTNER, { seenBy: "sync" }, at(20))).toMatchObject({
      stored: 300,
      policyCount: 300,
      needsFixCount: 300,
    });
    expect(await t.prisma.policySnapshot.count({ where: { tenantId: TENANT } })).toBe(300);
    expect((await t.prisma.customerTenant.findUniqueOrThrow({ where: { id: TENANT } })).needsFixCount).toBe(300);
  });
});
