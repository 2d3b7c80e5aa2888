import { describe, expect, it } from "vitest";
import { accessBlockedSummary } from "./access-events";

describe("access newly blocked", () => {
  const reason = "The customer's Conditional Access blocks the GDAP sign-in (AADSTS53003): policy Block all.";

  it("is an event when a read that got in is followed by one the customer's Conditional Access blocks", () => {
    expect(accessBlockedSummary("delegated", "blocked-by-ca", "Contoso", reason)).toBe(
      `The MSP's GDAP sign-in into Contoso is now blocked by its Conditional Access: ${reason}`,
    );
    expect(accessBlockedSummary("app-only", "blocked-by-ca", "Contoso", null)).toBe(
      "The MSP's GDAP sign-in into Contoso is now blocked by its Conditional Access.",
    );
  });

  it("is not an event on the first read, while it stays blocked, or for other problems", () => {
    expect(accessBlockedSummary(null, "blocked-by-ca", "Contoso", reason)).toBeNull();
    expect(accessBlockedSummary("blocked-by-ca", "blocked-by-ca", "Contoso", reason)).toBeNull();
    expect(accessBlockedSummary("delegated", "gdap-inactive", "Contoso", "GDAP ended")).toBeNull();
    expect(accessBlockedSummary("blocked-by-ca", "delegated", "Contoso", null)).toBeNull();
  });
});
