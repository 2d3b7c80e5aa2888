// The control plane: fleet description, faults (5xx, latency, 429 storm, licence, security
// defaults, GDAP status, a policy edited behind the portal's back), the request log and reset.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/emulator/server";
import { appToken, emulatorFetch, startTestEmulator } from "@/emulator/testing/clients";
import type { JsonObject } from "@/emulator/testing/clients";

type Json = JsonObject;
const POLICIES = "/v1.0/identity/conditionalAccess/policies";
const ROLES = ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"];

let em: RunningEmulator;

async function control(path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await emulatorFetch(
    em,
    path,
    body === undefined ? {} : { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } },
  );
  return { status: res.status, json: (await res.json()) as Json };
}

function tenant(tag: string) {
  return em.fleet.customers.find((t) => t.tags[0] === tag)!;
}

beforeAll(async () => {
  em = await startTestEmulator({ tenants: 20 });
});

afterAll(async () => {
  await em?.close();
});

beforeEach(async () => {
  await control("/_emulator/reset", {});
});

describe("GET /_emulator/fleet", () => {
  it("describes the partner, the app, staff with passwords, and every customer with tags", async () => {
    const { status, json } = await control("/_emulator/fleet");
    expect(status).toBe(200);
    expect(json.partner.tenantId).toBe(em.fleet.partner.id);
    expect(json.partner.domain).toBe("tailwindmsp.onmicrosoft.com");
    expect(json.partner.app.clientId).toBe(em.fleet.portalApp.clientId);
    expect(json.partner.app.clientSecret).toBe(em.fleet.portalApp.secrets[0]);
    expect(json.partner.serviceAccount.userPrincipalName).toBe("svc-automation@tailwindmsp.onmicrosoft.com");
    expect(
      json.partner.staff
        .filter((s: Json) => !s.guest)
        .map((s: Json) => s.portalRole)
        .filter(Boolean)
        .sort(),
    ).toEqual(["Portal.Admin", "Portal.Admin", "Portal.Operator", "Portal.Reader"]); // two admins: one asks, the other approves
    // A B2B guest of the partner tenant holds a portal role too (the portal must refuse it).
    expect(json.partner.staff.filter((s: Json) => s.guest)).toEqual([
      expect.objectContaining({ displayName: "Gale Guest (B2B guest)", portalRole: "Portal.Operator" }),
    ]);
    expect(json.customers).toHaveLength(20);
    for (const c of json.customers) {
      expect(c.tags.length).toBeGreaterThan(0);
      expect(c.gdap.length).toBeGreaterThan(0);
    }
    const scenarios = new Set(json.customers.map((c: Json) => c.scenario));
    for (const s of [
      "healthy",
      "missing-exclusion",
      "no-p1",
      "security-defaults",
      "gdap-expired",
      "gdap-terminated",
      "gdap-read-only",
      "no-app-consent",
      "large",
      "blocked-by-ca",
    ]) {
      expect(scenarios.has(s), s).toBe(true);
    }
  });
});

describe("POST /_emulator/app-role-assignments", () => {
  it("changes a partner user's portal app role (lowered, removed); the directory gives the new roles; reset restores them", async () => {
    const admin = em.fleet.staff.find((u) => u.portalRole === "Portal.Admin")!;
    const client = em.fleet.portalApp.clientId;
    expect(em.fleet.appRoles(client, admin.id)).toEqual(["Portal.Admin"]);

    const lowered = await control("/_emulator/app-role-assignments", { userPrincipalName: admin.userPrincipalName, role: "Portal.Reader" });
    expect(lowered).toEqual({ status: 200, json: { userPrincipalName: admin.userPrincipalName, portalRole: "Portal.Reader" } });
    expect(em.fleet.appRoles(client, admin.id)).toEqual(["Portal.Reader"]);

    expect((await control("/_emulator/app-role-assignments", { userPrincipalName: admin.userPrincipalName.toUpperCase(), role: null })).status).toBe(200);
    expect(em.fleet.appRoles(client, admin.id)).toEqual([]);
    const described = (await control("/_emulator/fleet")).json.partner.staff.find((s: Json) => s.id === admin.id);
    expect(described.portalRole).toBeNull();

    await control("/_emulator/reset", {});
    expect(em.fleet.appRoles(client, em.fleet.staff.find((u) => u.userPrincipalName === admin.userPrincipalName)!.id)).toEqual(["Portal.Admin"]);
  });

  it("refuses an unknown user, a customer's user and a role that is not the portal's", async () => {
    expect((await control("/_emulator/app-role-assignments", { userPrincipalName: "nobody@tailwindmsp.onmicrosoft.com", role: null })).status).toBe(404);
    const customerUser = em.fleet.users(tenant("healthy").id)[0]!;
    expect((await control("/_emulator/app-role-assignments", { userPrincipalName: customerUser.userPrincipalName, role: "Portal.Admin" })).status).toBe(404);
    expect((await control("/_emulator/app-role-assignments", { userPrincipalName: "admin@tailwindmsp.onmicrosoft.com", role: "Global.Admin" })).status).toBe(
      400,
    );
  });
});

describe("POST /_emulator/sign-ins/age", () => {
  it("validates its body and says how many remembered sign-ins it aged", async () => {
    expect((await control("/_emulator/sign-ins/age", { minutes: -1 })).status).toBe(400);
    expect(await control("/_emulator/sign-ins/age", { minutes: 20 })).toEqual({ status: 200, json: { aged: 0 } });
  });
});

describe("POST /_emulator/faults", () => {
  it("validates its body", async () => {
    expect((await control("/_emulator/faults", { errorRate: 2 })).status).toBe(400);
    expect((await control("/_emulator/faults", { nonsense: true })).status).toBe(400);
    expect((await control("/_emulator/faults", { securityDefaults: true })).status).toBe(400); // needs a tenant
    expect((await control("/_emulator/faults", { tenantId: "00000000-0000-4000-8000-000000000000", securityDefaults: true })).status).toBe(404);
  });

  it("injects 5xx at a rate, for one tenant only", async () => {
    const a = tenant("healthy");
    const b = tenant("missing-exclusion");
    await control("/_emulator/faults", { tenantId: a.id, errorRate: 1 });
    const failing = await emulatorFetch(em, "/v1.0/organization", { token: appToken(em, a.id, ["Directory.Read.All"]) });
    expect(failing.status).toBe(503);
    const fine = await emulatorFetch(em, "/v1.0/organization", { token: appToken(em, b.id, ["Directory.Read.All"]) });
    expect(fine.status).toBe(200);
  });

  it("adds latency (scaled by the time scale)", async () => {
    const a = tenant("healthy");
    await control("/_emulator/faults", { latencyMs: 100_000 }); // x 0.001 = 100 ms
    const started = performance.now();
    await emulatorFetch(em, "/v1.0/organization", { token: appToken(em, a.id, ["Directory.Read.All"]) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it("storms 429 on every CA request for N seconds, without Retry-After, and leaves other endpoints alone", async () => {
    const a = tenant("healthy");
    const token = appToken(em, a.id, ROLES);
    await control("/_emulator/faults", { tenantId: a.id, storm429Seconds: 200 }); // 200 ms at this scale
    const stormed = await emulatorFetch(em, POLICIES, { token });
    expect(stormed.status).toBe(429);
    expect(stormed.headers.get("retry-after")).toBeNull();
    expect((await emulatorFetch(em, "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy", { token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 250));
    expect((await emulatorFetch(em, POLICIES, { token })).status).toBe(200);
  });

  it("switches licence and security defaults", async () => {
    const a = tenant("healthy");
    const token = appToken(em, a.id, ROLES);
    await control("/_emulator/faults", { tenantId: a.id, licence: { entraP1: false } });
    expect((await emulatorFetch(em, POLICIES, { token })).status).toBe(403);
    await control("/_emulator/faults", { tenantId: a.id, licence: { entraP1: true }, securityDefaults: true });
    const sd = await emulatorFetch(em, "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy", { token });
    expect(((await sd.json()) as Json).isEnabled).toBe(true);
    const body = {
      displayName: "x",
      state: "enabled",
      conditions: { applications: { includeApplications: ["All"] }, users: { includeUsers: ["All"] } },
      grantControls: { operator: "OR", builtInControls: ["mfa"] },
    };
    const refused = await emulatorFetch(em, POLICIES, { token, method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
    expect(refused.status).toBe(400);
  });

  it("changes GDAP status, which the login directory reports", async () => {
    const a = tenant("healthy");
    const admin = em.fleet.staff[0]!;
    expect(em.fleet.gdap(em.fleet.partner.id, admin.id, a.id).kind).toBe("active");
    const { json } = await control("/_emulator/faults", { tenantId: a.id, gdapStatus: "terminated" });
    expect(json.faults).toBeDefined();
    expect(em.fleet.gdap(em.fleet.partner.id, admin.id, a.id)).toEqual({ kind: "inactive", status: "terminated" });
    const fleet = await control("/_emulator/fleet");
    expect(fleet.json.customers.find((c: Json) => c.tenantId === a.id).gdap[0].status).toBe("terminated");
  });

  it("edits a policy behind the portal's back (merge PATCH, modifiedDateTime moves)", async () => {
    const a = tenant("healthy");
    const [p] = [...em.fleet.content(a).policies.values()];
    const { status, json } = await control("/_emulator/faults", {
      tenantId: a.id,
      editPolicy: { policyId: p!.id, patch: { displayName: "Changed by someone else", conditions: { users: { excludeGuestsOrExternalUsers: null } } } },
    });
    expect(status).toBe(200);
    expect(json.policy.displayName).toBe("Changed by someone else");
    expect(json.policy.conditions.users.excludeGuestsOrExternalUsers).toBeNull();
    expect(json.policy.conditions.applications).toEqual((p as Json).conditions.applications);
    expect(json.policy.modifiedDateTime).not.toBe((p as Json).modifiedDateTime);
    const bad = await control("/_emulator/faults", { tenantId: a.id, editPolicy: { policyId: p!.id, patch: { bogus: 1 } } });
    expect(bad.status).toBe(400);
  });
});

describe("a customer's admin: /_emulator/tenants/{id}/policies", () => {
  async function send(method: string, path: string, body?: unknown) {
    const res = await emulatorFetch(em, path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as Json };
  }

  it("creates, edits and deletes policies; Graph then lists exactly that, with Graph's ids and times; nothing is logged as the portal's", async () => {
    const a = tenant("healthy");
    const base = `/_emulator/tenants/${a.id}/policies`;
    const seqBefore = em.log.list({}).at(-1)?.seq ?? 0;
    const created = await send("POST", base, {
      displayName: "Block all users (customer admin)",
      state: "enabledForReportingButNotEnforced",
      conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
      grantControls: { operator: "OR", builtInControls: ["block"] },
    });
    expect(created.status).toBe(201);
    expect(created.json.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.json.modifiedDateTime).toBeNull();
    expect(created.json.createdDateTime).toMatch(/Z$/);

    const edited = await send("PATCH", `${base}/${created.json.id}`, { state: "enabled" });
    expect(edited.status).toBe(200);
    expect(edited.json.state).toBe("enabled");
    expect(edited.json.modifiedDateTime).toMatch(/Z$/);
    expect(edited.json.conditions.users.includeUsers).toEqual(["All"]);

    const token = appToken(em, a.id, ROLES);
    const listed = (await (await emulatorFetch(em, POLICIES, { token })).json()) as Json;
    const seen = listed.value.find((p: Json) => p.id === created.json.id);
    expect(seen).toMatchObject({ state: "enabled", modifiedDateTime: edited.json.modifiedDateTime });
    // The admin's own list holds the same policies Graph listed.
    const adminList = await send("GET", base);
    expect(adminList.status).toBe(200);
    expect(adminList.json.value.map((p: Json) => p.id).sort()).toEqual(listed.value.map((p: Json) => p.id).sort());

    expect((await send("DELETE", `${base}/${created.json.id}`)).status).toBe(204);
    const after = (await (await emulatorFetch(em, POLICIES, { token })).json()) as Json;
    expect(after.value.some((p: Json) => p.id === created.json.id)).toBe(false);
    expect((await send("GET", "/_emulator/tenants/00000000-0000-4000-8000-000000000000/policies")).status).toBe(404);
    // Only the portal app's two list requests are in the log.
    expect(em.log.list({ sinceSeq: seqBefore + 1, tenantId: a.id }).map((r) => r.method)).toEqual(["GET", "GET"]);
  });

  it("refuses what Graph would refuse (schema, rules) and unknown tenants or policies", async () => {
    const a = tenant("healthy");
    const base = `/_emulator/tenants/${a.id}/policies`;
    expect((await send("POST", base, { displayName: "x", bogus: 1 })).status).toBe(400);
    const noControls = await send("POST", base, {
      displayName: "No controls",
      state: "enabled",
      conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] } },
    });
    expect(noControls.status).toBe(400);
    expect((await send("PATCH", `${base}/00000000-0000-4000-8000-000000000000`, { state: "disabled" })).status).toBe(404);
    expect((await send("DELETE", `/_emulator/tenants/00000000-0000-4000-8000-000000000000/policies/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });
});

describe("GET /_emulator/requests and POST /_emulator/reset", () => {
  it("logs every Graph request with tenant, caller, status and body; filters; reset clears it and the fleet", async () => {
    const a = tenant("healthy");
    const b = tenant("missing-exclusion");
    const [p] = [...em.fleet.content(a).policies.values()];
    const token = appToken(em, a.id, ROLES);
    const patch = { conditions: { users: { excludeUsers: [] } } };
    await emulatorFetch(em, `${POLICIES}/${String(p!.id)}`, {
      token,
      method: "PATCH",
      body: JSON.stringify(patch),
      headers: { "Content-Type": "application/json", "client-request-id": "11111111-2222-3333-4444-555555555555" },
    });
    await emulatorFetch(em, POLICIES, { token: appToken(em, b.id, ROLES) });
    const { json } = await control(`/_emulator/requests?tenant=${a.id}&method=PATCH&pathPrefix=/identity/conditionalAccess`);
    expect(json.value).toHaveLength(1);
    expect(json.value[0]).toMatchObject({
      method: "PATCH",
      tenantId: a.id,
      caller: "app",
      clientRequestId: "11111111-2222-3333-4444-555555555555",
      status: 204,
      requestBody: patch,
      apiVersion: "v1.0",
      appId: em.fleet.portalApp.clientId,
    });
    const since = await control(`/_emulator/requests?since=${encodeURIComponent(json.value[0].timestamp)}`);
    expect(since.json.value.length).toBe(2);
    expect(em.fleet.content(a).policies.get(String(p!.id))?.modifiedDateTime).not.toBe((p as Json).modifiedDateTime);

    await control("/_emulator/reset", {});
    expect((await control("/_emulator/requests")).json.value).toEqual([]);
    const restored = em.fleet.content(em.fleet.tenantById(a.id)!).policies.get(String(p!.id));
    expect(restored).toEqual(p);
  });

  it("is not served under /v1.0", async () => {
    const res = await emulatorFetch(em, "/v1.0/_emulator/fleet", { token: appToken(em, tenant("healthy").id, ROLES) });
    expect(res.status).toBe(400);
  });
});
