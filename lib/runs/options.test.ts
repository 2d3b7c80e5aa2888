import { describe, expect, it } from "vitest";
import { ID, TENANT } from "../../testing/remediation/policies";
import { runOptions, ticketReference } from "./options";
import { tenantJob } from "./queue";

describe("what a run keeps of its entrance's choices", () => {
  it("is a scope and whether needs-review policies are offered, nothing else", () => {
    expect(runOptions.safeParse({ scope: { states: "enabled" }, offerNeedsReview: false }).success).toBe(true);
    expect(runOptions.safeParse({ scope: { policyIds: [ID.mfaAll] }, offerNeedsReview: true }).success).toBe(true);
    expect(runOptions.safeParse({ scope: { policyIds: [] }, offerNeedsReview: true }).success).toBe(false);
    expect(runOptions.safeParse({ scope: { states: "some" }, offerNeedsReview: true }).success).toBe(false);
    expect(runOptions.safeParse({ scope: {}, offerNeedsReview: true, items: [] }).success).toBe(false);
    expect(runOptions.safeParse({ scope: {} }).success).toBe(false);
  });
});

describe("the ticket reference a confirmation carries", () => {
  it("is one trimmed line of at most 100 characters, and none when empty", () => {
    expect(ticketReference.parse(" PSA-4711 ")).toBe("PSA-4711");
    expect(ticketReference.parse("")).toBeNull();
    expect(ticketReference.parse("   ")).toBeNull();
    expect(ticketReference.parse(null)).toBeNull();
    expect(ticketReference.parse(undefined)).toBeNull();
    expect(ticketReference.parse("x".repeat(100))).toBe("x".repeat(100));
    expect(ticketReference.safeParse("x".repeat(101)).error?.issues[0]?.message).toBe("A ticket reference has at most 100 characters.");
    expect(ticketReference.safeParse("PSA-1\nPSA-2").error?.issues[0]?.message).toBe("A ticket reference is one line of text.");
    expect(ticketReference.safeParse("PSA-1\u0000").success).toBe(false);
  });
});

describe("what a run's job carries", () => {
  const RUN = "0f0f0f0f-1111-4111-8111-0f0f0f0f0f0f";
  it("is the run and the tenant only (what to write is read from the database), ids lower-cased", () => {
    expect(tenantJob.parse({ runId: RUN.toUpperCase(), tenantId: TENANT })).toEqual({ runId: RUN, tenantId: TENANT });
    expect(tenantJob.safeParse({ runId: RUN, tenantId: TENANT, items: [{ policyId: ID.mfaAll }] }).success).toBe(false);
    expect(tenantJob.safeParse({ runId: "not-a-uuid", tenantId: TENANT }).success).toBe(false);
    expect(tenantJob.safeParse({ runId: RUN }).success).toBe(false);
  });
});
