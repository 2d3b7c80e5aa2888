import { describe, expect, it } from "vitest";
import type { SyncCount } from "@/lib/db/queries/tenants-summary";
import { syncDone } from "./sync-progress";

const count = (total: number, read: number): SyncCount => ({ total, read, tenantName: null, failedCount: 0, failed: [] });

describe("syncDone", () => {
  it("is done when every tenant was read since the sync started", () => {
    expect(syncDone(count(3, 1))).toBe(false);
    expect(syncDone(count(3, 3))).toBe(true);
  });

  it("is not done before the first tenant is known (the GDAP relationships are still being read), nor before the first count", () => {
    expect(syncDone(count(0, 0))).toBe(false);
    expect(syncDone(null)).toBe(false);
    expect(syncDone(undefined)).toBe(false);
  });
});
