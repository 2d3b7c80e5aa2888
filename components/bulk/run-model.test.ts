import { describe, expect, it } from "vitest";
import type { RunTenantView, RunView } from "@/lib/runs/views";
import { failureReason, historyHref, readableTimes, runHeadline, statusChips, tenantsToExplain } from "./run-model";

const tenant = (tenantId: string, extra: Partial<RunTenantView> = {}): RunTenantView => ({
  tenantId,
  displayName: tenantId,
  status: "succeeded",
  applied: 0,
  skipped: 0,
  failed: 0,
  pending: 0,
  error: null,
  startedAt: null,
  finishedAt: null,
  ...extra,
});

type HeadlineInput = Parameters<typeof runHeadline>[0];
const run = (extra: Partial<RunView>): HeadlineInput => ({
  status: "running",
  ended: false,
  progress: { done: 3, total: 10 },
  tenantsByStatus: { queued: 5, running: 2, succeeded: 3, failed: 0, cancelled: 0 },
  policies: { applied: 4, skipped: 1, failed: 0, pending: 0 },
  cancelRequestedAt: null,
  ...extra,
});

describe("statusChips", () => {
  it("lists statuses that have tenants, in a stable order", () => {
    expect(statusChips({ queued: 2, succeeded: 5, failed: 0, cancelled: 1 }).map((c) => [c.status, c.count])).toEqual([
      ["succeeded", 5],
      ["queued", 2],
      ["cancelled", 1],
    ]);
  });
});

describe("runHeadline", () => {
  it("says where a live run stands", () => {
    expect(runHeadline(run({}))).toEqual({ text: "Running: 3 of 10 tenants finished; 4 policies changed, 1 skipped, 0 failed so far.", severity: "info" });
    expect(runHeadline(run({ cancelRequestedAt: "2026-11-24T10:00:00.000Z" }))).toEqual({
      text: "Cancelling: 3 of 10 tenants finished; the tenants still running stop before their next write.",
      severity: "warning",
    });
    expect(runHeadline(run({ status: "queued" })).text).toMatch(/^Queued/);
  });

  it("summarises an ended run by how it ended", () => {
    const done = { progress: { done: 10, total: 10 }, ended: true };
    expect(
      runHeadline(run({ ...done, status: "succeeded", tenantsByStatus: { queued: 0, running: 0, succeeded: 10, failed: 0, cancelled: 0 } })).severity,
    ).toBe("success");
    expect(runHeadline(run({ ...done, status: "succeeded", tenantsByStatus: { queued: 0, running: 0, succeeded: 9, failed: 1, cancelled: 0 } }))).toMatchObject(
      {
        severity: "warning",
        text: expect.stringMatching(/^Finished with problems: 1 tenant failed/),
      },
    );
    expect(runHeadline(run({ ...done, status: "cancelled", tenantsByStatus: { queued: 0, running: 0, succeeded: 6, failed: 0, cancelled: 4 } })).text).toMatch(
      /^Cancelled: 4 tenants were not done/,
    );
    expect(runHeadline(run({ ...done, status: "failed" })).severity).toBe("error");
  });
});

describe("tenantsToExplain", () => {
  it("lists failed tenants (and done ones with failed policies) and those left undone", () => {
    const { failed, notDone } = tenantsToExplain([
      tenant("b", { status: "failed", error: "GDAP expired" }),
      tenant("a", { failed: 1 }),
      tenant("c", { status: "cancelled" }),
      tenant("d"),
    ]);
    expect(failed.map((t) => t.tenantId)).toEqual(["a", "b"]);
    expect(notDone.map((t) => t.tenantId)).toEqual(["c"]);
  });

  it("gives a reason in words even when the server recorded none", () => {
    expect(failureReason(tenant("a", { status: "failed", error: "GDAP expired" }))).toBe("GDAP expired");
    expect(failureReason(tenant("a", { failed: 2 }))).toMatch(/^2 policies failed/);
    expect(failureReason(tenant("a", { status: "failed" }))).toMatch(/No reason/);
  });
});

describe("historyHref", () => {
  it("uses the history page's run and tenant parameters", () => {
    expect(historyHref("r1")).toBe("/history?run=r1");
    expect(historyHref("r1", "t1")).toBe("/history?run=r1&tenant=t1");
  });
});

describe("readableTimes", () => {
  it("shows the server's ISO instants in the reader's local time and leaves the rest", () => {
    const at = "2026-11-24T03:35:02.489Z";
    const text = readableTimes(`Partly succeeded: 2 policies were not written because the run was cancelled by op@msp.example at ${at}.`);
    expect(text).toBe(`Partly succeeded: 2 policies were not written because the run was cancelled by op@msp.example at ${new Date(at).toLocaleString()}.`);
    expect(failureReason(tenant("t", { status: "cancelled", error: `cancelled at ${at}` }))).not.toContain(at);
  });
});
