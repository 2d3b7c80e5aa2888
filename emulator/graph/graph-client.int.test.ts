// The real @microsoft/microsoft-graph-client 3.0.7 against the emulator: list, get, create,
// PATCH (merge semantics), delete, paging with PageIterator, $batch, and the directory/GDAP reads.
import { BatchRequestContent, BatchResponseContent, GraphError, PageIterator, type Client } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CA_READ_ROLES, ROLE } from "@/emulator/contract";
import type { Tenant } from "@/emulator/fleet/model";
import { validateGraphValue } from "@/emulator/graph/schema";
import type { RunningEmulator } from "@/emulator/server";
import { appToken, delegatedToken, graphClient, startTestEmulator, tenantOfScenario } from "@/emulator/testing/clients";
import type { JsonObject } from "@/emulator/testing/clients";

type Json = JsonObject;

let em: RunningEmulator;
let healthy: Tenant;
let large: Tenant;
let client: Client;

const CA_APP_ROLES = ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"];
const POLICIES = "/identity/conditionalAccess/policies";

const minimalPolicy = (name: string) => ({
  displayName: name,
  state: "enabledForReportingButNotEnforced",
  conditions: { applications: { includeApplications: ["All"] }, users: { includeUsers: ["All"] } },
  grantControls: { operator: "OR", builtInControls: ["mfa"] },
});

beforeAll(async () => {
  em = await startTestEmulator();
  healthy = tenantOfScenario(em, "healthy");
  large = tenantOfScenario(em, "large");
  client = await graphClient(em, appToken(em, healthy.id, CA_APP_ROLES));
});

afterAll(async () => {
  await em?.close();
});

describe("Conditional Access policies through graph-client", () => {
  it("lists the tenant's policies in Graph's canonical shape", async () => {
    const res = (await client.api(POLICIES).get()) as Json;
    expect(res["@odata.context"]).toBe(`${em.url}/v1.0/$metadata#identity/conditionalAccess/policies`);
    expect(res.value.length).toBe(em.fleet.content(healthy).policies.size);
    for (const p of res.value) {
      expect(validateGraphValue("conditionalAccessPolicy", p, { mode: "response" })).toEqual([]);
      expect(Array.isArray(p.conditions.userRiskLevels)).toBe(true);
      expect(p.conditions).toHaveProperty("platforms");
      expect(p.grantControls === null || "authenticationStrength" in p.grantControls).toBe(true);
    }
  });

  it("creates, reads, patches with merge semantics, and deletes a policy", async () => {
    const created = (await client.api(POLICIES).post(minimalPolicy("Emulator test: merge"))) as Json;
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.modifiedDateTime).toBeNull();
    expect(created.templateId).toBeNull();
    expect(created.conditions.clientAppTypes).toEqual(["all"]);
    expect(created.conditions.users.excludeUsers).toEqual([]);
    expect(created.sessionControls).toBeNull();
    expect(created.grantControls.customAuthenticationFactors).toEqual([]);

    const partner = em.fleet.partner.id;
    const breakGlass = em.fleet.content(healthy).users[0]!.id; // a user the tenant has (Graph refuses unknown ones)
    await client.api(`${POLICIES}/${created.id}`).patch({
      conditions: {
        users: {
          excludeUsers: [breakGlass],
          excludeGuestsOrExternalUsers: {
            guestOrExternalUserTypes: "serviceProvider",
            externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: [partner] },
          },
        },
      },
      sessionControls: {
        signInFrequency: { isEnabled: true, type: "hours", value: 4, frequencyInterval: "timeBased", authenticationType: "primaryAndSecondaryAuthentication" },
      },
    });
    let p = (await client.api(`${POLICIES}/${created.id}`).get()) as Json;
    expect(p.conditions.users.includeUsers).toEqual(["All"]); // merged, not replaced
    expect(p.conditions.applications.includeApplications).toEqual(["All"]);
    expect(p.conditions.users.excludeUsers).toEqual([breakGlass]);
    expect(p.conditions.users.excludeGuestsOrExternalUsers.externalTenants.members).toEqual([partner]);
    expect(p.modifiedDateTime).not.toBeNull();
    expect(p.sessionControls.signInFrequency.value).toBe(4);

    // Arrays and flags strings are replaced wholesale; a polymorphic value is replaced whole; null clears.
    await client.api(`${POLICIES}/${created.id}`).patch({
      conditions: {
        users: {
          excludeUsers: [],
          excludeGuestsOrExternalUsers: {
            guestOrExternalUserTypes: "b2bCollaborationGuest,serviceProvider",
            externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" },
          },
        },
      },
      sessionControls: null,
    });
    p = (await client.api(`${POLICIES}/${created.id}`).get()) as Json;
    expect(p.conditions.users.excludeUsers).toEqual([]);
    expect(p.conditions.users.excludeGuestsOrExternalUsers.guestOrExternalUserTypes).toBe("b2bCollaborationGuest,serviceProvider");
    expect(p.conditions.users.excludeGuestsOrExternalUsers.externalTenants).toEqual({
      "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants",
      membershipKind: "all",
    });
    expect(p.sessionControls).toBeNull();

    await client.api(`${POLICIES}/${created.id}`).delete();
    const err = await client
      .api(`${POLICIES}/${created.id}`)
      .get()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).statusCode).toBe(404);
    expect((err as GraphError).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("pages a large tenant with absolute https nextLinks that PageIterator follows", async () => {
    const largeClient = await graphClient(em, appToken(em, large.id, CA_APP_ROLES));
    const first = (await largeClient.api(POLICIES).get()) as Json;
    expect(first.value).toHaveLength(100);
    expect(first["@odata.nextLink"]).toMatch(new RegExp(`^${em.url}/v1\\.0/identity/conditionalAccess/policies\\?\\$skiptoken=`));
    const ids: string[] = [];
    const iterator = new PageIterator(largeClient, first as never, (p: Json) => {
      ids.push(p.id);
      return true;
    });
    await iterator.iterate();
    expect(ids).toHaveLength(em.fleet.content(large).policies.size);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(100);
    const topped = (await largeClient.api(POLICIES).top(7).select("id,displayName").get()) as Json;
    expect(topped.value).toHaveLength(7);
    expect(Object.keys(topped.value[0]).sort()).toEqual(["displayName", "id"]);
    expect(topped["@odata.nextLink"]).toContain("$top=7");
  });
});

describe("$batch through graph-client's BatchRequestContent", () => {
  it("runs items with per-item status, dependsOn (424) and rejects version segments in item URLs", async () => {
    const created = (await client.api(POLICIES).post(minimalPolicy("Emulator test: batch"))) as Json;
    // graph-client keeps the path after the host: build item URLs without the version (docs/graph-contract.md §3.6).
    const req = (path: string, init?: RequestInit) => new Request(`${em.url}${path}`, init);
    const json = { "Content-Type": "application/json" };
    const steps = [
      { id: "1", request: req(POLICIES) },
      { id: "2", request: req(`${POLICIES}/${created.id}`, { method: "PATCH", body: JSON.stringify({ state: "disabled" }), headers: json }) },
      { id: "3", request: req(`${POLICIES}/00000000-0000-4000-8000-000000000000`) },
      { id: "5", request: req(`/v1.0${POLICIES}`) },
    ];
    const content = await new BatchRequestContent(steps).getContent();
    const raw = (await client.api("/$batch").post(content)) as Json;
    const items = new Map<string, Json>(raw.responses.map((r: Json) => [r.id, r]));
    expect(items.get("1")?.status).toBe(200);
    expect(items.get("1")?.headers["Content-Type"]).toMatch(/^application\/json/);
    expect(items.get("2")?.status).toBe(204);
    expect(items.get("2")).not.toHaveProperty("body");
    expect(items.get("3")?.status).toBe(404);
    expect(items.get("5")?.status).toBe(400);
    expect(items.get("5")?.body.error.message).toBe("Resource not found for the segment 'v1.0'.");
    const parsed = new BatchResponseContent(raw as never);
    expect((await parsed.getResponseById("1").json()).value.length).toBeGreaterThan(0);
    expect(parsed.getResponseById("2").status).toBe(204);

    // graph-client only builds serial/parallel dependency shapes; Graph accepts any acyclic dependsOn.
    const withDeps = (await client.api("/$batch").post({
      requests: [
        { id: "a", method: "GET", url: `${POLICIES}/00000000-0000-4000-8000-000000000000` },
        { id: "b", method: "GET", url: `${POLICIES}/${created.id}`, dependsOn: ["a"] },
        { id: "c", method: "PATCH", url: `${POLICIES}/${created.id}`, body: { displayName: "Emulator test: batch 2" }, headers: json },
        { id: "d", method: "GET", url: `${POLICIES}/${created.id}?$select=displayName`, dependsOn: ["c"] },
        { id: "e", method: "PATCH", url: `${POLICIES}/${created.id}`, body: { displayName: "x" }, headers: { "content-type": "text/plain;charset=UTF-8" } },
      ],
    })) as Json;
    const deps = new Map<string, Json>(withDeps.responses.map((r: Json) => [r.id, r]));
    expect(deps.get("a")?.status).toBe(404);
    expect(deps.get("b")?.status).toBe(424);
    expect(deps.get("c")?.status).toBe(204);
    expect(deps.get("d")?.body.displayName).toBe("Emulator test: batch 2");
    expect(deps.get("e")?.status).toBe(415);

    const log = em.log.list({ method: "PATCH", pathPrefix: `${POLICIES}/${created.id}` });
    expect(log.map((e) => e.requestBody)).toEqual([{ state: "disabled" }, { displayName: "Emulator test: batch 2" }]);
    expect(log.map((e) => e.batchItemId)).toEqual(["2", "c"]);
  });

  it("refuses a batch over 20 requests or with duplicate ids as a whole", async () => {
    const items = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: "GET", url: "/organization" }));
    const over = await client
      .api("/$batch")
      .post({ requests: items })
      .catch((e: unknown) => e);
    expect((over as GraphError).statusCode).toBe(400);
    const dup = await client
      .api("/$batch")
      .post({
        requests: [
          { id: "a", method: "GET", url: "/organization" },
          { id: "A", method: "GET", url: "/organization" },
        ],
      })
      .catch((e: unknown) => e);
    expect((dup as GraphError).statusCode).toBe(400);
  });
});

describe("directory, security defaults and GDAP reads", () => {
  it("finds users by UPN, name prefix, $select and pages them with $top", async () => {
    const users = em.fleet.content(large).users;
    const c = await graphClient(em, appToken(em, large.id, ["User.Read.All"]));
    const target = users[5]!;
    const eq = (await c.api("/users").filter(`userPrincipalName eq '${target.userPrincipalName.toUpperCase()}'`).get()) as Json;
    expect(eq.value.map((u: Json) => u.id)).toEqual([target.id]);
    const prefix = target.displayName.slice(0, 4);
    const sw = (await c.api("/users").filter(`startswith(displayName,'${prefix}')`).select("id,displayName,accountEnabled").get()) as Json;
    expect(sw.value.length).toBe(users.filter((u) => u.displayName.toLowerCase().startsWith(prefix.toLowerCase())).length);
    expect(Object.keys(sw.value[0]).sort()).toEqual(["accountEnabled", "displayName", "id"]);
    const byUpn = (await c.api(`/users/${encodeURIComponent(target.userPrincipalName)}`).get()) as Json;
    expect(byUpn.id).toBe(target.id);
    const paged = (await c.api("/users").top(100).get()) as Json;
    expect(paged.value).toHaveLength(100);
    expect(paged["@odata.nextLink"]).toBeDefined();
    const bad = await c
      .api("/users")
      .filter("jobTitle gt 'a'")
      .get()
      .catch((e: unknown) => e);
    expect((bad as GraphError).statusCode).toBe(400);
  });

  it("reads the organization, security defaults, relationships, assignments, customers and contracts", async () => {
    const partner = em.fleet.partner;
    const admin = em.fleet.staff[0]!;
    const token = delegatedToken(em, {
      tenantId: partner.id,
      userId: admin.id,
      upn: admin.userPrincipalName,
      scopes: ["User.Read", "Policy.Read.All", "DelegatedAdminRelationship.Read.All", "Directory.Read.All"],
      wids: admin.roleTemplateIds,
    });
    const c = await graphClient(em, token);
    const org = (await c.api("/organization").get()) as Json;
    expect(org.value).toHaveLength(1);
    expect(org.value[0].id).toBe(partner.id);
    expect(org.value[0].assignedPlans.map((p: Json) => p.servicePlanId)).toContain("41781fb2-bc02-4b7c-bd55-b576c07bb09d");
    const sd = (await c.api("/policies/identitySecurityDefaultsEnforcementPolicy").get()) as Json;
    expect(sd.isEnabled).toBe(false);
    const rels = (await c.api("/tenantRelationships/delegatedAdminRelationships").get()) as Json;
    // Several per customer for some (the one in use, an earlier expired one, a pending request).
    expect(rels.value).toHaveLength(em.fleet.relationships.length);
    expect(new Set(rels.value.map((r: Json) => r.customer.tenantId)).size).toBe(em.fleet.customers.length);
    const expired = tenantOfScenario(em, "gdap-expired");
    const filtered = (await c.api("/tenantRelationships/delegatedAdminRelationships").filter(`customer/tenantId eq '${expired.id}'`).get()) as Json;
    expect(filtered.value).toHaveLength(1);
    expect(filtered.value[0].status).toBe("expired");
    const assignments = (await c.api(`/tenantRelationships/delegatedAdminRelationships/${filtered.value[0].id}/accessAssignments`).get()) as Json;
    expect(assignments.value[0].accessContainer.accessContainerType).toBe("securityGroup");
    const readOnly = tenantOfScenario(em, "gdap-read-only");
    const ro = (await c.api("/tenantRelationships/delegatedAdminRelationships").filter(`customer/tenantId eq '${readOnly.id}'`).get()) as Json;
    expect(ro.value[0].accessDetails.unifiedRoles).toEqual([{ roleDefinitionId: ROLE.securityReader }]);
    const customers = (await c.api("/tenantRelationships/delegatedAdminCustomers").get()) as Json;
    expect(customers.value.map((x: Json) => x.tenantId).sort()).toEqual(em.fleet.customers.map((t) => t.id).sort());
    const contracts = (await c.api("/contracts").get()) as Json;
    expect(contracts.value).toHaveLength(em.fleet.customers.length);
    const named = (await (
      await graphClient(em, appToken(em, healthy.id, ["Policy.Read.All"]))
    )
      .api("/identity/conditionalAccess/namedLocations")
      .get()) as Json;
    expect(named.value.map((l: Json) => l["@odata.type"]).sort()).toEqual(["#microsoft.graph.countryNamedLocation", "#microsoft.graph.ipNamedLocation"]);
    expect(CA_READ_ROLES).toContain(ROLE.securityReader);
  });
});
