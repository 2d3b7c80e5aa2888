import { describe, expect, it } from "vitest";
import { describePolicy } from "./describe-policy";
import { describeOptionsFrom, labelOf, withNames, type ResolvedName } from "./name-maps";
import { policyReferences } from "./references";

const USER = "11111111-1111-4111-8111-111111111111";
const GROUP = "22222222-2222-4222-8222-222222222222";
const APP = "33333333-3333-4333-8333-333333333333";
const LOCATION = "44444444-4444-4444-8444-444444444444";
const TOU = "55555555-5555-4555-8555-555555555555";
const OTHER_TENANT = "66666666-6666-4666-8666-666666666666";
const PARTNER = "77777777-7777-4777-8777-777777777777";
const CUSTOM_ROLE = "88888888-8888-4888-8888-888888888888";
const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";
const EXCHANGE = "00000002-0000-0ff1-ce00-000000000000";

const policy = {
  id: "99999999-9999-4999-8999-999999999999",
  displayName: "Everything named",
  state: "enabled",
  conditions: {
    users: {
      includeUsers: ["All"],
      excludeUsers: [USER.toUpperCase(), "GuestsOrExternalUsers"],
      includeGroups: [],
      excludeGroups: [GROUP],
      includeRoles: [GLOBAL_ADMIN, CUSTOM_ROLE],
      excludeRoles: [],
      excludeGuestsOrExternalUsers: {
        guestOrExternalUserTypes: "serviceProvider",
        externalTenants: {
          "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
          membershipKind: "enumerated",
          members: [PARTNER, OTHER_TENANT],
        },
      },
    },
    applications: {
      includeApplications: [APP, EXCHANGE, "Office365"],
      excludeApplications: [],
      includeUserActions: [],
      includeAuthenticationContextClassReferences: ["c2"],
    },
    locations: { includeLocations: ["All"], excludeLocations: [LOCATION, "AllTrusted"] },
    clientAppTypes: ["all"],
  },
  grantControls: { operator: "AND", builtInControls: ["mfa"], termsOfUse: [TOU], customAuthenticationFactors: [] },
};

describe("policyReferences", () => {
  it("lists each id Graph must name, by kind, without keywords, static names or the partner", () => {
    expect(policyReferences([policy, { not: "a policy" }], { tenants: [PARTNER] })).toEqual({
      directoryObject: [USER, GROUP].sort(),
      role: [CUSTOM_ROLE],
      application: [APP],
      namedLocation: [LOCATION],
      termsOfUse: [TOU],
      authenticationContext: ["c2"],
      tenant: [OTHER_TENANT],
    });
  });
});

describe("names in descriptions", () => {
  const names: ResolvedName[] = [
    { kind: "directoryObject", id: USER, displayName: "Dana Lee", detail: "dana@contoso.example", status: "found" },
    { kind: "directoryObject", id: GROUP, displayName: null, status: "missing" },
    { kind: "role", id: CUSTOM_ROLE, displayName: "Service desk tier 1", status: "found" },
    { kind: "application", id: APP, displayName: "Expense Portal", status: "found" },
    { kind: "namedLocation", id: LOCATION, displayName: "Head office", detail: "trusted IP ranges 203.0.113.0/24", status: "found" },
    { kind: "termsOfUse", id: TOU, displayName: null, status: "unreadable" },
    { kind: "authenticationContext", id: "c2", displayName: "Admin actions", status: "found" },
    { kind: "tenant", id: OTHER_TENANT, displayName: null, status: "missing" },
  ];
  const options = describeOptionsFrom(names, { tenants: { [PARTNER]: "Tailwind (your MSP tenant)" } });

  it("labels: a name with what makes it recognisable; deleted, unknown or unreadable said in words", () => {
    expect(names.map(labelOf)).toEqual([
      "Dana Lee, dana@contoso.example",
      "deleted object",
      "Service desk tier 1",
      "Expense Portal",
      "Head office, trusted IP ranges 203.0.113.0/24",
      "name not readable",
      "Admin actions",
      "unknown tenant",
    ]);
  });

  it("every id of the policy is shown with its name, a deleted one as deleted object (id), never dropped", () => {
    const text = describePolicy(policy, options)
      .flatMap((s) => s.lines)
      .join("\n");
    expect(text).toContain(`Excludes users: Dana Lee, dana@contoso.example (${USER.toUpperCase()})`);
    expect(text).toContain(`Excludes groups: deleted object (${GROUP})`);
    expect(text).toContain(`directory roles: Global Administrator (${GLOBAL_ADMIN}), Service desk tier 1 (${CUSTOM_ROLE})`);
    expect(text).toContain(`Includes cloud apps: Expense Portal (${APP})`);
    expect(text).toContain(`Excludes locations: Head office, trusted IP ranges 203.0.113.0/24 (${LOCATION})`);
    expect(text).toContain(`Require accepting terms of use: name not readable (${TOU})`);
    expect(text).toContain("Applies to authentication contexts: Admin actions (c2)");
    expect(text).toContain(`tenants Tailwind (your MSP tenant) (${PARTNER}), unknown tenant (${OTHER_TENANT})`);
  });

  it("withNames puts names next to bare ids in other sentences, and leaves ids already in brackets alone", () => {
    expect(withNames(`not tenant ${PARTNER}; app ${APP} and (${APP}); ${"12345678-1234-4234-8234-123456789012"}`, options)).toBe(
      `not tenant Tailwind (your MSP tenant) (${PARTNER}); app Expense Portal (${APP}) and (${APP}); 12345678-1234-4234-8234-123456789012`,
    );
  });
});
