import { describe, expect, it } from "vitest";
import { explainForbidden, explainGdapRefusal, hasEntraP2, hasEntraPremium } from "./access-facts";
import { classifyEntraError, classifyGraphError } from "./errors";
import { GraphFailure } from "./tenant-graph-contract";

const MICROSOFT =
  "AADSTS50020: User account 'svc@tailwindmsp.onmicrosoft.com' from identity provider 'https://sts.windows.net/aaaa/' does not exist in tenant 'Contoso' and cannot access the application 'cid'(MSP portal) in that tenant.";
const refused = (message = MICROSOFT) => classifyEntraError({ path: "delegated", errorCode: "invalid_grant", errorNo: 50020, message });

describe("explainGdapRefusal: the synced relationships say why Entra refused the GDAP sign-in", () => {
  it.each([
    [null, "no-gdap", /^There is no GDAP relationship with this customer\./],
    ["none", "no-gdap", /^There is no GDAP relationship with this customer\./],
    ["expired", "gdap-inactive", /^The GDAP relationship with this customer is expired, not active\./],
    ["terminated", "gdap-inactive", /is terminated, not active/],
    ["approvalPending", "gdap-inactive", /is approvalPending, not active/],
    ["active", "no-gdap", /is active, but Entra refuses the automation account: it is in no security group with an access assignment/],
    ["expiring", "no-gdap", /is expiring, but Entra refuses/],
  ] as const)("status %s -> %s", (status, problem, sentence) => {
    const f = explainGdapRefusal(refused(), status);
    expect(f.problem).toBe(problem);
    expect(f.message).toMatch(sentence);
    // Entra's code and Microsoft's own message stay in the reason shown.
    expect(f.message).toContain(`Microsoft Entra ID answered ${MICROSOFT}`);
    expect(f.detail.code).toBe("AADSTS50020");
  });

  it("decides from the facts alone, whatever Microsoft's text says", () => {
    for (const text of [MICROSOFT, "GDAP: the relationship is 'expired', not 'active'.", "none of the user's security groups has an access assignment", ""]) {
      expect(explainGdapRefusal(refused(text), "terminated").problem).toBe("gdap-inactive");
      expect(explainGdapRefusal(refused(text), null).problem).toBe("no-gdap");
    }
  });

  it("leaves other failures alone", () => {
    const consent = classifyEntraError({ path: "delegated", errorNo: 65001, message: "AADSTS65001: not consented" });
    expect(explainGdapRefusal(consent, "expired")).toBe(consent);
  });
});

describe("hasEntraPremium / explainForbidden: the service plans say whether a 403 is the licence", () => {
  const P1 = "41781fb2-bc02-4b7c-bd55-b576c07bb09d";
  const P2 = "eec0eb4f-6444-4f95-aba0-50c24d67f998";
  it("reads AAD_PREMIUM / AAD_PREMIUM_P2 enabled plans", () => {
    expect(hasEntraPremium([{ servicePlanId: P1, capabilityStatus: "Enabled" }])).toBe(true);
    expect(hasEntraPremium([{ servicePlanId: P2.toUpperCase(), capabilityStatus: "Enabled" }])).toBe(true);
    expect(hasEntraPremium([{ servicePlanId: P1, capabilityStatus: "Suspended" }])).toBe(false);
    expect(hasEntraPremium([{ servicePlanId: "00000000-0000-0000-0000-000000000001", capabilityStatus: "Enabled" }])).toBe(false);
    expect(hasEntraPremium([])).toBe(false);
  });

  it("tells P2 (risk conditions) apart from P1", () => {
    expect(hasEntraP2([{ servicePlanId: P2.toUpperCase(), capabilityStatus: "Enabled" }])).toBe(true);
    expect(hasEntraP2([{ servicePlanId: P1, capabilityStatus: "Enabled" }])).toBe(false);
    expect(hasEntraP2([{ servicePlanId: P2, capabilityStatus: "Suspended" }])).toBe(false);
  });

  it("makes a 403 'no-licence' only when the plans were read and show no P1, keeping Microsoft's answer", () => {
    for (const message of ["You cannot perform the requested operation, required scopes are missing in the token.", "Your tenant is not licensed", ""]) {
      const forbidden = classifyGraphError({ status: 403, code: "AccessDenied", message, requestId: "r-1" });
      const f = explainForbidden(forbidden, false);
      expect(f.problem).toBe("no-licence");
      expect(f.message).toMatch(/^This tenant has no Microsoft Entra ID P1 licence/);
      expect(f.message).toContain("Microsoft Graph answered 403 AccessDenied");
      expect(f.detail.requestId).toBe("r-1");
      expect(explainForbidden(forbidden, true)).toBe(forbidden);
      expect(explainForbidden(forbidden, null)).toBe(forbidden);
    }
    const conflict = new GraphFailure("conflict", "x", { status: 400 });
    expect(explainForbidden(conflict, false)).toBe(conflict);
  });
});
