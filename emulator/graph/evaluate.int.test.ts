// POST /identity/conditionalAccess/evaluate through the real graph-client: What If for the partner's
// service provider, v1.0 and beta, its permissions and its 400s, and agreement with the real GDAP
// sign-in's own Conditional Access decision.
import type { Client } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tenant } from "@/emulator/fleet/model";
import { evaluateServiceProviderSignIn } from "@/emulator/login/ca-evaluation";
import type { RunningEmulator } from "@/emulator/server";
import { appToken, delegatedToken, graphClient, startTestEmulator, type JsonObject, refusal, tenantOfScenario } from "@/emulator/testing/clients";
import { AZURE_MANAGEMENT_APP_ID, partnerRolesIn } from "./evaluate";

const EVALUATE = "/identity/conditionalAccess/evaluate";
let em: RunningEmulator;
let blocked: Tenant;

const request = (partnerId: string, extra: JsonObject = {}): JsonObject => ({
  signInIdentity: { "@odata.type": "#microsoft.graph.userSignIn", externalTenantId: partnerId, externalUserType: "serviceProvider" },
  signInContext: { "@odata.type": "#microsoft.graph.applicationContext", includeApplications: [AZURE_MANAGEMENT_APP_ID] },
  signInConditions: { clientAppType: "browser", devicePlatform: "windows", ipAddress: "203.0.113.10" },
  ...extra,
});

beforeAll(async () => {
  em = await startTestEmulator({ timeScale: 0.001 });
  const t = tenantOfScenario(em, "blocked-by-ca");
  blocked = t;
});
afterAll(async () => {
  await em.close();
});

describe("evaluate", () => {
  it("answers every policy as a whatIfAnalysisResult, v1.0 and beta alike, with the least-privileged permission", async () => {
    const bodies: JsonObject[] = [];
    for (const version of ["v1.0", "beta"] as const) {
      const client: Client = await graphClient(em, appToken(em, blocked.id, ["Policy.Read.ConditionalAccess"]), { version });
      bodies.push((await client.api(EVALUATE).post(request(em.fleet.partner.id))) as JsonObject);
    }
    const [v1, beta] = bodies as [JsonObject, JsonObject];
    expect(v1["@odata.context"]).toMatch(/\/v1\.0\/\$metadata#Collection\(microsoft\.graph\.whatIfAnalysisResult\)$/);
    expect(v1.value).toHaveLength(em.fleet.policies(blocked.id).length);
    const verdicts = (b: JsonObject) => (b.value as JsonObject[]).map((r) => [r.id, r.policyApplies, r.analysisReasons]);
    expect(verdicts(beta)).toEqual(verdicts(v1));
    const first = (v1.value as JsonObject[])[0] as JsonObject;
    expect(first).toMatchObject({ "@odata.type": "#microsoft.graph.whatIfAnalysisResult", id: expect.any(String), conditions: expect.any(Object) });
    for (const r of v1.value as JsonObject[]) expect(r.policyApplies ? r.analysisReasons === "notSet" : r.analysisReasons !== "notSet").toBe(true);
  });

  it("says what the real GDAP sign-in decides: the policies that apply and block are those that refuse it (AADSTS53003)", async () => {
    const client = await graphClient(em, appToken(em, blocked.id, ["Policy.Read.All"]));
    const body = (await client.api(EVALUATE).post(request(em.fleet.partner.id, { appliedPoliciesOnly: true }))) as JsonObject;
    const applying = (body.value as JsonObject[]).filter((r) => r.state === "enabled" && r.grantControls?.builtInControls?.includes("compliantDevice"));
    expect(applying.length).toBeGreaterThan(0);
    expect((body.value as JsonObject[]).every((r) => r.policyApplies === true)).toBe(true);
    const technician = em.fleet.staff.find((u) => u.userPrincipalName.startsWith("admin@"));
    const signIn = evaluateServiceProviderSignIn(em.fleet.policies(blocked.id), em.fleet.namedLocations(blocked.id), {
      userId: technician?.id ?? null,
      partnerTenantId: em.fleet.partner.id,
      roleTemplateIds: partnerRolesIn(em.fleet, blocked),
      clientId: em.fleet.portalApp.clientId,
      clientAppType: "browser",
      amr: ["pwd", "mfa"],
      ipAddress: "203.0.113.10",
    });
    expect(signIn.kind).toBe("block");
    expect(signIn.kind === "block" ? signIn.blocking.map((v) => v.policyId).sort() : []).toEqual(applying.map((r) => r.id as string).sort());
  });

  it("refuses a caller without a Conditional Access read permission (403 AccessDenied), and a delegated caller without a reading role", async () => {
    const noPermission = await graphClient(em, appToken(em, blocked.id, ["User.Read.All"]));
    expect((await refusal(noPermission.api(EVALUATE).post(request(em.fleet.partner.id)))).statusCode).toBe(403);
    const technician = em.fleet.staff.find((u) => u.userPrincipalName.startsWith("technician@"));
    const noRole = await graphClient(
      em,
      delegatedToken(em, {
        tenantId: blocked.id,
        userId: technician?.id ?? "",
        upn: technician?.userPrincipalName ?? "",
        scopes: ["Policy.Read.All"],
        wids: [],
        homeTenantId: em.fleet.partner.id,
      }),
    );
    const e = await refusal(noRole.api(EVALUATE).post(request(em.fleet.partner.id)));
    expect([e.statusCode, e.code]).toEqual([403, "AccessDenied"]);
  });

  it.each<[string, JsonObject]>([
    ["no signInIdentity", { signInIdentity: undefined }],
    ["a service principal identity", { signInIdentity: { "@odata.type": "#microsoft.graph.servicePrincipalSignIn", servicePrincipalId: "x" } }],
    ["no application", { signInContext: { "@odata.type": "#microsoft.graph.applicationContext", includeApplications: [] } }],
    ["an unknown client app type", { signInConditions: { clientAppType: "fax" } }],
    ["an unknown condition", { signInConditions: { weather: "rain" } }],
  ])("400 for %s", async (_what, override) => {
    const client = await graphClient(em, appToken(em, blocked.id, ["Policy.Read.All"]));
    const e = await refusal(client.api(EVALUATE).post({ ...request(em.fleet.partner.id), ...override }));
    expect([e.statusCode, e.code]).toEqual([400, "BadRequest"]);
  });

  it("is a Conditional Access request: logged, and counted in the tenant's 1 request per second", async () => {
    const client = await graphClient(em, appToken(em, blocked.id, ["Policy.Read.All"]));
    await client.api(EVALUATE).post(request(em.fleet.partner.id));
    const logged = em.log.list({ tenantId: blocked.id, method: "POST", pathPrefix: EVALUATE });
    expect(logged.length).toBeGreaterThan(0);
  });
});
