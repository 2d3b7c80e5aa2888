import { describe, expect, it } from "vitest";
import type { TenantRow } from "@/lib/db/queries/tenants";
import { syncProgress } from "./sync-progress";

const row = (id: string, lastSyncedAt: string | null): TenantRow => ({
  id,
  displayName: id,
  gdapStatus: "active",
  gdapRoles: [],
  gdapEndsAt: null,
  gdapWarning: null,
  accessHealth: null,
  accessReason: null,
  policyCount: null,
  needsFixCount: null,
  needsReviewCount: null,
  lastSyncedAt,
  lastSyncError: null,
  lastChangeAt: null,
});
const START = "2026-12-06T10:00:00.000Z";

describe("syncProgress", () => {
  it("counts the tenants read since the sync started, and is done when all are", () => {
    const rows = [row("a", "2026-12-06T10:00:01.000Z"), row("b", "2026-12-06T09:59:00.000Z"), row("c", null)];
    const p = syncProgress(rows, { startedAt: START, tenantId: null });
    expect([p.read.map((r) => r.id), p.total, p.done]).toEqual([["a"], 3, false]);
    const all = rows.map((r) => ({ ...r, lastSyncedAt: "2026-12-06T10:00:05.000Z" }));
    expect(syncProgress(all, { startedAt: START, tenantId: null }).done).toBe(true);
  });

  it("is not done before the first tenant is known (the GDAP relationships are still being read)", () => {
    expect(syncProgress([], { startedAt: START, tenantId: null })).toMatchObject({ total: 0, done: false });
  });

  it("follows one tenant when one row's Sync started it", () => {
    const rows = [row("a", null), row("b", START)];
    expect(syncProgress(rows, { startedAt: START, tenantId: "b" })).toMatchObject({ total: 1, done: true });
    expect(syncProgress(rows, { startedAt: START, tenantId: "a" })).toMatchObject({ total: 1, done: false });
  });
});
