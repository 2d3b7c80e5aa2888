import { describe, expect, it } from "vitest";
import type { RunOptions } from "@/lib/runs/options";
import type { PreviewTenantSummary } from "@/lib/runs/views";
import { confirmedList, groupUnreachable, leftOutTenants, previewRead, runScope, sortPreviewTenants, toggleConfirmed } from "./preview-model";

const row = (tenantId: string, extra: Partial<PreviewTenantSummary> = {}): PreviewTenantSummary => ({
  tenantId,
  displayName: tenantId.toUpperCase(),
  status: "previewed",
  toChange: 0,
  toSkip: 0,
  needsReview: 0,
  problem: null,
  chosen: null,
  ...extra,
});
const options = (offerNeedsReview: boolean): RunOptions => ({ scope: { states: "enabled" }, offerNeedsReview });

describe("previewRead", () => {
  it("is false only while the tenants are being read", () => {
    expect(previewRead("previewing")).toBe(false);
    expect(["previewed", "queued", "running", "succeeded", "cancelled"].map((s) => previewRead(s as "previewed"))).toEqual([true, true, true, true, true]);
  });
});

describe("groupUnreachable", () => {
  it("groups by problem with readable labels, largest first, and keeps each tenant's message", () => {
    const groups = groupUnreachable([
      row("a", { status: "unreachable", problem: { problem: "no-licence", message: "No P1" } }),
      row("b", { status: "unreachable", problem: { problem: "gdap-inactive", message: "expired" } }),
      row("c", { status: "unreachable", problem: { problem: "gdap-inactive", message: "terminated" } }),
      row("d", { status: "unreachable", problem: null }),
      row("e"),
    ]);
    expect(groups.map((g) => [g.problem, g.label, g.tenants.length])).toEqual([
      ["gdap-inactive", "GDAP not active", 2],
      ["no-licence", "No Entra ID P1", 1],
      ["unknown", "Unknown problem", 1],
    ]);
    expect(groups[0]!.tenants.map((t) => t.message)).toEqual(["expired", "terminated"]);
    expect(groups[2]!.tenants[0]!.message).toBe("The tenant could not be read.");
  });
});

describe("sortPreviewTenants", () => {
  it("puts tenants with changes first and those with nothing to do last", () => {
    const sorted = sortPreviewTenants([
      row("nothing"),
      row("reading", { status: "reading" }),
      row("unreach", { status: "unreachable" }),
      row("review", { needsReview: 1 }),
      row("zchange", { toChange: 1 }),
      row("achange", { toChange: 3 }),
      row("left", { toChange: 2, problem: { problem: "read-only-gdap", message: "Read-only GDAP" } }),
    ]);
    expect(sorted.map((t) => t.tenantId)).toEqual(["achange", "zchange", "review", "left", "unreach", "reading", "nothing"]);
  });
});

describe("confirmed needs-review policies", () => {
  it("adds and removes ticks per tenant and lists them for the action", () => {
    let c = toggleConfirmed(new Map(), "t1", "p1", true);
    c = toggleConfirmed(c, "t1", "p2", true);
    c = toggleConfirmed(c, "t2", "p9", true);
    c = toggleConfirmed(c, "t2", "p9", false);
    expect(c.has("t2")).toBe(false);
    expect(confirmedList(c)).toEqual([
      { tenantId: "t1", policyId: "p1" },
      { tenantId: "t1", policyId: "p2" },
    ]);
  });
});

describe("runScope", () => {
  const readOnly = { problem: "read-only-gdap", message: "Read-only GDAP: its role (Security Reader) cannot change Conditional Access." };
  const tenants = [
    row("a", { toChange: 2 }),
    row("b", { needsReview: 2 }),
    row("c", { status: "unreachable", toChange: 5 }),
    row("d"),
    row("e", { toChange: 3, needsReview: 1, problem: readOnly }),
  ];

  it("leaves a read-only-GDAP tenant's planned and ticked policies out, and counts it apart", () => {
    expect(runScope({ tenants, options: options(true) }, new Map([["e", new Set(["p1"])]]))).toEqual({ policies: 2, tenants: 1, leftOut: 1 });
    expect(leftOutTenants(tenants)).toEqual([{ tenantId: "e", displayName: "E", message: readOnly.message }]);
  });

  it("counts planned policies and the tenants that have any", () => {
    expect(runScope({ tenants, options: options(false) }, new Map([["b", new Set(["p1"])]]))).toEqual({ policies: 2, tenants: 1, leftOut: 1 });
  });

  it("adds ticked needs-review policies only when the options offered them", () => {
    expect(runScope({ tenants, options: options(true) }, new Map([["b", new Set(["p1"])]]))).toEqual({ policies: 3, tenants: 2, leftOut: 1 });
  });

  it("never counts more ticks than the tenant has needs-review policies", () => {
    expect(runScope({ tenants, options: options(true) }, new Map([["b", new Set(["p1", "p2", "p3"])]]))).toEqual({ policies: 4, tenants: 2, leftOut: 1 });
  });
});
