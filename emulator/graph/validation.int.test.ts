// What Graph refuses, through the real graph-client: read-only fields and annotations (1007),
// schema mismatches, the documented CA rule errors, the policy cap, and the 403s for a missing
// role, missing scope and a missing Entra ID P1 licence.
import type { Client } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ROLE } from "@/emulator/contract";
import type { Tenant } from "@/emulator/fleet/model";
import {
  APPLICATIONS_MISSING_MESSAGE,
  EVERY_TIME_V1_MESSAGE,
  MALFORMED_MESSAGE,
  PASSWORD_CHANGE_MESSAGE,
  EVERY_TIME_WITH_PERIOD_MESSAGE,
  LEGACY_GUESTS_MESSAGE,
  SCHEMA_MISMATCH_MESSAGE,
  SECURITY_DEFAULTS_MESSAGE,
  policyCapMessage,
} from "@/emulator/graph/ca-rules";
import type { RunningEmulator } from "@/emulator/server";
import { appToken, delegatedToken, emulatorFetch, graphClient, startTestEmulator, refusal, tenantOfScenario } from "@/emulator/testing/clients";
import type { JsonObject } from "@/emulator/testing/clients";

type Json = JsonObject;
const POLICIES = "/identity/conditionalAccess/policies";
const CA_APP_ROLES = ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"];
const SCOPES = ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess", "User.Read.All"];

let em: RunningEmulator;
let tenant: Tenant;
let client: Client;

const policy = (extra: Json = {}): Json => ({
  displayName: "Emulator validation",
  state: "disabled",
  conditions: { applications: { includeApplications: ["All"] }, users: { includeUsers: ["All"] } },
  grantControls: { operator: "OR", builtInControls: ["mfa"] },
  ...extra,
});

beforeAll(async () => {
  em = await startTestEmulator();
  tenant = tenantOfScenario(em, "healthy");
  client = await graphClient(em, appToken(em, tenant.id, CA_APP_ROLES));
});

afterAll(async () => {
  await em?.close();
});

beforeEach(async () => {
  await emulatorFetch(em, "/_emulator/reset", { method: "POST" });
});

describe("read-only fields and annotations in a write", () => {
  it.each([
    ["id", { id: "6b5e999b-0ba8-4186-a106-e0296c1c4358" }],
    ["createdDateTime", { createdDateTime: "2024-01-01T00:00:00Z" }],
    ["modifiedDateTime (even null)", { modifiedDateTime: null }],
    ["templateId", { templateId: null }],
    ["@odata.context", { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies/$entity" }],
  ])("refuses %s on create with 1007", async (_name, extra) => {
    const e = await refusal(client.api(POLICIES).post(policy(extra)));
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe("BadRequest");
    expect(e.message).toBe(SCHEMA_MISMATCH_MESSAGE);
  });

  it("refuses a round-tripped GET body on PATCH (expanded authenticationStrength and its annotation)", async () => {
    const [first] = [...em.fleet.content(tenant).policies.values()];
    const live = (await client.api(`${POLICIES}/${String(first?.id)}`).get()) as Json;
    expect((await refusal(client.api(`${POLICIES}/${live.id}`).patch(live))).message).toBe(SCHEMA_MISMATCH_MESSAGE);
    const { grantControls } = live;
    const e = await refusal(client.api(`${POLICIES}/${live.id}`).patch({ grantControls }));
    expect(e.statusCode).toBe(400);
  });

  it("accepts @odata.type where the abstract external-tenants type needs it", async () => {
    const created = (await client.api(POLICIES).post(policy())) as Json;
    await client.api(`${POLICIES}/${created.id}`).patch({
      conditions: {
        users: {
          excludeGuestsOrExternalUsers: {
            guestOrExternalUserTypes: "serviceProvider",
            externalTenants: {
              "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
              membershipKind: "enumerated",
              members: [em.fleet.partner.id],
            },
          },
        },
      },
    });
    const after = (await client.api(`${POLICIES}/${created.id}`).get()) as Json;
    expect(after.conditions.users.excludeGuestsOrExternalUsers.guestOrExternalUserTypes).toBe("serviceProvider");
  });
});

describe("schema validation", () => {
  it.each([
    ["an unknown property", { conditions: { applications: { includeApplications: ["All"] }, users: { includeUsers: ["All"] }, deviceStates: null } }],
    ["an enum value outside the type", { state: "on" }],
    [
      "a flags member outside the type",
      {
        conditions: {
          applications: { includeApplications: ["All"] },
          users: { includeUsers: ["All"], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "serviceProvider,partnerTechnician" } },
        },
      },
    ],
    [
      "a flags value sent as an array",
      {
        conditions: {
          applications: { includeApplications: ["All"] },
          users: { includeUsers: ["All"], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: ["serviceProvider"] } },
        },
      },
    ],
    ["a missing required property", { displayName: undefined }],
    ["a wrong-cased property name", { GrantControls: { operator: "OR", builtInControls: ["mfa"] } }],
  ])("refuses %s with 1007", async (_name, extra) => {
    const e = await refusal(client.api(POLICIES).post(policy(extra)));
    expect(e.statusCode).toBe(400);
    expect(e.message).toBe(SCHEMA_MISMATCH_MESSAGE);
  });

  it("refuses null for a non-nullable property on PATCH", async () => {
    const created = (await client.api(POLICIES).post(policy())) as Json;
    const e = await refusal(client.api(`${POLICIES}/${created.id}`).patch({ conditions: null }));
    expect(e.message).toBe(SCHEMA_MISMATCH_MESSAGE);
  });
});

describe("documented CA rule errors", () => {
  it("refuses enabling a policy while security defaults are on, on create and on PATCH", async () => {
    const sd = tenantOfScenario(em, "security-defaults");
    const c = await graphClient(em, appToken(em, sd.id, CA_APP_ROLES));
    expect((await refusal(c.api(POLICIES).post(policy({ state: "enabled" })))).message).toBe(SECURITY_DEFAULTS_MESSAGE);
    const created = (await c.api(POLICIES).post(policy({ state: "enabledForReportingButNotEnforced" }))) as Json;
    expect((await refusal(c.api(`${POLICIES}/${created.id}`).patch({ state: "enabled" }))).message).toBe(SECURITY_DEFAULTS_MESSAGE);
    await c.api(`${POLICIES}/${created.id}`).patch({ displayName: "renamed while report-only" });
  });

  it("refuses the legacy GuestsOrExternalUsers keyword together with the guests object", async () => {
    const created = (await client.api(POLICIES).post(
      policy({
        conditions: { applications: { includeApplications: ["All"] }, users: { includeUsers: ["All"], excludeUsers: ["GuestsOrExternalUsers"] } },
      }),
    )) as Json;
    const e = await refusal(
      client.api(`${POLICIES}/${created.id}`).patch({
        conditions: {
          users: {
            excludeGuestsOrExternalUsers: {
              guestOrExternalUserTypes: "serviceProvider",
              externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" },
            },
          },
        },
      }),
    );
    expect(e.statusCode).toBe(400);
    expect(e.message).toBe(LEGACY_GUESTS_MESSAGE);
  });

  it("refuses everyTime sign-in frequency with type/value", async () => {
    const e = await refusal(
      client.api(POLICIES).post(
        policy({
          sessionControls: {
            signInFrequency: {
              isEnabled: true,
              frequencyInterval: "everyTime",
              type: "hours",
              value: 1,
              authenticationType: "primaryAndSecondaryAuthentication",
            },
          },
        }),
      ),
    );
    expect(e.message).toBe(EVERY_TIME_WITH_PERIOD_MESSAGE);
  });

  it("reproduces v1.0 refusing everyTime for all apps when the fault is on, while /beta accepts", async () => {
    const body = policy({
      sessionControls: { signInFrequency: { isEnabled: true, frequencyInterval: "everyTime", authenticationType: "primaryAndSecondaryAuthentication" } },
    });
    const accepted = (await client.api(POLICIES).post(body)) as Json;
    expect(accepted.sessionControls.signInFrequency).toMatchObject({ frequencyInterval: "everyTime", type: null, value: null });
    await emulatorFetch(em, "/_emulator/faults", { method: "POST", body: JSON.stringify({ v1RefusesEveryTimeForAllApps: true }) });
    expect((await refusal(client.api(POLICIES).post(body))).message).toBe(EVERY_TIME_V1_MESSAGE);
    const beta = await graphClient(em, appToken(em, tenant.id, CA_APP_ROLES), { version: "beta" });
    const viaBeta = (await beta.api(POLICIES).post(body)) as Json;
    expect(viaBeta["@odata.context"]).toContain("/beta/$metadata");
  });

  it("refuses the 241st policy of a tenant (cap 240, every state counts)", async () => {
    const large = tenantOfScenario(em, "large");
    const c = await graphClient(em, appToken(em, large.id, CA_APP_ROLES));
    const existing = em.fleet.content(large).policies.size;
    for (let i = existing; i < 240; i++) await c.api(POLICIES).post(policy({ displayName: `filler ${i}` }));
    expect(em.fleet.content(large).policies.size).toBe(240);
    const e = await refusal(c.api(POLICIES).post(policy({ displayName: "one too many" })));
    expect(e.statusCode).toBe(400);
    expect(e.message).toBe(policyCapMessage(240));
  });
});

describe("what Graph refuses that a lenient local cloud would accept", () => {
  it("refuses externalTenants without @odata.type (400 1007)", async () => {
    const created = (await client.api(POLICIES).post(policy())) as Json;
    const e = await refusal(
      client.api(`${POLICIES}/${created.id}`).patch({
        conditions: {
          users: {
            excludeGuestsOrExternalUsers: {
              guestOrExternalUserTypes: "serviceProvider",
              externalTenants: { membershipKind: "enumerated", members: [em.fleet.partner.id] },
            },
          },
        },
      }),
    );
    expect([e.statusCode, e.message]).toEqual([400, SCHEMA_MISMATCH_MESSAGE]);
  });

  it("answers 1011 to a create without an applications condition", async () => {
    const e = await refusal(client.api(POLICIES).post(policy({ conditions: { users: { includeUsers: ["All"] } } })));
    expect([e.statusCode, e.message]).toEqual([400, APPLICATIONS_MISSING_MESSAGE]);
  });

  it("refuses users and groups the tenant does not have, with Graph's generic message", async () => {
    const unknown = "11111111-1111-4111-8111-111111111111";
    for (const users of [
      { includeUsers: ["All"], excludeUsers: [unknown] },
      { includeUsers: ["All"], excludeGroups: [unknown] },
    ]) {
      const e = await refusal(client.api(POLICIES).post(policy({ conditions: { applications: { includeApplications: ["All"] }, users } })));
      expect([e.statusCode, e.message]).toEqual([400, MALFORMED_MESSAGE]);
    }
    const own = em.fleet.content(tenant);
    const created = (await client.api(POLICIES).post(
      policy({
        conditions: {
          applications: { includeApplications: ["All"] },
          users: { includeUsers: ["All"], excludeUsers: [own.users[0]!.id], excludeGroups: [own.groups[0]!.id] },
        },
      }),
    )) as Json;
    expect(created.conditions.users.excludeUsers).toEqual([own.users[0]!.id]);
  });

  it("puts 1032 in innerError.message under Graph's generic message", async () => {
    const res = await emulatorFetch(em, `/v1.0${POLICIES}`, {
      method: "POST",
      token: appToken(em, tenant.id, CA_APP_ROLES),
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(policy({ grantControls: { operator: "OR", builtInControls: ["passwordChange"] } })),
    });
    const body = (await res.json()) as Json;
    expect(res.status).toBe(400);
    expect([body.error.message, body.error.innerError.message]).toEqual([MALFORMED_MESSAGE, PASSWORD_CHANGE_MESSAGE]);
  });
});

describe("authorization and licence", () => {
  const technician = () => em.fleet.serviceAccount;

  function gdapToken(t: Tenant, wids: string[], scopes = SCOPES): string {
    const u = technician();
    return delegatedToken(em, { tenantId: t.id, userId: u.id, upn: u.userPrincipalName, scopes, wids, homeTenantId: em.fleet.partner.id });
  }

  it("lets a GDAP Security Reader read but not write (403 AccessDenied)", async () => {
    const c = await graphClient(em, gdapToken(tenant, [ROLE.securityReader]));
    const list = (await c.api(POLICIES).get()) as Json;
    expect(list.value.length).toBeGreaterThan(0);
    const e = await refusal(c.api(POLICIES).post(policy()));
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe("AccessDenied");
  });

  it("refuses list and get to a token with only Policy.ReadWrite.ConditionalAccess (Graph needs Policy.Read.All: 403 AccessDenied)", async () => {
    const id = [...em.fleet.content(tenant).policies.keys()][0]!;
    for (const token of [
      appToken(em, tenant.id, ["Policy.ReadWrite.ConditionalAccess"]),
      appToken(em, tenant.id, ["Policy.Read.ConditionalAccess"]),
      gdapToken(tenant, [ROLE.conditionalAccessAdministrator], ["Policy.ReadWrite.ConditionalAccess"]),
    ]) {
      const c = await graphClient(em, token);
      for (const request of [c.api(POLICIES).get(), c.api(`${POLICIES}/${id}`).get()]) {
        const e = await refusal(request);
        expect([e.statusCode, e.code]).toEqual([403, "AccessDenied"]);
      }
    }
  });

  it("lets a GDAP Conditional Access Administrator write", async () => {
    const c = await graphClient(em, gdapToken(tenant, [ROLE.conditionalAccessAdministrator]));
    const created = (await c.api(POLICIES).post(policy())) as Json;
    expect(created.id).toBeDefined();
  });

  it("refuses a delegated caller without any CA role, and an app without the roles", async () => {
    const noRole = await graphClient(em, gdapToken(tenant, []));
    expect((await refusal(noRole.api(POLICIES).get())).code).toBe("AccessDenied");
    const noScope = await graphClient(em, gdapToken(tenant, [ROLE.conditionalAccessAdministrator], ["User.Read"]));
    expect((await refusal(noScope.api(POLICIES).get())).statusCode).toBe(403);
    const readOnlyApp = await graphClient(em, appToken(em, tenant.id, ["Policy.Read.All"]));
    expect((await refusal(readOnlyApp.api(POLICIES).post(policy()))).statusCode).toBe(403);
  });

  it("answers 403 on CA endpoints of a tenant without Entra ID P1 (nothing in it names the licence), but serves security defaults", async () => {
    const noP1 = tenantOfScenario(em, "no-p1");
    const c = await graphClient(em, appToken(em, noP1.id, CA_APP_ROLES));
    const e = await refusal(c.api(POLICIES).get());
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe("AccessDenied");
    expect(e.message).not.toMatch(/licen[cs]|premium|P1/i);
    expect((await refusal(c.api("/identity/conditionalAccess/namedLocations").get())).statusCode).toBe(403);
    const sd = await graphClient(em, appToken(em, noP1.id, ["Policy.Read.All"]));
    expect(((await sd.api("/policies/identitySecurityDefaultsEnforcementPolicy").get()) as Json).isEnabled).toBe(false);
  });

  it("answers 401 InvalidAuthenticationToken for a missing, foreign or wrong-audience token", async () => {
    const none = await emulatorFetch(em, `/v1.0${POLICIES}`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as Json).error.code).toBe("InvalidAuthenticationToken");
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    const parts = appToken(em, tenant.id, CA_APP_ROLES).split(".");
    const payload = JSON.parse(Buffer.from(parts[1]!, "base64url").toString());
    const forged = [parts[0], Buffer.from(JSON.stringify({ ...payload, aud: "api://other" })).toString("base64url"), parts[2]].join(".");
    const bad = await emulatorFetch(em, `/v1.0${POLICIES}`, { token: forged });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
