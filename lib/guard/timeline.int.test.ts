// The timeline on a real Postgres, through the one snapshot writer every read goes through.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestPrisma } from "@/testing/database";
import { ID, PARTNER, TENANT, samplePolicies } from "@/testing/remediation/policies";
import { storeSnapshots } from "../snapshots/store";
import { policyTimeline, tenantEvents, versionsOfChanges } from "./views";

type Policy = ReturnType<typeof samplePolicies>[number] & { conditions: { users: Record<string, unknown> } };

const withoutExclusion = (): Policy[] => {
  const policies = samplePolicies() as Policy[];
  policies.find((p) => p.id === ID.excluded)!.conditions.users.excludeGuestsOrExternalUsers = null;
  return policies;
};

describe("the policy timeline", () => {
  const t = useTestPrisma();
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 10, minute));

  beforeAll(async () => {
    await t.prisma.customerTenant.create({ data: { id: TENANT, displayName: "Contoso" } });
  });

  it("keeps a baseline on the first read, nothing for a read that only differs in Graph's modified time, and events for a real change", async () => {
    const first = await storeSnapshots(t.prisma, TENANT, samplePolicies(), PARTNER, { seenBy: "sync" }, at(0));
    expect(first).toMatchObject({ stored: 5, timeline: { versions: 5, events: 0 } });
    const touched = samplePolicies().map((p) => ({ ...p, modifiedDateTime: "2026-12-06T10:01:00Z" }));
    expect(await storeSnapshots(t.prisma, TENANT, touched, PARTNER, { seenBy: "sweep" }, at(1))).toMatchObject({ timeline: { versions: 0, events: 0 } });

    const changed = await storeSnapshots(
      t.prisma,
      TENANT,
      withoutExclusion(),
      PARTNER,
      { seenBy: "sweep", sweepId: "5e5e5e5e-0000-4000-8000-000000000001" },
      at(2),
    );
    expect(changed).toMatchObject({ timeline: { versions: 1, events: 2 }, needsFixCount: 2 });

    const events = (await tenantEvents(t.prisma, null, TENANT, { partnerTenantId: PARTNER }))!;
    expect(events.map((e) => e.type).sort()).toEqual(["exclusion-removed", "policy-changed"]);
    const removed = events.find((e) => e.type === "exclusion-removed")!;
    expect(removed).toMatchObject({ policyId: ID.excluded, seenBy: "sweep", properties: ["conditions.users.excludeGuestsOrExternalUsers"] });
    // The diff in lib/ca's words: the exclusion is in the version before and not in the one after.
    const users = (sections: { section: string; lines: string[] }[] | null) => sections!.find((s) => s.section === "Users")!.lines.join(" ");
    expect(users(removed.diff!.describedBefore)).toContain("your MSP tenant");
    expect(users(removed.diff!.describedAfter)).not.toContain("your MSP tenant");
  });

  it("shows a policy's versions newest first, each with what changed from the one before", async () => {
    const timeline = (await policyTimeline(t.prisma, null, TENANT, ID.excluded, { partnerTenantId: PARTNER }))!;
    expect(timeline.versions.map((v) => [v.seenBy, v.properties])).toEqual([
      ["sweep", ["conditions.users.excludeGuestsOrExternalUsers"]],
      ["sync", []],
    ]);
    expect(timeline.versions[1]!.diff.describedBefore).toBeNull();
  });

  it("records a deletion once, as a tombstone", async () => {
    const remaining = withoutExclusion().filter((p) => p.id !== ID.oneUser);
    expect(await storeSnapshots(t.prisma, TENANT, remaining, PARTNER, { seenBy: "sweep" }, at(3))).toMatchObject({ timeline: { versions: 1, events: 1 } });
    expect(await storeSnapshots(t.prisma, TENANT, remaining, PARTNER, { seenBy: "sweep" }, at(4))).toMatchObject({ timeline: { versions: 0, events: 0 } });
    const timeline = (await policyTimeline(t.prisma, null, TENANT, ID.oneUser, { partnerTenantId: PARTNER }))!;
    expect(timeline.versions[0]).toMatchObject({ deleted: true, diff: { describedAfter: null } });
  });

  it("links the portal's own change to the version it produced", async () => {
    const fixed = samplePolicies().filter((p) => p.id !== ID.oneUser);
    // Compared with each policy's latest version (not its first): the exclusion put back is a change, in those words.
    expect(await storeSnapshots(t.prisma, TENANT, fixed, PARTNER, { seenBy: "run", runId: "7a7a7a7a-0000-4000-8000-000000000001" }, at(5))).toMatchObject({
      timeline: { versions: 1, events: 1 },
    });
    const events = (await tenantEvents(t.prisma, null, TENANT, { partnerTenantId: PARTNER }))!;
    expect(events.filter((e) => e.seenBy === "run").map((e) => [e.type, e.policyId, e.properties])).toEqual([
      ["policy-changed", ID.excluded, ["conditions.users.excludeGuestsOrExternalUsers"]],
    ]);
    const after = { ...fixed.find((p) => p.id === ID.excluded)!, modifiedDateTime: "2026-12-06T10:05:00Z" };
    const run = "7a7a7a7a-0000-4000-8000-000000000001";
    const links = await versionsOfChanges(t.prisma, null, [{ id: "change-1", tenantId: TENANT, policyId: ID.excluded, after, runId: run, createdAt: at(5) }]);
    const timeline = (await policyTimeline(t.prisma, null, TENANT, ID.excluded, { partnerTenantId: PARTNER }))!;
    // The fixed content equals the first version's too (the exclusion is back): the link names the run's version.
    expect(timeline.versions.map((v) => v.seenBy)).toEqual(["run", "sweep", "sync"]);
    expect(links.get("change-1")).toBe(timeline.versions[0]!.id);
    expect(timeline.versions[0]!.runId).toBe(run);
  });

  it("answers nothing for a tenant outside the caller's tenants", async () => {
    expect(await tenantEvents(t.prisma, ["00000000-0000-4000-8000-000000000000"], TENANT, { partnerTenantId: PARTNER })).toBeNull();
    expect(await policyTimeline(t.prisma, [], TENANT, ID.excluded, { partnerTenantId: PARTNER })).toBeNull();
    const change = {
      id: "c",
      tenantId: TENANT,
      policyId: ID.excluded,
      after: samplePolicies()[1],
      runId: "7a7a7a7a-0000-4000-8000-000000000001",
      createdAt: at(5),
    };
    expect(await versionsOfChanges(t.prisma, [], [change])).toEqual(new Map());
  });

  it("is history: versions, events and handlings cannot be changed or deleted", async () => {
    const event = await t.prisma.guardEvent.findFirstOrThrow();
    await t.prisma.guardEventHandling.create({ data: { eventId: event.id, consumer: "alerts" } });
    await expect(t.prisma.policyVersion.updateMany({ data: { displayName: "rewritten" } })).rejects.toThrow(/append-only/);
    await expect(t.prisma.policyVersion.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(t.prisma.guardEvent.updateMany({ data: { summary: "rewritten" } })).rejects.toThrow(/append-only/);
    await expect(t.prisma.guardEvent.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(t.prisma.guardEventHandling.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(t.prisma.$executeRawUnsafe('truncate "PolicyVersion"')).rejects.toThrow(/append-only/);
  });
});
