import { describe, expect, it } from "vitest";
import { buildChecklist, MFA_SERVICE_SETTINGS_URL } from "./checklist-rules";
import type { PartnerOverview, PartnerPolicyView } from "./overview";
import { ACCOUNT } from "../../testing/partner/policies";

type Overview = Omit<PartnerOverview, "tenantId" | "access" | "accessNote">;

const policy = (
  displayName: string,
  outcome: "patch" | "already-excluded" | "not-applicable" | "needs-review" | null,
  dedicated = false,
): PartnerPolicyView => ({
  id: displayName,
  displayName,
  state: "enabled",
  description: [],
  dedicated,
  exclusion: outcome === null ? null : { outcome, reason: "", warnings: [] },
  error: outcome === null ? "unreadable" : null,
});

function overview(parts: Partial<Overview> = {}): Overview {
  return {
    account: { id: ACCOUNT, upn: "svc@msp.example" },
    dedicatedPolicyName: "CIPP Service Account Conditional Access Policy",
    policies: [policy("MFA for all", "already-excluded"), policy("Block legacy", "not-applicable")],
    dedicated: null,
    settings: {
      serviceAccountId: ACCOUNT,
      serviceAccountUpn: "svc@msp.example",
      dedicatedPolicyName: "CIPP Service Account Conditional Access Policy",
      dedicatedPolicyId: null,
      trustedIpsRemovedAttestedAt: null,
      trustedIpsRemovedAttestedByUpn: null,
    },
    ...parts,
  };
}

const notAttested = { trustedIpsRemovedAttestedAt: null, trustedIpsRemovedAttestedByUpn: null };
const dedicated = (state: string, drift: string[] = []) => ({
  id: "d",
  displayName: "CIPP Service Account Conditional Access Policy",
  state,
  foundBy: "id" as const,
  enforced: state === "enabled",
  drift,
});
const done = (list: ReturnType<typeof buildChecklist>) => list.items.map((i) => [i.key, i.done]);

describe("buildChecklist", () => {
  it("counts already-excluded and not-applicable as excluded, ignoring the dedicated policy", () => {
    const list = buildChecklist(
      overview({ policies: [policy("A", "already-excluded"), policy("B", "not-applicable"), policy("Dedicated", "patch", true)] }),
      notAttested,
    );
    expect(list.items[0]).toMatchObject({
      key: "excluded-everywhere",
      done: true,
      sentence: "The service account svc@msp.example is excluded from all 2 other policies, or they cannot apply to it.",
    });
  });

  it("names the policies that may still apply, including needs-review and unreadable ones", () => {
    const list = buildChecklist(
      overview({ policies: [policy("A", "patch"), policy("B", "needs-review"), policy("C", null), policy("D", "already-excluded")] }),
      notAttested,
    );
    expect(list.items[0]).toMatchObject({
      done: false,
      sentence: '3 of 4 policies may still apply to the service account: "A", "B", "C". Preview and apply the exclusion.',
    });
  });

  it("asks for the account first", () => {
    expect(buildChecklist(overview({ account: null }), notAttested).items[0]?.sentence).toBe("Choose the automation service account first.");
  });

  it("requires the dedicated policy to exist, to be enabled and to have no drift", () => {
    expect(done(buildChecklist(overview(), notAttested)).slice(1, 3)).toEqual([
      ["dedicated-exists", false],
      ["dedicated-enforced", false],
    ]);
    const reportOnly = buildChecklist(overview({ dedicated: dedicated("enabledForReportingButNotEnforced") }), notAttested);
    expect(done(reportOnly).slice(1, 3)).toEqual([
      ["dedicated-exists", true],
      ["dedicated-enforced", false],
    ]);
    expect(reportOnly.items[2]?.sentence).toMatch(/report-only: enforce it/);
    const drifted = buildChecklist(overview({ dedicated: dedicated("enabled", ["It has exclusions (x); it should have none."]) }), notAttested);
    expect(drifted.items[2]).toMatchObject({
      done: false,
      sentence: "The dedicated policy differs from the expected shape: It has exclusions (x); it should have none. Repair it.",
    });
    expect(buildChecklist(overview({ dedicated: dedicated("enabled") }), notAttested).items[2]?.done).toBe(true);
  });

  it("takes the trusted-IPs item from the attestation, with who, when and where to change it", () => {
    const open = buildChecklist(overview(), notAttested).items[3];
    expect(open).toMatchObject({ key: "trusted-ips-removed", done: false, link: MFA_SERVICE_SETTINGS_URL });
    const at = new Date("2026-11-24T01:02:03.000Z");
    const attested = buildChecklist(overview(), { trustedIpsRemovedAttestedAt: at, trustedIpsRemovedAttestedByUpn: "admin@msp.example" }).items[3];
    expect(attested).toMatchObject({
      done: true,
      attestedByUpn: "admin@msp.example",
      attestedAt: at,
      sentence: "Attested by admin@msp.example on 2026-11-24T01:02:03.000Z.",
    });
  });

  it("is done only when every item is", () => {
    const all = buildChecklist(overview({ dedicated: dedicated("enabled") }), { trustedIpsRemovedAttestedAt: new Date(), trustedIpsRemovedAttestedByUpn: "a" });
    expect(all.done).toBe(true);
    expect(buildChecklist(overview({ dedicated: dedicated("enabled") }), notAttested).done).toBe(false);
  });

  it("never assumes what could not be read", () => {
    const list = buildChecklist(null, notAttested, "Microsoft Graph was unavailable (503 after retries).");
    expect(done(list)).toEqual([
      ["excluded-everywhere", false],
      ["dedicated-exists", false],
      ["dedicated-enforced", false],
      ["trusted-ips-removed", false],
    ]);
    expect(list.items[0]?.sentence).toBe("The partner tenant's policies could not be read: Microsoft Graph was unavailable (503 after retries).");
  });
});
